// Hardening (issue 8 #7 and Low): a graceful stop parks a pending approval exactly as a crash does, and the call runs
// once when it is decided after the restart; a server that reuses `call_1` in two sessions cannot cross their
// approvals. Written as the attacks: a real `deskpilot serve` stopped with SIGTERM, real bridge clients.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../preload/contract/events';
import { connectBridge } from '../../main/core/bridge/client';
import type { RuntimeClient } from '../../main/core/api/client';
import { scripted, startFakeModelServer } from '../support/fakeModelServer';
import { createHarness, type Harness } from '../support/runtimeHarness';
import { startServeProcess } from '../support/serveProcess';

/** Two serve starts and a turn on a loaded 2-core machine. */
const TEST_MS = 300_000;
const STEP_MS = 60_000;

const cleanups: Array<() => Promise<unknown> | unknown> = [];
let h: Harness | undefined;
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await h?.close();
  h = undefined;
});

/** Resolves with the first `agent/event` matching `predicate` seen by `client`, rejecting after `timeoutMs`. */
function nextEvent(client: RuntimeClient, predicate: (e: AgentEvent) => boolean, timeoutMs = STEP_MS) {
  return new Promise<AgentEvent>((resolve, reject) => {
    const timer = setTimeout(() => (off(), reject(new Error('the expected agent event never came'))), timeoutMs);
    const off = client.on('agent/event', (event) => {
      if (!predicate(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

describe('a graceful stop parks a pending approval (issue 8 #7)', () => {
  it(
    'SIGTERM to `deskpilot serve` with an approval pending keeps it; decided after the restart, the call runs once',
    async () => {
      const server = await startFakeModelServer();
      const home = await mkdtemp(path.join(os.tmpdir(), 'deskpilot-sec-park-'));
      cleanups.push(
        () => server.close(),
        () => rm(home, { recursive: true, force: true }),
      );
      await writeFile(
        path.join(home, 'settings.json'),
        JSON.stringify({
          credentialBackend: 'file',
          model: 'gpt-test',
          reasoningEffort: 'none',
          sandbox: 'full-access',
        }),
      );
      const env = { OPENAI_API_KEY: 'sk-test-sec-park-0000', OPENAI_BASE_URL: server.url, HOME: home };
      const marker = path.join(home, 'marker.log');
      server.enqueue(
        scripted.toolCalls({
          name: 'bash',
          arguments: { command: `echo ran >> ${marker}` },
          callId: 'call_park',
        }),
      );

      const first = await startServeProcess([], { home, env });
      cleanups.push(() => first.stop());
      const client = await connectBridge(home, 10_000);
      if (!client) throw new Error('could not connect to the first serve');
      client.setSessions('*');
      const parked = nextEvent(client, (e) => e.type === 'turn_completed' && e.stopReason === 'awaiting_approval');
      const sent = await client.invoke('chat/send', { sessionId: null, text: 'append a line', attachments: [] });
      await parked;
      const [pending] = await client.invoke('approval/list', {});
      expect(pending).toMatchObject({ callId: 'call_park', sessionId: sent.sessionId });
      await client.close();
      await first.stop();
      expect(first.child.exitCode).toBe(0);

      const second = await startServeProcess([], { home, env });
      cleanups.push(() => second.stop());
      const inbox = await connectBridge(home, 10_000);
      if (!inbox) throw new Error('could not connect to the second serve');
      cleanups.push(() => inbox.close());
      inbox.setSessions([sent.sessionId!]);
      expect(await inbox.invoke('approval/list', {})).toEqual([pending]);
      server.enqueue(scripted.text('appended after the restart'));
      const ended = nextEvent(inbox, (e) => e.type === 'turn_completed' && e.stopReason !== 'awaiting_approval');
      await inbox.invoke('approval/decide', {
        callId: 'call_park',
        sessionId: sent.sessionId!,
        decision: { type: 'allow_once' },
      });
      expect(await ended).toMatchObject({ stopReason: 'completed', turnId: sent.turnId });
      expect(await readFile(marker, 'utf8')).toBe('ran\n');

      const detail = await inbox.invoke('session/get', { sessionId: sent.sessionId! });
      const outputs = detail.entries.filter((e) => e.item.type === 'function_call_output');
      expect(outputs).toHaveLength(1);
      expect(JSON.stringify(outputs[0].item)).not.toMatch(/interrupted|not run/);
      expect(detail.entries.at(-1)!.item).toMatchObject({ type: 'message', role: 'assistant' });
      expect(await inbox.invoke('approval/list', {})).toEqual([]);
    },
    TEST_MS,
  );
});

describe('approvals are keyed by session and call id (issue 8, Low)', () => {
  it('a local server that reuses call_1 in two sessions: deciding one never runs or settles the other', async () => {
    h = await createHarness();
    const runtime = h.runtime;
    const fileA = path.join(h.home, 'a.txt');
    const fileB = path.join(h.home, 'b.txt');
    const call = (file: string) =>
      scripted.toolCalls({ name: 'write_file', arguments: { path: file, content: 'x' }, callId: 'call_1' });
    h.server.enqueue(call(fileA));
    const a = await runtime.send({ sessionId: null, text: 'a' });
    await h.waitFor((e) => e.sessionId === a.sessionId && e.type === 'turn_completed');
    h.server.enqueue(call(fileB));
    const b = await runtime.send({ sessionId: null, text: 'b' });
    await h.waitFor((e) => e.sessionId === b.sessionId && e.type === 'turn_completed');

    const ambiguous = runtime.approvals.decide('call_1', { type: 'allow_once' });
    expect(ambiguous.ok ? 'decided' : ambiguous.error.code).toBe('conflict');
    h.server.enqueue(scripted.text('b written'));
    expect(runtime.approvals.decide('call_1', { type: 'allow_once' }, b.sessionId).ok).toBe(true);
    expect((await b.done!).stopReason).toBe('completed');
    expect(await readFile(fileB, 'utf8')).toBe('x');
    await expect(readFile(fileA, 'utf8')).rejects.toThrow(/ENOENT/);
    expect(runtime.approvals.list().map((p) => [p.sessionId, p.callId])).toEqual([[a.sessionId, 'call_1']]);

    h.server.enqueue(scripted.text('a denied'));
    expect(runtime.approvals.decide('call_1', { type: 'deny', reason: 'not that one' }, a.sessionId).ok).toBe(true);
    expect((await a.done!).stopReason).toBe('completed');
    await expect(readFile(fileA, 'utf8')).rejects.toThrow(/ENOENT/);
  });
});
