// Credential-looking environment variables: withheld from tool commands, and taken out of process.env at start.

/** Environment variable names treated as credentials: anything containing KEY, SECRET, TOKEN or PASSWORD. */
export const SECRET_ENV_NAME = /KEY|SECRET|TOKEN|PASSWORD/i;

/**
 * Copies `env` and, when `env` is `process.env` itself, deletes every credential-looking variable
 * ({@link SECRET_ENV_NAME}) from `process.env` (issue 8 #10): the runtime keeps the copy, and nothing that inherits
 * or prints the process environment later (child processes, plugins, a tool) sees the secrets. Returns the copy.
 */
export function withdrawSecrets(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  if (env === process.env)
    for (const name of Object.keys(process.env)) if (SECRET_ENV_NAME.test(name)) delete process.env[name];
  return copy;
}
