// Tests for slash-command autocomplete logic (renderer/features/composer/slash.ts).
import { describe, expect, it } from 'vitest';
import { applyCommand, matchCommands, slashQuery } from '../../../../../renderer/features/composer/slash';

describe('slashQuery', () => {
  it('returns the typed name while the caret is in the first word', () => {
    expect(slashQuery('/', 1)).toBe('');
    expect(slashQuery('/res', 4)).toBe('res');
    expect(slashQuery('/res', 2)).toBe('res');
  });

  it('hides the list elsewhere', () => {
    expect(slashQuery('hello /x', 8)).toBeNull();
    expect(slashQuery('/resume latest', 14)).toBeNull();
    expect(slashQuery('/x', 0)).toBeNull();
  });
});

describe('matchCommands', () => {
  const cmds = [{ name: 'rename' }, { name: 'resume' }, { name: 'approvals' }, { name: 'reasoning' }, { name: 'new' }];

  it('puts prefix matches before substring matches', () => {
    expect(matchCommands(cmds, 're').map((c) => c.name)).toEqual(['rename', 'resume', 'reasoning']);
    expect(matchCommands(cmds, 'e').map((c) => c.name)).toEqual(['rename', 'resume', 'reasoning', 'new']);
  });

  it('lists everything for an empty query, up to the limit', () => {
    expect(matchCommands(cmds, '', 3)).toHaveLength(3);
    expect(matchCommands(cmds, 'RE').map((c) => c.name)).toEqual(['rename', 'resume', 'reasoning']);
  });
});

describe('applyCommand', () => {
  it('replaces the first word and keeps the arguments', () => {
    expect(applyCommand('/re', 'rename')).toBe('/rename ');
    expect(applyCommand('/re  My title', 'rename')).toBe('/rename My title');
  });
});
