import "server-only";
import { db } from "@/lib/db";
import type { EvaluatedFlag } from "./evaluate";

const evaluatedSelect = { key: true, enabled: true, rolloutPercent: true } as const;

/** One flag of the project, as OFREP evaluates it; null when the project has no flag with that key. */
export async function findFlagForEvaluation(projectId: string, key: string): Promise<EvaluatedFlag | null> {
  return db.featureFlag.findUnique({ where: { projectId_key: { projectId, key } }, select: evaluatedSelect });
}

/** Every flag of the project by key, as OFREP's bulk evaluation answers them. */
export async function listFlagsForEvaluation(projectId: string): Promise<EvaluatedFlag[]> {
  return db.featureFlag.findMany({ where: { projectId }, orderBy: { key: "asc" }, select: evaluatedSelect });
}
