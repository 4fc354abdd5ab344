// Session export: Markdown a person can read (parts not glued, fences that survive backticks, errors and compaction
// marked) and JSON that parses back with the contract schema.
import { describe, expect, it } from 'vitest';
import { SessionExportDocument } from '../../../../preload/contract/sessions';
import { exportSession, messageText } from '../../../../main/core/sessions/export';
import type { LoadedSession } from '../../../../main/core/sessions/storeTypes';

const at = '2026-12-02T12:00:00.000Z';
const usage = { inputTokens: 3, cachedInputTokens: 0, outputTokens: 4, reasoningTokens: 0, totalTokens: 7 };
const session: LoadedSession = {
  summary: {
    id: 's_test',
    title: 'Trip: Zürich & back',
    createdAt: at,
    updatedAt: at,
    itemCount: 5,
    usage,
  },
  entries: [
    {
      seq: 1,
      at,
      turnId: 't1',
      item: {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'First part.' },
          { type: 'input_text', text: 'Second part.' },
        ],
      },
    },
    {
      seq: 2,
      at,
      turnId: 't1',
      item: { type: 'function_call', call_id: 'c1', name: 'bash', arguments: '{"command":"echo ```"}' },
    },
    { seq: 3, at, turnId: 't1', item: { type: 'function_call_output', call_id: 'c1', output: '```\n' } },
    {
      seq: 4,
      at,
      turnId: 't1',
      item: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: '# Heading\n\nDone.' }] },
    },
    {
      seq: 5,
      at,
      turnId: 't2',
      item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'again' }] },
    },
  ],
  turns: [
    { turnId: 't1', at, stopReason: 'completed', usage },
    { turnId: 't2', at, stopReason: 'error', usage, error: 'The provider said no.' },
  ],
  compactions: [{ at, turnId: 't1', upToSeq: 4, summary: 'earlier' }],
  notes: [],
  warnings: [],
};

describe('exportSession', () => {
  it('writes Markdown with each message under its role, parts apart, tool calls fenced, errors and cuts marked', () => {
    const file = exportSession(session, 'md');
    expect(file).toMatchObject({ fileName: 'trip-zurich-back-s_test.md', mimeType: 'text/markdown' });
    const md = file.content;
    expect(md.startsWith('# Trip: Zürich & back\n')).toBe(true);
    expect(md).toContain('## User');
    expect(md).toContain('First part.\n\nSecond part.');
    expect(md).toContain('**Tool call:** `bash`\n\n````json\n{\n  "command": "echo ```"\n}\n````');
    expect(md).toContain('**Tool result:**\n\n````\n```\n````');
    expect(md).toContain('## Assistant');
    expect(md).toContain('# Heading\n\nDone.');
    expect(md).toContain('Earlier messages were compacted for the model here.');
    expect(md).toMatch(/again\n\n> \*\*Error:\*\* The provider said no\.\n$/);
  });

  it('writes JSON that parses back with the contract schema', () => {
    const file = exportSession(session, 'json', new Date(at));
    expect(file).toMatchObject({ fileName: 'trip-zurich-back-s_test.json', mimeType: 'application/json' });
    const doc = SessionExportDocument.parse(JSON.parse(file.content));
    expect(doc).toMatchObject({ format: 'deskpilot.session', version: 1, exportedAt: at });
    expect(doc.entries).toEqual(session.entries);
    expect(doc.turns.map((t) => t.turnId)).toEqual(['t1', 't2']);
  });

  it('names an untitled session "session"', () => {
    const file = exportSession({ ...session, summary: { ...session.summary, title: '???' } }, 'md');
    expect(file.fileName).toBe('session-s_test.md');
  });
});

describe('messageText', () => {
  it('separates parts with a blank line and shows images and refusals', () => {
    expect(
      messageText({
        type: 'message',
        role: 'assistant',
        content: [
          { type: 'output_text', text: 'a' },
          { type: 'input_image', image_url: 'data:x' },
          { type: 'refusal', refusal: 'no' },
        ],
      }),
    ).toBe('a\n\n[image]\n\n[refused: no]');
  });
});
