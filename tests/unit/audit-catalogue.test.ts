// The audit catalogue (lib/audit/events/) is the one place an event type is spelled, with its payload, its
// sentence and what it changes; the client's modules of it stay free of zod. These read the sources, as a
// lint rule would.
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { affectsOf, auditAffects, auditEventAffects } from "@/lib/audit/events/affects";
import { auditPayloadSchemas } from "@/lib/audit/events/payloads";
import { allAuditTypes, auditTypes } from "@/lib/audit/events/types";
import { root, sources } from "../support/source-files";

const CATALOGUE = "lib/audit/events";

/** Event types written as strings in `text`: a catalogue type in quotes, or a type built from a template. */
export function literalEventTypes(text: string): string[] {
  const found: string[] = [];
  for (const type of allAuditTypes) {
    for (const quote of ['"', "'", "`"]) if (text.includes(`${quote}${type}${quote}`)) found.push(type);
  }
  const domains = [...new Set(allAuditTypes.map((type) => type.split(".")[0]))].join("|");
  for (const match of text.matchAll(new RegExp(`\`(?:${domains})\\.[a-z_]*\\$\\{`, "g"))) found.push(match[0]);
  const verbs = [...new Set(allAuditTypes.map((type) => type.split(".")[1]))].join("|");
  for (const match of text.matchAll(new RegExp(`\\$\\{[^}]+\\}\\.(?:${verbs})\``, "g"))) found.push(match[0]);
  return found;
}

describe("the audit catalogue", () => {
  it("gives every type a payload schema and what it changes, from the fixed vocabulary", () => {
    expect(Object.keys(auditPayloadSchemas).sort()).toEqual([...allAuditTypes].sort());
    expect(Object.keys(auditEventAffects).sort()).toEqual([...allAuditTypes].sort());
    for (const type of allAuditTypes) {
      for (const affect of auditEventAffects[type]) expect(auditAffects).toContain(affect);
    }
    expect(new Set(allAuditTypes).size).toBe(allAuditTypes.length);
  });

  it("says that an event of the release's timeline changes the timeline, and an item change names its item", () => {
    // (Taking over the lock is recorded for the project: no release's timeline shows it.)
    const releaseEvents = allAuditTypes.filter((type) => /^(release|item|signoff|deploy|rollback)\./.test(type) && type !== auditTypes.deployLockTakenOver);
    for (const type of releaseEvents) {
      expect(auditEventAffects[type], type).toContain("timeline");
    }
    expect(affectsOf(auditTypes.itemTicked)).toEqual(expect.arrayContaining(["item", "timeline"]));
    expect(affectsOf(auditTypes.itemTicked)).not.toContain("release");
    expect(affectsOf(auditTypes.stepStarted)).toContain("logs");
  });

  it("assumes an event of a type it does not know may have changed anything", () => {
    expect(affectsOf("release.incident_note_saved")).toEqual(auditAffects);
  });

  it("recognises a type written as a string", () => {
    expect(literalEventTypes(`await audit({ type: "item.ticked", payload })`)).toEqual(["item.ticked"]);
    expect(literalEventTypes("where: { type: 'deploy.step_approved' }")).toEqual(["deploy.step_approved"]);
    expect(literalEventTypes("type: `deploy.step_${status.toLowerCase()}`")).toEqual(["`deploy.step_${"]);
    expect(literalEventTypes("type: `${kind}.start_repeated`")).toEqual(["${kind}.start_repeated`"]);
    expect(literalEventTypes(`await audit({ type: auditTypes.itemTicked, payload })`)).toEqual([]);
  });

  it("is where event types are spelled: no module names one as a string", () => {
    const offenders = ["lib", "app", "components", "scripts", "bench"]
      .flatMap(sources)
      .filter((file) => !file.startsWith(CATALOGUE))
      .flatMap((file) => literalEventTypes(readFileSync(path.join(root, file), "utf8")).map((type) => `${file}: ${type}`));
    expect(offenders).toEqual([]);
  });

  it("keeps zod out of what client components import (the type names, the sentences, what events change)", () => {
    const reached = new Set<string>();
    const visit = (file: string) => {
      if (reached.has(file)) return;
      reached.add(file);
      const text = readFileSync(path.join(root, file), "utf8");
      // Type-only imports are erased from the bundle.
      for (const match of text.matchAll(/^import (?!type )[^;]*?from "([^"]+)";/gms)) {
        const specifier = match[1]!;
        expect(specifier, `${file} imports zod`).not.toBe("zod");
        const target = specifier.startsWith("@/") ? specifier.slice(2) : specifier.startsWith(".") ? path.join(path.dirname(file), specifier) : null;
        if (!target) continue;
        const resolved = [".ts", ".tsx", "/index.ts"].map((ext) => `${target}${ext}`).find((candidate) => {
          try {
            return statSync(path.join(root, candidate)).isFile();
          } catch {
            return false;
          }
        });
        if (resolved) visit(resolved);
      }
    };
    for (const file of ["types.ts", "affects.ts", "sentences.ts"]) visit(`${CATALOGUE}/${file}`);
    expect([...reached]).not.toContain(`${CATALOGUE}/payloads.ts`);
  });
});
