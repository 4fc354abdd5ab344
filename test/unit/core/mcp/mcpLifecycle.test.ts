// MCP server lifecycle faults and transports: missing command, exit at once, no initialize answer, HTTP and SSE,
// secrets in the credential store, start-up not waiting for servers, add/remove/disable at run time.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mcpOf } from '../../../../main/core/mcp/service';
import { scripted } from '../../../support/fakeModelServer';
import { startHttpMcpServer, type HttpMcpServer } from '../../../support/mcpHttpServer';
import { testServerConfig, waitForMcp } from '../../../support/mcpWait';
import { createHarness, type Harness } from '../../../support/runtimeHarness';

let h: Harness;
let http: HttpMcpServer | undefined;
afterEach(async () => {
  await h?.close();
  await http?.close();
  http = undefined;
});

describe('MCP server faults', () => {
  it('a missing command, a server that exits at once and one that never answers initialize each fail clearly; the runtime and other servers go on', async () => {
    h = await createHarness({
      settings: {
        mcp: {
          servers: {
            missing: { command: 'deskpilot-no-such-mcp-server' },
            quits: testServerConfig('exit'),
            mute: testServerConfig('noinit', { startTimeoutMs: 3000 }),
            good: testServerConfig(),
          },
        },
      },
    });
    // The runtime answers at once while servers start.
    expect(h.runtime.status().version).toBeTruthy();
    const missing = await waitForMcp(h.runtime, 'missing', (s) => s.state === 'failed');
    expect(missing.reason).toContain('Command "deskpilot-no-such-mcp-server" was not found');
    const quits = await waitForMcp(h.runtime, 'quits', (s) => s.state === 'failed');
    expect(quits.reason).toContain('exited before it answered initialize');
    expect(quits.stderrTail).toContain('fatal: missing configuration file');
    const mute = await waitForMcp(h.runtime, 'mute', (s) => s.state === 'failed');
    expect(mute.reason).toContain('did not answer initialize within 3000 ms');
    await waitForMcp(h.runtime, 'good', (s) => s.state === 'ready');

    // A turn runs normally; the receipt names the failed servers.
    h.server.enqueue(scripted.text('fine'));
    const sent = await h.runtime.send({ sessionId: null, text: 'hello' });
    expect((await sent.done!).stopReason).toBe('completed');
    const gathered = h.events.find((e) => e.type === 'context_gathered');
    if (gathered?.type !== 'context_gathered') throw new Error('no context_gathered event');
    const receipt = gathered.receipt.find((r) => r.providerId === 'mcp')!;
    expect(receipt.detail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'good', state: 'ready' }),
        expect.objectContaining({ name: 'missing', state: 'failed' }),
      ]),
    );
    expect(receipt.text).toContain('missing: failed');
  }, 120_000);
});

describe('MCP over HTTP', () => {
  it('Streamable HTTP: header secrets go to the credential store, not settings.json, and reach the server', async () => {
    http = await startHttpMcpServer();
    h = await createHarness();
    const view = await mcpOf(h.runtime).add('remote', {
      url: http.url,
      headers: { Authorization: 'Bearer sk-mcp-secret-42' },
      args: [],
      env: {},
      enabled: true,
    });
    expect(view.secretKeys).toEqual(['header:Authorization']);
    const ready = await waitForMcp(h.runtime, 'remote', (s) => s.state === 'ready');
    expect(ready.transport).toBe('http');
    expect(http.authorizations).toContain('Bearer sk-mcp-secret-42');
    const settingsFile = await readFile(path.join(h.home, 'settings.json'), 'utf8');
    expect(settingsFile).not.toContain('sk-mcp-secret-42');
    expect(settingsFile).toContain('mcp.remote.headers.Authorization');

    h.server.enqueue(scripted.toolCalls({ name: 'remote__echo', arguments: { text: 'over http' }, callId: 'c1' }));
    h.server.enqueue(scripted.text('ok'));
    expect((await (await h.runtime.send({ sessionId: null, text: 'x' })).done!).stopReason).toBe('completed');
    const input = (
      h.server.requests.at(-1)!.body as { input: Array<{ type: string; call_id?: string; output?: string }> }
    ).input;
    expect(input.find((i) => i.type === 'function_call_output' && i.call_id === 'c1')?.output).toBe('echo: over http');

    expect(await mcpOf(h.runtime).remove('remote')).toBe(true);
    expect(h.runtime.tools.get('remote__echo')).toBeUndefined();
    expect(await h.runtime.credentials.get('mcp.remote.headers.Authorization')).toBeNull();
  }, 120_000);

  it('falls back to the legacy SSE transport when the server only speaks that', async () => {
    http = await startHttpMcpServer({ sse: true });
    h = await createHarness({ settings: { mcp: { servers: { old: { url: http.url } } } } });
    const ready = await waitForMcp(h.runtime, 'old', (s) => s.state === 'ready');
    expect(ready.transport).toBe('sse');
    expect(h.runtime.tools.get('old__echo')).toBeDefined();
  }, 120_000);

  it('disabling stops a server and removes its tools; enabling starts it again', async () => {
    h = await createHarness({ settings: { mcp: { servers: { test: testServerConfig() } } } });
    await waitForMcp(h.runtime, 'test', (s) => s.state === 'ready');
    await mcpOf(h.runtime).setEnabled('test', false);
    expect((await waitForMcp(h.runtime, 'test', (s) => s.state === 'disabled')).tools).toBe(0);
    expect(h.runtime.tools.get('test__echo')).toBeUndefined();
    await mcpOf(h.runtime).setEnabled('test', true);
    await waitForMcp(h.runtime, 'test', (s) => s.state === 'ready');
    expect(h.runtime.tools.get('test__echo')).toBeDefined();
  }, 120_000);
});
