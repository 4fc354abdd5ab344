// Wakeups in real `deskpilot serve` processes with the fake model server: a wakeup due in a few seconds fires and the
// server receives its prompt; SIGKILL before the due time and a later restart run it exactly once; two serves started
// at once on one home never both fire.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReceiptLine, Wakeup } from '../../../preload/contract/scheduler';
import { startFakeModelServer, scripted, type FakeModelServer } from '../../support/fakeModelServer';
import { askBridge, startServeProcess, type ServeProcess } from '../../support/serveProcess';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch(() => undefined);
});

/** A temp home pointed at a fresh fake model server; serves on it are stopped after the test. */
async function setup(): Promise<{ home: string; server: FakeModelServer; env: NodeJS.ProcessEnv }> {
  const home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-serve-wakeups-'));
  cleanups.push(() => rm(home, { recursive: true, force: true }));
  await writeFile(
    path.join(home, 'settings.json'),
    JSON.stringify({ credentialBackend: 'file', model: 'gpt-test', reasoningEffort: 'none', sandbox: 'full-access' }),
  );
  const server = await startFakeModelServer();
  cleanups.push(() => server.close());
  const env = {
    OPENAI_API_KEY: 'sk-test-key-123456',
    OPENAI_BASE_URL: server.url,
    CODEX_HOME: path.join(home, 'codex'),
  };
  return { home, server, env };
}

async function serve(home: string, env: NodeJS.ProcessEnv): Promise<ServeProcess> {
  const p = await startServeProcess([], { home, env });
  cleanups.push(() => p.stop());
  return p;
}

async function createWakeup(p: ServeProcess, draft: Record<string, unknown>): Promise<Wakeup> {
  const reply = (await askBridge(p.info, 'wakeup/create', draft)) as { ok: boolean; value: { wakeup: Wakeup } };
  expect(reply.ok, JSON.stringify(reply)).toBe(true);
  return reply.value.wakeup;
}

async function receiptLines(home: string, wakeupId: string): Promise<ReceiptLine[]> {
  const text = await readFile(path.join(home, 'runs', `${wakeupId}.jsonl`), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as ReceiptLine);
}

/** Requests whose input carries `text`. */
const requestsWith = (server: FakeModelServer, text: string) =>
  server.requests.filter((r) => JSON.stringify((r.body as { input?: unknown }).input ?? '').includes(text));

/** Resolves once the wakeup's receipt file has an `ended` line (polling the file), else rejects after `ms`. */
async function ended(home: string, wakeupId: string, ms = 90_000): Promise<ReceiptLine[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const lines = await receiptLines(home, wakeupId);
    if (lines.some((l) => l.phase === 'ended')) return lines;
    if (Date.now() > deadline) throw new Error(`no ended receipt for ${wakeupId}: ${JSON.stringify(lines)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the wall clock passes `iso` plus `extraMs` (the due time of a wakeup nothing may fire). */
async function until(iso: string, extraMs = 500): Promise<void> {
  const wait = Date.parse(iso) + extraMs - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

describe('wakeups in deskpilot serve', () => {
  it('fires a wakeup due in a few seconds: the model server receives its prompt', { timeout: 240_000 }, async () => {
    const { home, server, env } = await setup();
    const p = await serve(home, env);
    server.enqueue(scripted.text('The build finished green.'));
    const wakeup = await createWakeup(p, { prompt: 'check whether build 4711 finished', in: '4s' });
    const lines = await ended(home, wakeup.id);
    expect(lines.map((l) => l.phase)).toEqual(['claimed', 'started', 'ended']);
    expect(lines.at(-1)).toMatchObject({ status: 'succeeded', scheduledFor: wakeup.nextDueAt });
    expect(lines[0]).toMatchObject({ trigger: 'schedule', attempt: 1 });
    const started = Date.parse(lines[1].at) - Date.parse(wakeup.nextDueAt!);
    expect(started, 'the run starts right at its due time').toBeLessThan(3000);
    expect(requestsWith(server, 'check whether build 4711 finished')).toHaveLength(1);
  });

  it(
    'SIGKILL before the due time, restart later: the missed one-shot runs exactly once',
    { timeout: 300_000 },
    async () => {
      const { home, server, env } = await setup();
      const first = await serve(home, env);
      const wakeup = await createWakeup(first, { prompt: 'summarize inbox 0815', in: '3s' });
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));
      expect(await receiptLines(home, wakeup.id)).toEqual([]);
      await until(wakeup.nextDueAt!);

      server.enqueue(scripted.text('Inbox summarized.'));
      const second = await serve(home, env);
      const lines = await ended(home, wakeup.id);
      expect(lines.filter((l) => l.phase === 'claimed')).toHaveLength(1);
      expect(lines.at(-1)).toMatchObject({ phase: 'ended', status: 'succeeded', scheduledFor: wakeup.nextDueAt });
      expect(requestsWith(server, 'summarize inbox 0815')).toHaveLength(1);

      // A third start finds nothing left to do: the occurrence is not run again.
      await second.stop();
      const third = await serve(home, env);
      const shown = (await askBridge(third.info, 'wakeup/get', { wakeupId: wakeup.id })) as {
        value: { wakeup: Wakeup; receipts: unknown[] };
      };
      expect(shown.value.wakeup).toMatchObject({
        nextDueAt: null,
        queue: [],
        inFlight: null,
        last: { status: 'succeeded' },
      });
      expect(shown.value.receipts).toHaveLength(1);
      expect((await receiptLines(home, wakeup.id)).filter((l) => l.phase === 'claimed')).toHaveLength(1);
      expect(requestsWith(server, 'summarize inbox 0815')).toHaveLength(1);
    },
  );

  it(
    'two serves started at once on one home: one owns it, the due wakeup runs once',
    { timeout: 300_000 },
    async () => {
      const { home, server, env } = await setup();
      const first = await serve(home, env);
      const wakeup = await createWakeup(first, { prompt: 'water the plants 42', in: '3s' });
      first.child.kill('SIGKILL');
      await new Promise((r) => first.child.once('exit', r));
      await until(wakeup.nextDueAt!);

      server.enqueue(scripted.text('Plants watered.'), scripted.text('Plants watered again.'));
      const results = await Promise.allSettled([serve(home, env), serve(home, env)]);
      const started = results.filter((r) => r.status === 'fulfilled');
      const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(started).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect(String(refused[0].reason)).toMatch(/already running/);
      const lines = await ended(home, wakeup.id);
      expect(lines.filter((l) => l.phase === 'claimed')).toHaveLength(1);
      expect(requestsWith(server, 'water the plants 42')).toHaveLength(1);
    },
  );
});
