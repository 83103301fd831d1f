// npm run db:migrate: applies prisma/migrations offline as the owner (MIGRATION_DATABASE_URL, else DATABASE_URL,
// else the embedded database), creates pg-boss's tables and grants the app's role its privileges.
import { migrateDatabase, openDatabase } from "@/lib/db/local";
import { prepareQueue } from "@/lib/deploys/queue";

const database = await openDatabase(console.log);
try {
  const applied = await migrateDatabase(database, prepareQueue);
  console.log(applied.length === 0 ? "Database is up to date." : `Applied ${applied.length} migration(s): ${applied.join(", ")}`);
} finally {
  await database.stop();
}
