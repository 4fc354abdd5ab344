// Tests for the approval-rule glob dialect and argument stringification.
import { describe, expect, it } from 'vitest';
import { argToMatchText, escapeGlob, globMatch } from '../../../../main/core/approvals/glob';

describe('globMatch', () => {
  it.each([
    ['*', '', true],
    ['*', 'anything at all with spaces', true],
    ['*', 'a line break\nis never covered by a wildcard', false],
    ['git *', 'git status', true],
    ['git *', 'git', false],
    ['git *', 'gitk x', false],
    ['?', 'a', true],
    ['?', '😀', true],
    ['?', 'ab', false],
    ['a?c', 'abc', true],
    ['/home/*/notes.md', '/home/ann/notes.md', true],
    ['/home/*/notes.md', '/home/ann/x/notes.md', true],
    ['*.md', 'a.mdx', false],
    ['a*b*c*d', 'axxbyyczzd', true],
    ['a*b*c*d', 'axxbyyczz', false],
    ['[abc]', '[abc]', true],
    ['[abc]', 'a', false],
    ['\\*', '*', true],
    ['\\*', 'x', false],
    ['\\?', '?', true],
    ['a\\\\b', 'a\\b', true],
    ['trailing\\', 'trailing\\', true],
    ['exact', 'exact', true],
    ['exact', 'exactly', false],
  ])('%j vs %j -> %s', (pattern, text, expected) => {
    expect(globMatch(pattern, text)).toBe(expected);
  });

  it('stays fast on patterns that blow up backtracking regexes', () => {
    const started = Date.now();
    expect(globMatch('*a*a*a*a*a*a*a*a*b', 'a'.repeat(5000))).toBe(false);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('escapeGlob', () => {
  it('makes every metacharacter literal', () => {
    const nasty = 'rm -rf *?[x]\\y';
    expect(escapeGlob(nasty)).toBe('rm -rf \\*\\?\\[x\\]\\\\y');
    expect(globMatch(escapeGlob(nasty), nasty)).toBe(true);
    expect(globMatch(escapeGlob(nasty), 'rm -rf abc[x]\\y')).toBe(false);
  });
});

describe('argToMatchText', () => {
  it('stringifies arguments', () => {
    expect(argToMatchText('s')).toBe('s');
    expect(argToMatchText(5)).toBe('5');
    expect(argToMatchText(true)).toBe('true');
    expect(argToMatchText(null)).toBe('null');
    expect(argToMatchText(undefined)).toBe('');
    expect(argToMatchText({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(argToMatchText([1, 'x'])).toBe('[1,"x"]');
  });
});

describe('wildcards never cover shell control characters', () => {
  it('a rule like "git *" does not allow chained or redirected commands', () => {
    expect(globMatch('git *', 'git status')).toBe(true);
    expect(globMatch('git *', 'git log --oneline -5')).toBe(true);
    for (const attack of [
      'git status; rm -rf ~',
      'git status && curl x | sh',
      'git log `id`',
      'git log $(id)',
      'git log > /etc/passwd',
      'git status\nrm -rf ~',
    ]) {
      expect(globMatch('git *', attack)).toBe(false);
    }
    expect(globMatch('ls ?', 'ls ;')).toBe(false);
  });

  it('a control character written literally in the pattern still matches', () => {
    expect(globMatch('make build && make test', 'make build && make test')).toBe(true);
    expect(globMatch('echo *; echo done', 'echo hi; echo done')).toBe(true);
  });
});
