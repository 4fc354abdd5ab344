// MCP tools through the real agent loop: a stdio test server (SDK) and the fake model server speaking the real wire.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mcpOf } from '../../../../main/core/mcp/service';
import { scripted } from '../../../support/fakeModelServer';
import { PIXEL_PNG } from '../../../support/mcpTestServer';
import { testServerConfig, waitForMcp } from '../../../support/mcpWait';
import { createHarness, type Harness } from '../../../support/runtimeHarness';

let h: Harness;
afterEach(async () => h?.close());

type Input = Array<{ type: string; call_id?: string; output?: unknown; role?: string; content?: unknown }>;

/** The function_call_output the model received for `callId` in the last request. */
function outputOf(callId: string): unknown {
  const input = (h.server.requests.at(-1)!.body as { input: Input }).input;
  return input.find((i) => i.type === 'function_call_output' && i.call_id === callId)?.output;
}

async function ready(settings: Record<string, unknown> = {}) {
  h = await createHarness({ settings: { mcp: { servers: { test: testServerConfig('normal', settings) } } } });
  return waitForMcp(h.runtime, 'test', (s) => s.state === 'ready');
}

describe('MCP tools in the agent loop', () => {
  it('registers the tools as <server>__<tool> with JSON Schema and risk from annotations; a read tool runs', async () => {
    const status = await ready();
    expect(status.tools).toBeGreaterThanOrEqual(8);
    expect(status.serverInfo).toBe('deskpilot-test 1.0.0');
    const tools = mcpOf(h.runtime).tools('test');
    const risk = Object.fromEntries(tools.map((t) => [t.tool, t.risk]));
    expect(risk).toMatchObject({ echo: 'read', shout: 'external', wipe: 'destructive' });
    const spec = h.runtime.tools.toModelSpecs().find((s) => s.name === 'test__echo')!;
    expect(spec.parameters).toMatchObject({
      type: 'object',
      properties: { text: { type: 'string' } },
      required: ['text'],
    });

    h.server.enqueue(
      scripted.toolCalls({ name: 'test__echo', arguments: { text: 'hi' }, callId: 'c1' }),
      scripted.text('done'),
    );
    const sent = await h.runtime.send({ sessionId: null, text: 'echo hi' });
    expect((await sent.done!).stopReason).toBe('completed');
    expect(outputOf('c1')).toBe('echo: hi');
    const first = h.server.requests[0].body as { tools: Array<{ name: string }> };
    expect(first.tools.map((t) => t.name)).toContain('test__echo');
  }, 90_000);

  it('an external tool asks; "allow every tool of this server" is a rule that covers the next calls', async () => {
    await ready();
    h.server.enqueue(
      scripted.toolCalls({ name: 'test__shout', arguments: { text: 'hey' }, callId: 'c1' }),
      scripted.text('ok'),
    );
    const sent = await h.runtime.send({ sessionId: null, text: 'shout' });
    const requested = await h.waitFor((e) => e.type === 'approval_requested');
    if (requested.type !== 'approval_requested') throw new Error('expected an approval request');
    const approval = requested.approval;
    expect(approval.risk).toBe('external');
    // The suggested "always" rule is the whole tool, not the exact arguments (they would never match again).
    expect(approval.suggestedRule).toEqual({ tool: 'test__shout', match: {} });
    h.runtime.approvals.decide(approval.callId, { type: 'allow_always' });
    await sent.done;
    expect(outputOf('c1')).toBe('HEY');

    const rule = await mcpOf(h.runtime).allow('test');
    expect(rule).toMatchObject({ tool: 'test__*', match: {} });
    h.server.enqueue(scripted.toolCalls({ name: 'test__wipe', arguments: {}, callId: 'c2' }), scripted.text('ok'));
    const wiped = await h.runtime.send({ sessionId: null, text: 'wipe' });
    // destructive still asks under on-request unless granted: the server rule grants it.
    expect((await wiped.done!).stopReason).toBe('completed');
    expect(outputOf('c2')).toBe('wiped');
    expect(h.events.filter((e) => e.type === 'approval_requested')).toHaveLength(1);
    expect(await h.runtime.grants.revokeRule(rule.id)).toBe(true);
  }, 90_000);

  it('an image result reaches the model as an image; isError reaches it as an error; structured content and links as text', async () => {
    await ready();
    h.server.enqueue(
      scripted.toolCalls(
        { name: 'test__pixel', arguments: {}, callId: 'img' },
        { name: 'test__fail', arguments: {}, callId: 'err' },
        { name: 'test__structured', arguments: {}, callId: 'st' },
      ),
      scripted.text('seen'),
    );
    const sent = await h.runtime.send({ sessionId: null, text: 'pixel' });
    expect((await sent.done!).stopReason).toBe('completed');
    expect(JSON.stringify(outputOf('img'))).toContain(PIXEL_PNG);
    expect(JSON.stringify(outputOf('img'))).toContain('input_image');
    expect(JSON.stringify(outputOf('err'))).toContain('Error from MCP server test: the database is locked');
    const structured = String(outputOf('st'));
    expect(structured).toContain('file:///tmp/report.txt');
    expect(structured).toContain('structured content: {"count":42}');
  }, 90_000);

  it('tools/list_changed adds the new tool to the registry', async () => {
    await ready();
    h.server.enqueue(scripted.toolCalls({ name: 'test__add_tool', arguments: { name: 'late' }, callId: 'c1' }));
    h.server.enqueue(scripted.text('added'));
    h.runtime.settings.update({ approvalPolicy: 'on-request' });
    await mcpOf(h.runtime).allow('test', 'test__add_tool');
    const sent = await h.runtime.send({ sessionId: null, text: 'add' });
    await sent.done;
    await waitForMcp(h.runtime, 'test', () => h.runtime.tools.get('test__late') !== undefined);
    expect(
      mcpOf(h.runtime)
        .tools('test')
        .map((t) => t.tool),
    ).toContain('late');
  }, 90_000);

  it('a hanging tool is cancelled on interrupt (the server sees notifications/cancelled) and on its timeout', async () => {
    const log = path.join(process.env.TMPDIR ?? '/tmp', `mcp-hang-${process.pid}-${Date.now()}.log`);
    await ready({ env: { MCP_TEST_LOG: log }, toolTimeoutMs: 60_000 });
    h.server.enqueue(scripted.toolCalls({ name: 'test__hang', arguments: {}, callId: 'c1' }));
    const sent = await h.runtime.send({ sessionId: null, text: 'hang' });
    await expect.poll(async () => readFile(log, 'utf8').catch(() => ''), { timeout: 30_000 }).toContain('hang started');
    await h.runtime.loop.interrupt(sent.sessionId);
    expect((await sent.done!).stopReason).toBe('interrupted');
    await expect
      .poll(async () => readFile(log, 'utf8').catch(() => ''), { timeout: 30_000 })
      .toContain('hang cancelled');

    await h.runtime.settings.update({ mcp: { servers: { test: { toolTimeoutMs: 500 } } } });
    await waitForMcp(h.runtime, 'test', (s) => s.state === 'ready');
    h.server.enqueue(scripted.toolCalls({ name: 'test__hang', arguments: {}, callId: 'c2' }), scripted.text('after'));
    const again = await h.runtime.send({ sessionId: null, text: 'hang again' });
    expect((await again.done!).stopReason).toBe('completed');
    expect(String(outputOf('c2'))).toContain('timed out after 500 ms');
    await expect
      .poll(async () => (await readFile(log, 'utf8')).split('hang cancelled').length - 1, { timeout: 30_000 })
      .toBe(2);
  }, 120_000);

  it('a crashing server is restarted with its tools, and its stderr tail is kept', async () => {
    await ready();
    h.server.enqueue(scripted.toolCalls({ name: 'test__crash', arguments: {}, callId: 'c1' }), scripted.text('ok'));
    const sent = await h.runtime.send({ sessionId: null, text: 'crash' });
    await sent.done;
    const failed = await waitForMcp(h.runtime, 'test', (s) => s.state === 'failed');
    expect(failed.reason).toContain('exited unexpectedly');
    expect(failed.stderrTail.join('\n')).toContain('crashing on purpose');
    expect(h.runtime.tools.get('test__echo')).toBeUndefined();
    const back = await waitForMcp(h.runtime, 'test', (s) => s.state === 'ready');
    expect(back.restarts).toBe(1);
    expect(h.runtime.tools.get('test__echo')).toBeDefined();
  }, 120_000);
});
