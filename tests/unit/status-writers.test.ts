// One writer for every status change (lib/lifecycle/write.ts): no other module writes the status column of a
// release, a deploy run or a step, so every move is checked against the state machines and keeps the lock
// and the release consistent. This reads the sources, as a lint rule would.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { root, sources } from "../support/source-files";

const WRITER = "lib/lifecycle/write.ts";
// The demo seed creates past releases in their final states directly: history, not moves.
const EXEMPT = new Set([WRITER, "lib/seed/demo.ts"]);

/** The text of the call that starts at `open` (an opening parenthesis), by matching parentheses. */
function callText(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return text.slice(open, i + 1);
  }
  return text.slice(open);
}

/** Places in `text` that write a status column of Release, DeployRun or DeployStep. */
export function statusWrites(text: string): string[] {
  const found: string[] = [];
  const prismaWrite = /\.(release|deployRun|deployStep)\.(update|updateMany|upsert|create|createMany)\(/g;
  for (const match of text.matchAll(prismaWrite)) {
    const call = callText(text, match.index + match[0].length - 1);
    const start = call.search(/\b(data|update|create)\s*:/);
    // `status: …` or the shorthand `{ status }` in what is written.
    if (start >= 0 && /\bstatus\s*[:,}]/.test(call.slice(start))) found.push(`${match[1]}.${match[2]}`);
  }
  // An assignment in the SET list (a status read in WHERE or RETURNING is not a write).
  const rawWrite = /UPDATE\s+"(Release|DeployRun|DeployStep)"\s+SET\s+(?:(?!\bWHERE\b|\bRETURNING\b)[^;`])*?"?\bstatus"?\s*=/gi;
  for (const match of text.matchAll(rawWrite)) found.push(`UPDATE "${match[1]}"`);
  return found;
}

describe("status columns", () => {
  it("recognises a status write, and not a status in a where clause", () => {
    expect(statusWrites(`await tx.deployRun.update({ where: { id }, data: { status: "QUEUED" } })`)).toEqual(["deployRun.update"]);
    expect(statusWrites(`await tx.release.updateMany({ where: { status: "READY" }, data: { title } })`)).toEqual([]);
    expect(statusWrites(`await db.deployStep.updateMany({ where: { id }, data: { status, finishedAt } })`)).toEqual(["deployStep.updateMany"]);
    expect(statusWrites(`await db.release.create({ data: { version, status: "READY" } })`)).toEqual(["release.create"]);
    expect(statusWrites("await tx.$executeRaw`UPDATE \"DeployStep\" SET status = 'FAILED' WHERE id = ${id}`")).toEqual(['UPDATE "DeployStep"']);
    expect(statusWrites('UPDATE "DeployRun" SET "heartbeatAt" = now() WHERE id = $1 RETURNING status::text AS status')).toEqual([]);
  });

  it(`are written only by ${WRITER}`, () => {
    const offenders = ["lib", "app", "components", "scripts"]
      .flatMap(sources)
      .filter((file) => !EXEMPT.has(file))
      .flatMap((file) => statusWrites(readFileSync(path.join(root, file), "utf8")).map((write) => `${file}: ${write}`));
    expect(offenders).toEqual([]);
  });
});
