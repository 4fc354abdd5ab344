// Tests for reading command output for display (renderer/features/chat/noteText.ts).
import { describe, expect, it } from 'vitest';
import { settingLines, noteParts } from '../../../../../renderer/features/chat/noteText';

describe('noteText', () => {
  it('turns a JSON object into dotted key/value lines and leaves other text alone', () => {
    expect(settingLines('{"model":"gpt-5","compatible":{"baseUrl":"http://x"},"list":[1,2],"empty":{}}')).toEqual([
      { key: 'model', value: 'gpt-5' },
      { key: 'compatible.baseUrl', value: 'http://x' },
      { key: 'list', value: '[1,2]' },
      { key: 'empty', value: '{}' },
    ]);
    expect(
      settingLines('model = gpt-5\napprovalPolicy = on-request\n\nChange settings with /config key=value.'),
    ).toEqual([
      { key: 'model', value: 'gpt-5' },
      { key: 'approvalPolicy', value: 'on-request' },
    ]);
    expect(settingLines('Updated model.')).toBeNull();
    expect(settingLines('{not json')).toBeNull();
  });

  it('finds session ids in a line', () => {
    const id = 's_0123456789abcdefghjkmn';
    expect(noteParts(`${id}  2026-01-01 10:00  Trip`)).toEqual([
      { sessionId: id },
      { text: '  2026-01-01 10:00  Trip' },
    ]);
    expect(noteParts('No sessions yet.')).toEqual([{ text: 'No sessions yet.' }]);
    expect(noteParts('')).toEqual([{ text: '' }]);
  });
});
