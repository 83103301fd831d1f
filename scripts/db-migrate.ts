// npm run db:migrate: applies prisma/migrations to DATABASE_URL (or the embedded database) offline.
import { openDatabase } from "@/lib/db/local";
import { applyMigrations } from "@/lib/db/migrations";

const database = await openDatabase(console.log);
try {
  const applied = await applyMigrations(database.url);
  console.log(applied.length === 0 ? "Database is up to date." : `Applied ${applied.length} migration(s): ${applied.join(", ")}`);
} finally {
  await database.stop();
}
