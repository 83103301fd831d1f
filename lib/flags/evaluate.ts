// Evaluating a boolean flag for one targeting key, as OFREP answers it (lib/flags/ofrep.ts). Pure: the flag
// row and the context in, the OpenFeature resolution out.
import { bucketOf, inRollout } from "./bucketing";
import { rolloutOf } from "./rollout";

export interface EvaluatedFlag {
  key: string;
  enabled: boolean;
  rolloutPercent: number;
}

/** OpenFeature reasons: a flag that is off is DISABLED, one on for all STATIC, a percentage SPLIT. */
export type FlagResolution =
  | { ok: true; key: string; value: boolean; variant: "on" | "off"; reason: "STATIC" | "SPLIT" | "DISABLED"; metadata: { rolloutPercent: number } }
  | { ok: false; key: string; errorCode: "TARGETING_KEY_MISSING"; errorDetails: string };

export function evaluateFlag(flag: EvaluatedFlag, targetingKey: string | null): FlagResolution {
  const percent = rolloutOf(flag);
  const metadata = { rolloutPercent: percent };
  if (percent <= 0) return { ok: true, key: flag.key, value: false, variant: "off", reason: "DISABLED", metadata };
  if (percent >= 100) return { ok: true, key: flag.key, value: true, variant: "on", reason: "STATIC", metadata };
  if (!targetingKey) {
    return { ok: false, key: flag.key, errorCode: "TARGETING_KEY_MISSING", errorDetails: `${flag.key} is rolled out to ${percent} %: send context.targetingKey (e.g. the user's id) so each user gets the same answer every time.` };
  }
  const on = inRollout(bucketOf(flag.key, targetingKey), percent);
  return { ok: true, key: flag.key, value: on, variant: on ? "on" : "off", reason: "SPLIT", metadata };
}
