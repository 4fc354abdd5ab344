// The fake model server itself, read with plain fetch: SSE framing, auth, queue/handler, errors, cut and hang.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scripted, startFakeModelServer, type FakeModelServer } from '../../../support/fakeModelServer';

let server: FakeModelServer;
beforeEach(async () => {
  server = await startFakeModelServer();
});
afterEach(async () => {
  await server.close();
});

function post(path: string, body: unknown, headers: Record<string, string> = { authorization: 'Bearer sk-test' }) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** Splits an SSE body into records of `{event, data}` (data parsed unless it is `[DONE]`). */
function records(text: string): Array<{ event?: string; data: unknown }> {
  return text
    .split('\n\n')
    .filter((r) => r.trim() !== '')
    .map((r) => {
      const lines = r.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines.find((l) => l.startsWith('data: '))?.slice(6) ?? '';
      return { event, data: data === '[DONE]' ? data : JSON.parse(data) };
    });
}

describe('fake model server', () => {
  it('streams Responses events framed like the real API', async () => {
    server.enqueue({
      kind: 'response',
      outputs: [
        { type: 'reasoning', summary: ['Plan.'] },
        { type: 'text', text: 'Hi!', deltas: 2 },
        { type: 'function_call', name: 'read_file', arguments: '{"path":"a"}', callId: 'call_x' },
      ],
    });
    const res = await post('/responses', { model: 'gpt-test', input: [], stream: true });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const events = records(await res.text());
    for (const [i, r] of events.entries()) {
      const data = r.data as { type: string; sequence_number: number };
      expect(r.event).toBe(data.type);
      expect(data.sequence_number).toBe(i);
    }
    const types = events.map((r) => (r.data as { type: string }).type);
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(types.filter((t) => t === 'response.output_text.delta')).toHaveLength(2);
    expect(types).toContain('response.reasoning_summary_text.delta');
    const payloads = events.map((r) => r.data as { type: string; item?: { type: string } });
    const added = payloads.find((d) => d.type === 'response.output_item.added' && d.item?.type === 'function_call');
    expect(added?.item).toMatchObject({ call_id: 'call_x', name: 'read_file', arguments: '' });
    const last = events[events.length - 1].data as {
      type: string;
      response: { id: string; output: Array<{ type: string; encrypted_content?: string }>; usage: unknown };
    };
    expect(last.type).toBe('response.completed');
    expect(last.response.id).toMatch(/^resp_/);
    expect(last.response.output.map((o) => o.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(last.response.output[0].encrypted_content).toMatch(/^gAAAA/);
    expect(last.response.usage).toMatchObject({ input_tokens: 10, output_tokens: 5, total_tokens: 15 });
  });

  it('streams data-only Chat Completions chunks with a usage chunk and [DONE]', async () => {
    server.enqueue(scripted.text('Hello'));
    const res = await post(
      '/chat/completions',
      { model: 'local', messages: [], stream: true, stream_options: { include_usage: true } },
      {},
    );
    const events = records(await res.text());
    expect(events.every((r) => r.event === undefined)).toBe(true);
    expect(events[events.length - 1].data).toBe('[DONE]');
    const usage = events[events.length - 2].data as { choices: unknown[]; usage: unknown };
    expect(usage.choices).toEqual([]);
    expect(usage.usage).toMatchObject({ prompt_tokens: 10, completion_tokens: 5 });
    const finish = events[events.length - 3].data as { choices: Array<{ finish_reason: string | null }> };
    expect(finish.choices[0].finish_reason).toBe('stop');
  });

  it('requires a bearer token on /responses and answers 401 with the real error shape', async () => {
    const res = await post('/responses', { model: 'm' }, {});
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param: null, code: null });
    expect(body.error.message).toContain("You didn't provide an API key");
    const open = await startFakeModelServer({ requireAuth: false });
    open.enqueue(scripted.text('ok'));
    const ok = await fetch(`${open.url}/responses`, { method: 'POST', body: '{"model":"m"}' });
    expect(ok.status).toBe(200);
    await ok.text();
    await open.close();
  });

  it('answers from the handler when the queue is empty, and 500 when there is neither', async () => {
    const empty = await post('/responses', { model: 'm' });
    expect(empty.status).toBe(500);
    expect(empty.headers.get('x-should-retry')).toBe('false');
    expect(((await empty.json()) as { error: { message: string } }).error.message).toContain('no scripted turn left');
    server.setHandler((req) => scripted.text(`echo ${(req.body as { model: string }).model}`));
    const res = await post('/responses', { model: 'from-handler' });
    expect(await res.text()).toContain('echo from-handler');
    expect(server.requests.map((r) => r.path)).toEqual(['/v1/responses', '/v1/responses']);
  });

  it('sends http errors with the default body and the given headers', async () => {
    server.enqueue(scripted.httpError(429, { headers: { 'retry-after': '1', 'x-should-retry': 'true' } }));
    const res = await post('/responses', { model: 'gpt-test' });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(((await res.json()) as { error: Record<string, unknown> }).error).toMatchObject({
      code: 'rate_limit_exceeded',
      param: null,
    });
  });

  it('drops the connection after N events for a cut turn', async () => {
    server.enqueue({ kind: 'cut', outputs: [{ type: 'text', text: 'abc' }], afterEvents: 2 });
    const res = await post('/responses', { model: 'm' });
    await expect(res.text()).rejects.toThrow();
  });

  it('holds a hanging stream open after the first event, and close() still returns', async () => {
    server.enqueue({ kind: 'hang' });
    const res = await post('/responses', { model: 'm' });
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('event: response.created');
    const next = reader.read();
    const timeout = new Promise((resolve) => setTimeout(() => resolve('still waiting'), 100));
    expect(await Promise.race([next, timeout])).toBe('still waiting');
    await server.close();
    await expect(next).rejects.toThrow();
    server = await startFakeModelServer();
  });
});
