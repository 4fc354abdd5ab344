// Tests the credential store against a REAL OS keychain (gnome-keyring in a private D-Bus session) and its fallbacks.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyringAvailable, runInKeyringSession, runScript, type ScriptRun } from '../../../support/keyring';
import type { ProbeReport } from './fixtures/keychainProbe';

const probeScript = fileURLToPath(new URL('./fixtures/keychainProbe.ts', import.meta.url));
const noKeytarHook = fileURLToPath(new URL('../../../support/noKeytar.mjs', import.meta.url));

let home: string;
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'deskpilot-cred-kc-'));
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

/** Parses the probe's JSON line; `killedOk` accepts a run the harness had to kill after it printed its report. */
function report(run: ScriptRun, killedOk = false): ProbeReport {
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if ((run.code !== 0 && !(killedOk && run.code === null)) || !line.startsWith('{')) {
    throw new Error(`keychain probe exited with ${run.code}\nstdout: ${run.stdout}\nstderr: ${run.stderr}`);
  }
  return JSON.parse(line) as ProbeReport;
}

function requireKeyring(): void {
  const available = keyringAvailable();
  if (!available.ok) throw new Error(`A real keychain is required for this test: ${available.why}`);
}

async function fileExists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe('CredentialStore with a real keychain', () => {
  it('stores, reads and deletes secrets in gnome-keyring and writes no credentials file', async () => {
    requireKeyring();
    const started = Date.now();
    const result = report(
      await runInKeyringSession(probeScript, { DESKPILOT_TEST_HOME: home, DESKPILOT_TEST_BACKEND: 'keychain' }),
    );
    console.info(`keychain session round trip: ${Date.now() - started} ms (store open ${result.openMs} ms)`);
    expect(result).toMatchObject({
      opened: true,
      backend: 'keychain',
      warning: null,
      readBackMatches: true,
      secondStoreMatches: true,
      rawKeychainMatches: true,
      hasAfterSet: true,
      deleted: true,
      afterDelete: null,
      deletedAgain: false,
      secretInLogs: false,
    });
    expect(await fileExists(join(home, 'credentials.json'))).toBe(false);
  });

  it("uses the keychain with 'auto' when a Secret Service answers", async () => {
    requireKeyring();
    const result = report(
      await runInKeyringSession(probeScript, { DESKPILOT_TEST_HOME: home, DESKPILOT_TEST_BACKEND: 'auto' }),
    );
    expect(result).toMatchObject({ opened: true, backend: 'keychain', warning: null, rawKeychainMatches: true });
    expect(await fileExists(join(home, 'credentials.json'))).toBe(false);
  });

  it('warns that a leftover credentials.json is ignored while the keychain is in use, and leaves it alone', async () => {
    requireKeyring();
    const leftover = `${JSON.stringify({ version: 1, secrets: { 'openai.apiKey': 'sk-leftover-0123456789' } })}\n`;
    await writeFile(join(home, 'credentials.json'), leftover, { mode: 0o600 });
    const result = report(
      await runInKeyringSession(probeScript, { DESKPILOT_TEST_HOME: home, DESKPILOT_TEST_BACKEND: 'auto' }),
    );
    expect(result).toMatchObject({ opened: true, backend: 'keychain', rawKeychainMatches: true });
    if (!result.opened) return;
    expect(result.warning).toContain(
      `${join(home, 'credentials.json')} exists but secrets are now kept in the OS keychain`,
    );
    expect(await readFile(join(home, 'credentials.json'), 'utf8')).toBe(leftover);
  });
});

/**
 * Plays a D-Bus daemon's side of the SASL handshake (https://dbus.freedesktop.org/doc/dbus-specification.html#auth-protocol)
 * and then never answers a message: a bus that accepts clients but whose calls hang.
 */
function silentAfterAuth(connection: Socket): void {
  let buffered = '';
  let authenticated = false;
  connection.setEncoding('latin1').on('data', (chunk: string) => {
    if (authenticated) return;
    buffered += chunk.replace(/^\0/, '');
    let end: number;
    while (!authenticated && (end = buffered.indexOf('\r\n')) >= 0) {
      const command = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (command === 'AUTH') connection.write('REJECTED EXTERNAL\r\n');
      else if (command === 'AUTH EXTERNAL') connection.write('DATA\r\n');
      else if (command.startsWith('AUTH EXTERNAL ') || command.startsWith('DATA'))
        connection.write('OK 0123456789abcdef0123456789abcdef\r\n');
      else if (command === 'NEGOTIATE_UNIX_FD') connection.write('AGREE_UNIX_FD\r\n');
      else if (command === 'BEGIN') authenticated = true;
      else connection.write('ERROR\r\n');
    }
  });
}

describe('keyringAvailable', () => {
  it('names the packages to install when the keyring tools are missing', () => {
    const path = process.env.PATH;
    process.env.PATH = home; // an empty directory: no dbus-run-session, no gnome-keyring-daemon
    try {
      const available = keyringAvailable();
      expect(available.ok).toBe(false);
      if (!available.ok) expect(available.why).toContain('apt-get install -y gnome-keyring dbus libsecret-1-dev');
    } finally {
      process.env.PATH = path;
    }
  });
});

describe('CredentialStore without keytar (optional dependency not built)', () => {
  it("falls back to the 0600 file with a warning naming keytar under 'auto', even with a Secret Service", async () => {
    requireKeyring();
    const result = report(
      await runInKeyringSession(probeScript, {
        DESKPILOT_TEST_HOME: home,
        DESKPILOT_TEST_BACKEND: 'auto',
        NODE_OPTIONS: `--import ${noKeytarHook}`,
      }),
    );
    if (!result.opened) throw new Error(`store did not open: ${result.error.message}`);
    expect(result.backend).toBe('file');
    expect(result.warning).toMatch(/keytar native module could not be loaded: Cannot find package 'keytar'/);
    expect(result.warning).toContain(`${join(home, 'credentials.json')} (mode 0600)`);
    expect(result).toMatchObject({ readBackMatches: true, secondStoreMatches: true, secretInLogs: false });
    expect((await stat(join(home, 'credentials.json'))).mode & 0o777).toBe(0o600);
  });

  it("fails clearly under 'keychain' instead of storing secrets elsewhere", async () => {
    requireKeyring();
    const result = report(
      await runInKeyringSession(probeScript, {
        DESKPILOT_TEST_HOME: home,
        DESKPILOT_TEST_BACKEND: 'keychain',
        NODE_OPTIONS: `--import ${noKeytarHook}`,
      }),
    );
    expect(result.opened).toBe(false);
    if (!result.opened) expect(result.error.message).toMatch(/keytar/);
    expect(await fileExists(join(home, 'credentials.json'))).toBe(false);
  });
});

describe('CredentialStore without a keychain', () => {
  const noBus = () => `unix:path=${join(home, 'no-such-bus')}`;

  it("falls back to the 0600 file with a warning under 'auto' when there is no D-Bus session", async () => {
    const result = report(
      await runScript(probeScript, {
        DESKPILOT_TEST_HOME: home,
        DESKPILOT_TEST_BACKEND: 'auto',
        DBUS_SESSION_BUS_ADDRESS: noBus(),
      }),
    );
    if (!result.opened) throw new Error(`store did not open: ${result.error.message}`);
    expect(result.backend).toBe('file');
    expect(result.warning).toMatch(
      /^No OS keychain is available \(cannot connect to the D-Bus session bus at unix:path=.*no-such-bus: ENOENT\); secrets are stored in /,
    );
    expect(result.warning).toContain(`${join(home, 'credentials.json')} (mode 0600)`);
    expect(result.warning).toContain('Install and unlock a Secret Service (gnome-keyring)');
    // The fallback is said when a secret is stored (credentialWarning), not as a warning on every start.
    expect(
      result.logLines.some((line) => line.includes('"level":"info"') && line.includes('No OS keychain is available')),
    ).toBe(true);
    expect(result.logLines.some((line) => line.includes('"level":"warn"'))).toBe(false);
    expect(result).toMatchObject({
      readBackMatches: true,
      secondStoreMatches: true,
      deleted: true,
      afterDelete: null,
      secretInLogs: false,
    });
    expect((await stat(join(home, 'credentials.json'))).mode & 0o777).toBe(0o600);
  });

  it("refuses backend 'keychain' when there is no D-Bus session, naming the reason", async () => {
    const result = report(
      await runScript(probeScript, {
        DESKPILOT_TEST_HOME: home,
        DESKPILOT_TEST_BACKEND: 'keychain',
        DBUS_SESSION_BUS_ADDRESS: noBus(),
      }),
    );
    expect(result.opened).toBe(false);
    if (result.opened) return;
    expect(result.error.name).toBe('KeychainUnavailableError');
    expect(result.error.message).toMatch(
      /^The OS keychain is not available \(cannot connect to the D-Bus session bus at .+: ENOENT\)\. .*'file' or 'auto'/,
    );
    expect(await fileExists(join(home, 'credentials.json'))).toBe(false);
  });

  describe('with a D-Bus socket that never answers', () => {
    let server: Server;
    let socket: string;
    beforeEach(async () => {
      socket = join(home, 'silent-bus');
      server = createServer((connection) => connection.resume());
      await new Promise<void>((resolve) => server.listen(socket, resolve));
    });
    afterEach(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it("gives up after the probe timeout, falls back to the file under 'auto', and can still exit", async () => {
      const run = await runScript(
        probeScript,
        {
          DESKPILOT_TEST_HOME: home,
          DESKPILOT_TEST_BACKEND: 'auto',
          DESKPILOT_TEST_PROBE_TIMEOUT_MS: '400',
          DBUS_SESSION_BUS_ADDRESS: `unix:path=${socket}`,
        },
        { timeoutMs: 15_000 },
      );
      const result = report(run);
      if (!result.opened) throw new Error(`store did not open: ${result.error.message}`);
      expect(result.backend).toBe('file');
      expect(result.warning).toContain(`the D-Bus session bus at unix:path=${socket} did not answer within 400 ms`);
      expect(result.openMs).toBeGreaterThanOrEqual(390);
      expect(result.openMs).toBeLessThan(5_000);
      expect(result.readBackMatches).toBe(true);
    });
  });

  describe('with a D-Bus socket that authenticates and then goes silent', () => {
    let server: Server;
    let socket: string;
    beforeEach(async () => {
      socket = join(home, 'stuck-bus');
      server = createServer(silentAfterAuth);
      await new Promise<void>((resolve) => server.listen(socket, resolve));
    });
    afterEach(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it("times the keytar probe out and falls back to the file under 'auto'", async () => {
      // The stuck native call cannot be cancelled and blocks process exit, so the harness kills the script once it has
      // printed its report line (the timing that matters, openMs, is measured inside the script).
      const run = await runScript(
        probeScript,
        {
          DESKPILOT_TEST_HOME: home,
          DESKPILOT_TEST_BACKEND: 'auto',
          DESKPILOT_TEST_PROBE_TIMEOUT_MS: '400',
          DBUS_SESSION_BUS_ADDRESS: `unix:path=${socket}`,
        },
        { timeoutMs: 60_000, killAfterStdout: /^\{.*\}$/m },
      );
      const result = report(run, true);
      if (!result.opened) throw new Error(`store did not open: ${result.error.message}`);
      expect(result.backend).toBe('file');
      expect(result.warning).toContain('the keychain probe failed: the OS keychain did not answer within');
      // Far above the 400 ms probe timeout so a loaded machine passes, far below a hang (which never ends).
      expect(result.openMs).toBeLessThan(10_000);
      expect(result.readBackMatches).toBe(true);
    });
  });
});
