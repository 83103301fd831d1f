// Sticky bucketing for percentage rollouts. A targeting key's bucket depends only on the flag key and the
// targeting key (never on the percentage, the process or the time), so a key that is in the rollout at 10 %
// stays in at 50 %: raising the percentage only adds buckets. SHA-256 because it is in every runtime and
// every language a service might re-implement it in; its first 32 bits spread evenly enough over 10,000
// buckets (the modulo bias is below 10,000 / 2^32).
import { createHash } from "node:crypto";

/** Buckets per flag: a rollout percentage has two decimals of resolution in them. */
export const BUCKETS = 10_000;

/** The bucket, 0..9999, of `targetingKey` for the flag `flagKey`. */
export function bucketOf(flagKey: string, targetingKey: string): number {
  // The separator keeps ("a/b", "c") and ("a", "b/c") apart: a flag key has no "/" (lib/deploys/pipeline-schema.ts).
  const digest = createHash("sha256").update(`${flagKey}/${targetingKey}`, "utf8").digest();
  return digest.readUInt32BE(0) % BUCKETS;
}

/** Whether a bucket is inside a rollout of `percent` (0–100): the lowest percent × 100 buckets are. */
export function inRollout(bucket: number, percent: number): boolean {
  return bucket < Math.round(percent * (BUCKETS / 100));
}
