// The login environment is read once from a login shell, and a slow or broken profile never holds a command up.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLoginEnvironment } from '../../../../main/core/tools/loginEnv';

let home: string;
afterEach(async () => rm(home, { recursive: true, force: true }));

async function homeWithProfile(profile: string): Promise<NodeJS.ProcessEnv> {
  home = await mkdtemp(path.join(tmpdir(), 'deskpilot-loginenv-'));
  await writeFile(path.join(home, '.bash_profile'), profile);
  return { PATH: process.env.PATH, HOME: home };
}

describe('login environment', () => {
  it('adds what the login profile exports', async () => {
    const base = await homeWithProfile('export DESKPILOT_PROFILE_VAR=from-profile\n');
    const env = await captureLoginEnvironment(base, 20_000);
    expect(env.DESKPILOT_PROFILE_VAR).toBe('from-profile');
    expect(env.HOME).toBe(home);
  });

  it('falls back to the base environment when the profile hangs', async () => {
    const base = await homeWithProfile('sleep 600\n');
    const env = await captureLoginEnvironment(base, 300);
    expect(env).toEqual(base);
  });

  it('falls back to the base environment when the profile fails', async () => {
    const base = await homeWithProfile('exit 3\n');
    expect(await captureLoginEnvironment(base, 20_000)).toEqual(base);
  });
});
