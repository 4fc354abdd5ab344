// `/search on|off` (issue 16) through a real runtime: the next request to the fake model server carries the hosted
// web_search tool only while it is on.
import { afterEach, describe, expect, it } from 'vitest';
import { scripted } from '../../support/fakeModelServer';
import { createHarness, type Harness } from '../../support/runtimeHarness';

let h: Harness;
afterEach(async () => h?.close());

const hasWebSearch = (body: unknown) =>
  ((body as { tools?: { type: string }[] }).tools ?? []).some((t) => t.type === 'web_search');

describe('/search', () => {
  it('switches the hosted web_search tool on and off', async () => {
    h = await createHarness();
    const run = async (text: string) => (await h.runtime.send({ sessionId: null, text })).commandOutput;
    expect(await run('/search')).toBe('Web search: off.');
    expect(await run('/search maybe')).toMatch(/not on or off/);
    expect(await run('/search on')).toBe('Web search on.');
    h.server.enqueue(scripted.text('ok'));
    await (
      await h.runtime.send({ sessionId: null, text: 'find it' })
    ).done;
    expect(hasWebSearch(h.server.requests.at(-1)!.body)).toBe(true);
    expect(await run('/search off')).toBe('Web search off.');
    h.server.enqueue(scripted.text('ok'));
    await (
      await h.runtime.send({ sessionId: null, text: 'again' })
    ).done;
    expect(hasWebSearch(h.server.requests.at(-1)!.body)).toBe(false);
  }, 120_000);
});
