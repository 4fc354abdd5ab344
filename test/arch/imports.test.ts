// Enforces DESIGN.md §3 import rules on every source file: each layer imports only what it may (the rules live in
// scripts/eslint/importLayers.mjs, shared with the ESLint rule `deskpilot/import-layers`).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, violation } from '../../scripts/eslint/importLayers.mjs';

const root = path.resolve(__dirname, '../..');
const sourceDirs = ['main', 'preload', 'renderer', 'plugins'];

function walk(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(walk(full));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function specifiers(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]/g,
    /import\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /^\s*import\s+['"]([^'"]+)['"]/gm,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]);
  return found;
}

describe('import boundaries (DESIGN.md §3)', () => {
  const files = sourceDirs.flatMap((d) => walk(path.join(root, d)));

  it('finds the source tree', () => {
    expect(files.some((f) => f.endsWith(path.join('main', 'core', 'runtime.ts')))).toBe(true);
  });

  it('every import follows the layer rules', () => {
    const problems: string[] = [];
    for (const file of files) {
      const rel = path.relative(root, file).split(path.sep).join('/');
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        const reason = violation(rel, classify(root, file, spec));
        if (reason) problems.push(`${rel} imports "${spec}": ${reason}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the checker itself rejects a forbidden import', () => {
    expect(violation('main/core/runtime.ts', { kind: 'electron' })).toMatch(/plain Node/);
    expect(violation('renderer/api.ts', { kind: 'file', rel: 'main/core/runtime.ts' })).toMatch(/renderer/);
    expect(violation('plugins/memory/index.ts', { kind: 'file', rel: 'plugins/planner/model.ts' })).toMatch(
      /own files/,
    );
    expect(violation('preload/contract/channels.ts', { kind: 'npm', name: 'openai' })).toMatch(/only zod/);
    expect(violation('renderer/stores/memory.ts', { kind: 'file', rel: 'plugins/memory/contract' })).toBeNull();
    expect(violation('renderer/stores/memory.ts', { kind: 'file', rel: 'plugins/memory/service.ts' })).toMatch(
      /renderer/,
    );
    expect(violation('plugins/memory/contract.ts', { kind: 'file', rel: 'plugins/memory/text.ts' })).toMatch(
      /only zod/,
    );
    expect(violation('plugins/memory/contract.ts', { kind: 'file', rel: 'plugins/sdk/index.ts' })).toMatch(/only zod/);
  });
});
