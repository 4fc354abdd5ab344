// A temp Deskpilot home for tests: settings.json with the test defaults, and the environment a CLI process gets.
import { mkdtemp, realpath, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * What every test home starts with: credentials in the 0600 file (never the developer's keychain), the fake model
 * server's model, and no reasoning effort (the fake server ignores it; real requests must not send one).
 */
export const TEST_SETTINGS = { credentialBackend: 'file', model: 'gpt-test', reasoningEffort: 'none' } as const;

/** Writes `<home>/settings.json`: {@link TEST_SETTINGS} with `settings` over it. */
export async function writeTestSettings(home: string, settings: Record<string, unknown> = {}): Promise<void> {
  await writeFile(path.join(home, 'settings.json'), JSON.stringify({ ...TEST_SETTINGS, ...settings }));
}

/** Options of {@link createTestHome}. */
export interface TestHomeOptions {
  /** Temp folder name prefix, e.g. `deskpilot-cli-wakeups-`. */
  prefix: string;
  /** The fake model server's base URL (`OPENAI_BASE_URL`); omitted = no server. */
  serverUrl?: string;
  /** Settings over {@link TEST_SETTINGS}. */
  settings?: Record<string, unknown>;
  /** Extra environment entries for the CLI process. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Creates a temp home (its real path, so path checks see what the runtime sees) with settings.json, and the minimal
 * environment a CLI child process runs with: PATH, HOME and DESKPILOT_HOME pointing at it, a test API key and the
 * server URL. The caller removes the folder.
 */
export async function createTestHome(options: TestHomeOptions): Promise<{ home: string; env: NodeJS.ProcessEnv }> {
  const home = await realpath(await mkdtemp(path.join(os.tmpdir(), options.prefix)));
  await writeTestSettings(home, options.settings);
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    DESKPILOT_HOME: home,
    OPENAI_API_KEY: 'sk-test-000000',
    ...(options.serverUrl ? { OPENAI_BASE_URL: options.serverUrl } : {}),
    ...options.env,
  };
  return { home, env };
}
