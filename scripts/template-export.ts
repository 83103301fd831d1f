// npm run template:export -- --name <name> [--out <file>]
// Prints a template as Markdown (or writes it to --out) in the shape `npm run template:import` reads back to the
// same template. Reads DATABASE_URL, or the embedded database like `npm run user:create`.
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { createPrismaClient } from "@/lib/db";
import { openDatabase } from "@/lib/db/local";
import { checklistToMarkdown } from "@/lib/templates/markdown-export";
import { getTemplateSnapshot } from "@/lib/templates/snapshot";

let values;
try {
  values = parseArgs({ options: { name: { type: "string" }, out: { type: "string" } } }).values;
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
if (!values.name?.trim()) {
  console.error("Usage: npm run --silent template:export -- --name <template name> [--out <file>]");
  console.error("error: --name is required.");
  process.exit(1);
}

const database = await openDatabase();
const prisma = createPrismaClient(database.url, 2);
try {
  const name = values.name.replace(/\s+/g, " ").trim();
  // The exact name first, then the same name in another case (names are unique regardless of case).
  const template =
    (await prisma.checklistTemplate.findUnique({ where: { name }, select: { id: true } })) ??
    (await prisma.checklistTemplate.findFirst({ where: { name: { equals: name, mode: "insensitive" } }, select: { id: true } }));
  const snapshot = template ? await getTemplateSnapshot(prisma, template.id) : null;
  if (!snapshot) {
    const names = await prisma.checklistTemplate.findMany({ where: { archivedAt: null }, orderBy: { name: "asc" }, select: { name: true } });
    console.error(`error: No template is named “${name}”.${names.length > 0 ? ` Templates: ${names.map((t) => t.name).join(", ")}.` : ""}`);
    process.exitCode = 1;
  } else if (values.out) {
    await writeFile(values.out, checklistToMarkdown(snapshot), "utf8");
    console.error(`Wrote “${snapshot.templateName}” to ${values.out}.`);
  } else {
    process.stdout.write(checklistToMarkdown(snapshot));
  }
} catch (error) {
  console.error(`error: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
  await database.stop();
}
