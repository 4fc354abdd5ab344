// Enforces DESIGN.md §3 import rules on every source file: each layer imports only what it may.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';

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

type Target = { kind: 'file'; rel: string } | { kind: 'node' } | { kind: 'electron' } | { kind: 'npm'; name: string };

function classify(fromFile: string, spec: string): Target {
  if (spec.startsWith('.'))
    return {
      kind: 'file',
      rel: path
        .relative(root, path.resolve(path.dirname(fromFile), spec))
        .split(path.sep)
        .join('/'),
    };
  if (spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0])) return { kind: 'node' };
  if (spec === 'electron' || spec.startsWith('electron/')) return { kind: 'electron' };
  return { kind: 'npm', name: spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0] };
}

const under = (rel: string, prefix: string) => rel === prefix || rel.startsWith(`${prefix}/`);
const pluginOf = (rel: string) => /^plugins\/([^/]+)/.exec(rel)?.[1] ?? '';
/** A plugin's UI contract, `plugins/<name>/contract.ts` (zod only; the renderer may import it). */
const isPluginContract = (rel: string) => /^plugins\/(?!sdk\/)[^/]+\/contract(\.ts)?$/.test(rel);

/** Returns a reason string when `from` may not import `target`, else null. */
function violation(from: string, target: Target): string | null {
  const t = target.kind === 'file' ? target.rel : '';
  if (from === 'main/index.ts' || from === 'main/cli.ts' || under(from, 'main/cli')) return null; // composition roots
  if (under(from, 'preload/contract')) {
    if (target.kind === 'npm' && target.name === 'zod') return null;
    if (target.kind === 'file' && under(t, 'preload/contract')) return null;
    return 'preload/contract may import only zod and itself';
  }
  if (under(from, 'preload')) {
    if (target.kind === 'electron') return null;
    if (target.kind === 'file' && under(t, 'preload')) return null;
    return 'preload may import only electron and preload/contract';
  }
  if (under(from, 'renderer')) {
    if (target.kind === 'node' || target.kind === 'electron') return 'renderer may not import node:* or electron';
    if (target.kind === 'file' && !(under(t, 'renderer') || under(t, 'preload/contract') || isPluginContract(t)))
      return 'renderer may import only renderer, preload/contract and plugins/<name>/contract.ts';
    return null;
  }
  if (under(from, 'main/core')) {
    if (target.kind === 'electron') return 'main/core must run under plain Node: no electron';
    if (
      target.kind === 'file' &&
      !(under(t, 'main/core') || under(t, 'preload/contract') || under(t, 'plugins/sdk') || t === 'package.json')
    )
      return 'main/core may import main/core, preload/contract and plugins/sdk';
    return null;
  }
  if (under(from, 'main/shell')) {
    if (target.kind === 'file' && (under(t, 'renderer') || under(t, 'plugins')))
      return 'main/shell may not import renderer or plugins';
    return null;
  }
  if (under(from, 'plugins/sdk')) {
    if (target.kind === 'npm' && target.name === 'zod') return null;
    if (target.kind === 'file' && under(t, 'plugins/sdk')) return null;
    return 'plugins/sdk may import only zod';
  }
  if (from === 'plugins/index.ts') {
    if (target.kind === 'file' && under(t, 'plugins')) return null;
    if (target.kind === 'npm' && target.name === 'zod') return null;
    return 'plugins/index.ts lists plugins only';
  }
  if (isPluginContract(from)) {
    if (target.kind === 'npm' && target.name === 'zod') return null;
    return "a plugin's contract.ts may import only zod (the renderer imports it)";
  }
  if (under(from, 'plugins')) {
    if (target.kind === 'electron') return 'plugins may not import electron';
    if (target.kind === 'file' && !(under(t, 'plugins/sdk') || pluginOf(t) === pluginOf(from)))
      return 'a plugin may import only plugins/sdk and its own files';
    return null;
  }
  return null;
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
        const reason = violation(rel, classify(file, spec));
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
