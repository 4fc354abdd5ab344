// Tests for composer attachment limits (renderer/stores/attachments.ts).
import { describe, expect, it } from 'vitest';
import { MAX_ATTACHMENTS, MAX_FILE_BYTES, checkFiles, isImage } from '../../../../renderer/stores/attachments';

describe('checkFiles', () => {
  it('accepts files within the limits', () => {
    const files = [
      { name: 'a.png', size: 10 },
      { name: 'b.txt', size: MAX_FILE_BYTES },
    ];
    expect(checkFiles(0, files)).toEqual({ accepted: files, errors: [] });
  });

  it('refuses oversized and empty files with a message naming them and the limit', () => {
    const { accepted, errors } = checkFiles(0, [
      { name: 'huge.mov', size: MAX_FILE_BYTES + 1 },
      { name: 'empty.txt', size: 0 },
    ]);
    expect(accepted).toEqual([]);
    expect(errors[0]).toMatch(/huge\.mov is 10\.0 MB; files can be at most 10\.0 MB/);
    expect(errors[1]).toBe('empty.txt is empty.');
  });

  it('stops at the per-message count', () => {
    const { accepted, errors } = checkFiles(MAX_ATTACHMENTS - 1, [
      { name: 'a', size: 1 },
      { name: 'b', size: 1 },
    ]);
    expect(accepted.map((f) => f.name)).toEqual(['a']);
    expect(errors).toEqual([`b was not added: a message can carry at most ${MAX_ATTACHMENTS} attachments.`]);
  });
});

describe('isImage', () => {
  it('detects image MIME types', () => {
    expect(isImage('image/png')).toBe(true);
    expect(isImage('application/pdf')).toBe(false);
  });
});
