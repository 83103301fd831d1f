// Environment values marked secret are write-only: the editor (form and YAML), the version diff and the dry run
// get them as •••• and never the value; a step sent back with •••• keeps the value its earlier version had. Pure.
export const SECRET_MASK = "••••";

interface EnvEntry {
  name: string;
  value: string;
  secret?: boolean;
}

const envOf = (step: unknown): EnvEntry[] | null => {
  if (!step || typeof step !== "object") return null;
  const config = (step as { config?: unknown }).config;
  const env = config && typeof config === "object" ? (config as { env?: unknown }).env : undefined;
  return Array.isArray(env) ? (env as EnvEntry[]) : null;
};

/** The steps with every secret environment value replaced by ••••; anything else as it was. */
export function maskSecretEnvValues<T>(steps: T): T {
  if (!Array.isArray(steps)) return steps;
  return steps.map((step) => {
    const env = envOf(step);
    if (!env || !env.some((v) => v?.secret === true)) return step;
    const s = step as { config: Record<string, unknown> };
    return { ...s, config: { ...s.config, env: env.map((v) => (v?.secret === true ? { ...v, value: SECRET_MASK } : v)) } };
  }) as T;
}

/**
 * Puts back the stored value of each secret environment value sent as ••••, from the earlier version's step
 * of the same name (and variable of the same name). Returns the problems for masks with nothing to restore.
 */
export function restoreSecretEnvValues<T extends { name: string }>(steps: T[], previous: unknown): { steps: T[]; problems: string[] } {
  const problems: string[] = [];
  const earlier = Array.isArray(previous) ? previous : [];
  const restored = steps.map((step, index) => {
    const env = envOf(step);
    if (!env || !env.some((v) => v.value === SECRET_MASK)) return step;
    const before = envOf(earlier.find((p: unknown) => (p as { name?: unknown })?.name === step.name)) ?? [];
    const s = step as unknown as { config: Record<string, unknown> };
    const next = env.map((v) => {
      if (v.value !== SECRET_MASK) return v;
      const old = before.find((b) => b.name === v.name && b.secret === true);
      if (!old) {
        problems.push(`step ${index + 1} (${step.name}) › config.env: The secret value of ${v.name} is not known: enter it again`);
        return v;
      }
      return { ...v, value: old.value };
    });
    return { ...s, config: { ...s.config, env: next } } as unknown as T;
  });
  return { steps: restored, problems };
}
