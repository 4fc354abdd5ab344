// Hosted web_search (issue 16): with the setting on, the Responses request carries {type: "web_search"} after the
// function tools; the recorded gpt-5.2 web-search stream (url_citation annotations) replays byte for byte.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestLimits } from '../../../../main/core/models/resolve';
import { buildResponsesRequest, createResponsesAdapter } from '../../../../main/core/models/responses';
import { defaultSettings } from '../../../../preload/contract/settings';
import { startFakeModelServer, type FakeModelServer } from '../../../support/fakeModelServer';
import { collect, makeRequest, textOf } from './helpers';

const recording = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../../shared/fixtures/recorded-streams/openai-responses-web-search-annotations-gpt-5.2.sse',
);

let server: FakeModelServer;
beforeAll(async () => {
  server = await startFakeModelServer();
});
afterAll(async () => {
  await server.close();
});

describe('hosted web_search', () => {
  it('is off by default and follows the web.search setting', () => {
    const settings = defaultSettings();
    expect(requestLimits(settings).webSearch).toBe(false);
    expect(requestLimits({ ...settings, web: { ...settings.web, search: true } }).webSearch).toBe(true);
    const tool = { name: 'read_file', description: 'Read a file.', parameters: { type: 'object' } };
    expect(buildResponsesRequest(makeRequest({ tools: [tool] })).tools).toHaveLength(1);
    expect(buildResponsesRequest(makeRequest({ tools: [tool] }), { webSearch: true }).tools).toEqual([
      expect.objectContaining({ type: 'function', name: 'read_file' }),
      { type: 'web_search' },
    ]);
  });

  it('sends the hosted tool and replays the recorded web-search stream', async () => {
    server.enqueue({ kind: 'raw', body: readFileSync(recording), chunkBytes: 512 });
    const adapter = createResponsesAdapter({
      apiKey: 'sk-web-search-0000',
      baseUrl: server.url,
      maxAttempts: 1,
      webSearch: true,
    });
    const request = makeRequest({
      input: [
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Highest mountain in Alberta?' }] },
      ],
    });
    const events = await collect(adapter, request);
    const body = server.requests.at(-1)!.body as { tools: unknown[] };
    expect(body.tools).toContainEqual({ type: 'web_search' });
    expect(textOf(events)).toContain('Mount Columbia');
  });
});
