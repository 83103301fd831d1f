// npm run db:seed: seeds the demo (users, the gateway project, the default template, releases) into
// DATABASE_URL or the embedded database. Does nothing if the demo project already exists.
import { createPrismaClient } from "@/lib/db";
import { migrateDatabase, openDatabase } from "@/lib/db/local";
import { getLaunchEnv } from "@/lib/env";
import { formatLogins, saveDemoLogins, seedDemo } from "@/lib/seed/demo";

const database = await openDatabase(console.log);
const prisma = createPrismaClient(database.url, 2);
try {
  await migrateDatabase(database);
  const logins = await seedDemo(prisma, { password: getLaunchEnv().PREFLIGHT_DEMO_PASSWORD });
  if (!logins) {
    console.log("The demo is already seeded (project `gateway` exists); nothing changed.");
  } else {
    await saveDemoLogins(logins);
    console.log(`Seeded the demo. Logins:\n${formatLogins(logins)}`);
  }
} finally {
  await prisma.$disconnect();
  await database.stop();
}
