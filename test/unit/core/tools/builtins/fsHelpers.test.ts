// Tests for the built-in tools' path helpers.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayPath, formatBytes, resolvePath } from '../../../../../main/core/tools/builtins/fsHelpers';

describe('resolvePath', () => {
  it('expands ~, keeps absolute paths and resolves relative ones against cwd', () => {
    expect(resolvePath('~', '/work')).toBe(homedir());
    expect(resolvePath('~/notes/a.md', '/work')).toBe(join(homedir(), 'notes/a.md'));
    expect(resolvePath('/etc/hosts', '/work')).toBe('/etc/hosts');
    expect(resolvePath('src/../a.ts', '/work')).toBe('/work/a.ts');
    expect(resolvePath('~user/x', '/work')).toBe('/work/~user/x');
  });
});

describe('displayPath', () => {
  it('is relative inside cwd and absolute outside', () => {
    expect(displayPath('/work/src/a.ts', '/work')).toBe('src/a.ts');
    expect(displayPath('/work', '/work')).toBe('.');
    expect(displayPath('/other/a.ts', '/work')).toBe('/other/a.ts');
    expect(displayPath('/work/..hidden', '/work')).toBe('..hidden');
  });
});

describe('formatBytes', () => {
  it('uses B, KB and MB', () => {
    expect([0, 1023, 1024, 1536, 5 * 1024 * 1024].map(formatBytes)).toEqual([
      '0 B',
      '1023 B',
      '1.0 KB',
      '1.5 KB',
      '5.0 MB',
    ]);
  });
});
