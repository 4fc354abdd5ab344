// The import layers of DESIGN.md §3 as one function, used by the ESLint rule `deskpilot/import-layers` (in the editor)
// and by test/arch/imports.test.ts (over the whole tree).
import { builtinModules } from 'node:module';
import path from 'node:path';

/**
 * Classifies an import specifier written in `fromFile` (absolute path) relative to the project `root`.
 * @param {string} root
 * @param {string} fromFile
 * @param {string} spec
 * @returns {import('./importLayers.d.mts').Target}
 */
export function classify(root, fromFile, spec) {
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

const under = (/** @type {string} */ rel, /** @type {string} */ prefix) =>
  rel === prefix || rel.startsWith(`${prefix}/`);
const pluginOf = (/** @type {string} */ rel) => /^plugins\/([^/]+)/.exec(rel)?.[1] ?? '';
/** A plugin's UI contract, `plugins/<name>/contract.ts` (zod only; the renderer may import it). */
const isPluginContract = (/** @type {string} */ rel) => /^plugins\/(?!sdk\/)[^/]+\/contract(\.ts)?$/.test(rel);

/**
 * Why `from` (a project-relative path with `/`) may not import `target`, or null when it may.
 * @param {string} from
 * @param {import('./importLayers.d.mts').Target} target
 * @returns {string | null}
 */
export function violation(from, target) {
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
    // constants.ts: plain values without imports, which the CLI reads without loading zod.
    if (target.kind === 'file' && t === `plugins/${pluginOf(from)}/constants`) return null;
    return "a plugin's contract.ts may import only zod and its constants.ts (the renderer imports it)";
  }
  if (under(from, 'plugins')) {
    if (target.kind === 'electron') return 'plugins may not import electron';
    if (target.kind === 'file' && !(under(t, 'plugins/sdk') || pluginOf(t) === pluginOf(from)))
      return 'a plugin may import only plugins/sdk and its own files';
    return null;
  }
  return null;
}
