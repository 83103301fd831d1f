// How long deploy inputs may be: read by the zod schemas (schemas.ts) and by the dialogs' maxLength. No zod
// here: client components import this module.
export const DEPLOY_LIMITS = {
  /** Rollback, skip, cancel, lock take-over and flag reasons. */
  reasonChars: 500,
  /** An approval's comment. */
  commentChars: 2_000,
  pipelineSteps: 50,
  /** A pipeline step's name (template items bind to steps by it). */
  stepNameChars: 120,
  /** A SHELL step's environment variables, and the length of each value. */
  envVars: 100,
  envValueChars: 4_000,
  /** A SHELL step's argv (program and arguments, run without a shell), and the length of each. */
  argvItems: 200,
  argvItemChars: 4_000,
  /** An HTTP step's request headers, and the length of each value. */
  headers: 50,
  headerValueChars: 4_000,
} as const;

/** An environment variable's name in a SHELL step. */
export const ENV_VAR_NAME = /^[A-Z_][A-Z0-9_]*$/;
/** An HTTP header's name (RFC 9110 token). */
export const HTTP_HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The messages for the rules above: the same words from the form's inline checks and from the server's schema. */
export const STEP_FIELD_MESSAGES = {
  envName: "Environment variable names are UPPER_CASE letters, digits and _",
  envValue: `An environment value has at most ${DEPLOY_LIMITS.envValueChars.toLocaleString("en-US")} characters`,
  envCount: `A step has at most ${DEPLOY_LIMITS.envVars} environment variables`,
  envTwice: (name: string) => `${name} is set twice`,
  argvEmpty: "argv needs at least the program",
  argvItem: `An argument has at most ${DEPLOY_LIMITS.argvItemChars.toLocaleString("en-US")} characters`,
  argvCount: `argv has at most ${DEPLOY_LIMITS.argvItems} entries`,
  headerName: "A header name is letters, digits and - (no spaces or colons)",
  headerValue: `A header value has at most ${DEPLOY_LIMITS.headerValueChars.toLocaleString("en-US")} characters`,
  headerCount: `A step has at most ${DEPLOY_LIMITS.headers} headers`,
  headerTwice: (name: string) => `The header ${name} is set twice`,
} as const;
