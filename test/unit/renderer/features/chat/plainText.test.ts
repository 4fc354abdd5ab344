// Search hits show a message line as text: the markdown syntax (`**`, `#`, links) is not shown raw (issue 9).
import { describe, expect, it } from 'vitest';
import { markdownToPlainText } from '../../../../../renderer/features/chat/plainText';

describe('markdownToPlainText (search hit lines)', () => {
  it('shows what a reader sees, not the markdown syntax', () => {
    expect(markdownToPlainText('The build is **done** and `npm ci` ran')).toBe('The build is done and npm ci ran');
    expect(markdownToPlainText('# Weekly *plan*')).toBe('Weekly plan');
    expect(markdownToPlainText('- see [the docs](https://example.com) __now__')).toBe('see the docs now');
    expect(markdownToPlainText('> quoted ~~old~~ text')).toBe('quoted old text');
    expect(markdownToPlainText('1. first')).toBe('first');
  });

  it('keeps text that is not markdown, including a cut-off marker', () => {
    expect(markdownToPlainText('…cut **bold')).toBe('…cut **bold');
    expect(markdownToPlainText('plain words')).toBe('plain words');
    expect(markdownToPlainText('   ')).toBe('');
  });
});
