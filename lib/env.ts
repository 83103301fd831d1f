// Environment, validated once. A missing or malformed variable stops the process with a message that
// names it, instead of failing later in some unrelated place.
import { z } from "zod";

const envSchema = z.object({
  DATABASE_URL: z
    .string({ error: "DATABASE_URL is not set (npm start sets it for the embedded database)" })
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// connection string"),
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PREFLIGHT_DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  // Requests per minute per API token (lib/api/rate-limit.ts).
  PREFLIGHT_API_RATE_LIMIT: z.coerce.number({ error: "PREFLIGHT_API_RATE_LIMIT must be a number of requests per minute" }).int().min(1).max(1_000_000).default(120),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function getEnv(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}
