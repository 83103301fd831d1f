// npm run template:import -- --file RELEASE_CHECKLIST.md [--project <slug>] [--name <name>] [--as <email>]
//                           [--replace-version] [--dry-run]
// Imports a Markdown checklist kept in a repository as a template: a new one, or the next version of the template
// with the same name. With --dry-run nothing is saved and no database is needed (the database modules are only
// loaded without it). The last line is `ok: <S> sections, <I> items, <N> sign-offs`, or `error: <reason>` with
// exit code 1.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { checkTemplateMarkdown, formatImportProblem, TEMPLATE_LIMITS } from "@/lib/templates/limits";
import type { ImportCounts } from "@/lib/templates/markdown-import";
import { titleFromFileName } from "@/lib/templates/slug";
import { VERSION_VARIABLE } from "@/lib/templates/version";

const USAGE =
  "Usage: npm run template:import -- --file RELEASE_CHECKLIST.md [--project <slug>] [--name <name>] [--as <email>] [--replace-version] [--dry-run]";

function fail(reason: string): never {
  console.log(`error: ${reason}`);
  process.exit(1);
}

function okLine(counts: ImportCounts): string {
  return `ok: ${counts.sections} sections, ${counts.items} items, ${counts.signoffs} sign-offs`;
}

let values;
try {
  values = parseArgs({
    options: {
      file: { type: "string" },
      project: { type: "string" },
      name: { type: "string" },
      as: { type: "string" },
      "replace-version": { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
    },
  }).values;
} catch (error) {
  console.log(USAGE);
  fail(error instanceof Error ? error.message : String(error));
}
if (!values.file) {
  console.log(USAGE);
  fail("--file is required.");
}

let markdown: string;
try {
  markdown = await readFile(values.file, "utf8");
} catch (error) {
  fail(`Cannot read ${values.file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : String(error)}.`);
}
if (markdown.length > TEMPLATE_LIMITS.markdownChars) {
  fail(`${values.file} is ${markdown.length.toLocaleString("en-US")} characters long; the limit is ${TEMPLATE_LIMITS.markdownChars.toLocaleString("en-US")}.`);
}

const options = { fallbackTitle: titleFromFileName(path.basename(values.file)), replaceVersion: values["replace-version"] };
const checked = checkTemplateMarkdown(markdown, options);
if (!checked.ok) {
  for (const warning of checked.warnings) console.log(`warning: ${formatImportProblem(warning)}`);
  checked.errors.forEach((problem, index) => {
    if (index < checked.errors.length - 1) console.log(`error: ${formatImportProblem(problem)}`);
  });
  fail(formatImportProblem(checked.errors.at(-1)!));
}
for (const warning of checked.warnings) console.log(`warning: ${formatImportProblem(warning)}`);
for (const section of checked.outline) console.log(`section: ${section.heading} → ${section.stage} (${section.items} items)`);
const offer = checked.versionOffer;
if (offer && !values["replace-version"]) {
  console.log(`note: ${offer.commands} command${offer.commands === 1 ? "" : "s"} contain ${offer.version}, the checklist's example version; --replace-version writes ${VERSION_VARIABLE} instead (${offer.after}).`);
}
const name = (values.name ?? checked.checklist.title).replace(/\s+/g, " ").trim().slice(0, TEMPLATE_LIMITS.nameChars).trim();
if (name === "") fail("The template needs a name: give --name.");

if (values["dry-run"]) {
  console.log(`dry run: nothing saved; it would be the template “${name}”.`);
  console.log(okLine(checked.counts));
  process.exit(0);
}

// Saving: only now are the database modules loaded.
const { saveImport } = await import("./template-import-save");
const saved = await saveImport({ markdown, name, options, projectSlug: values.project, actorEmail: values.as });
if (!saved.ok) fail(saved.reason);
console.log(saved.created ? `Created the template “${name}” (${saved.id}).` : `Saved a new version of the template “${name}” (${saved.id}).`);
console.log(okLine(checked.counts));
