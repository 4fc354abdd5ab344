// Issue 9 #5: a stable bridge port per home (remembered, another free one when busy) and a session cookie name per home.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../../../main/core/agent/events';
import type { Handlers } from '../../../../main/core/api/dispatch';
import { repeatedHeaders, sessionCookieName } from '../../../../main/core/bridge/guard';
import { rememberedPortPath } from '../../../../main/core/bridge/listen';
import { startBridge, type Bridge } from '../../../../main/core/bridge/server';
import { createLogger } from '../../../../main/core/util/log';

const log = createLogger('test', { level: 'error', sink: () => {} });
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function tempHome(): Promise<string> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-port-'));
  cleanups.push(() => rm(home, { recursive: true, force: true }));
  return home;
}

const start = (home: string, port?: number): Promise<Bridge> =>
  startBridge({ home, handlers: {} as Handlers, bus: new EventBus(), log, port });

const remembered = async (home: string) =>
  (JSON.parse(await readFile(rememberedPortPath(home), 'utf8')) as { port: number }).port;

describe('bridge port', () => {
  it('is remembered per home: a restart listens on the same port', async () => {
    const home = await tempHome();
    const first = await start(home);
    await first.close();
    expect(await remembered(home)).toBe(first.port);
    const second = await start(home);
    cleanups.push(() => second.close());
    expect(second.port).toBe(first.port);
  });

  it('falls back to another free port when the remembered one is busy, and remembers that one', async () => {
    const home = await tempHome();
    const first = await start(home);
    await first.close();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(first.port, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => squatter.close(() => resolve())));
    const second = await start(home);
    cleanups.push(() => second.close());
    expect(second.port).not.toBe(first.port);
    expect(await remembered(home)).toBe(second.port);
  });

  it('an explicit port is used as given and not remembered; a busy explicit port is an error', async () => {
    const home = await tempHome();
    const any = await start(home, 0);
    cleanups.push(() => any.close());
    await expect(readFile(rememberedPortPath(home), 'utf8')).rejects.toThrow(/ENOENT/);
    await expect(start(await tempHome(), any.port)).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('session cookie name', () => {
  it('differs between homes and is stable for one home', async () => {
    const a = await tempHome();
    const b = await tempHome();
    expect(sessionCookieName(a)).toMatch(/^deskpilot_session_[0-9a-f]{12}$/);
    expect(sessionCookieName(a)).not.toBe(sessionCookieName(b));
    expect(sessionCookieName(`${a}/`)).toBe(sessionCookieName(a));
    const bridgeA = await start(a, 0);
    const bridgeB = await start(b, 0);
    cleanups.push(
      () => bridgeA.close(),
      () => bridgeB.close(),
    );
    expect(bridgeA.cookieName).toBe(sessionCookieName(a));
    // Signing in to B (its cookie) does not replace A's cookie: both live side by side in one browser.
    const login = async (bridge: Bridge) => (await fetch(bridge.loginUrl())).headers.get('set-cookie')!.split(';')[0]!;
    const cookieA = await login(bridgeA);
    const cookieB = await login(bridgeB);
    expect(cookieA.split('=')[0]).not.toBe(cookieB.split('=')[0]);
    const both = `${cookieA}; ${cookieB}`;
    expect((await fetch(bridgeA.url, { headers: { cookie: both } })).status).not.toBe(401);
    expect((await fetch(bridgeB.url, { headers: { cookie: both } })).status).not.toBe(401);
    expect((await fetch(bridgeA.url, { headers: { cookie: cookieB } })).status).toBe(401);
  });
});

describe('repeatedHeaders', () => {
  it('names Host, Origin and Authorization sent more than once, case-insensitively', () => {
    expect(repeatedHeaders(['Host', 'a', 'Accept', 'x', 'Accept', 'y'])).toEqual([]);
    expect(repeatedHeaders(['Host', 'a', 'host', 'b', 'Origin', 'o', 'ORIGIN', 'p', 'authorization', 'z'])).toEqual([
      'host',
      'origin',
    ]);
  });
});
