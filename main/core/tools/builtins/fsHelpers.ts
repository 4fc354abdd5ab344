// Shared file helpers of the built-in tools: path resolution (cwd, ~), binary sniffing, default ignore globs.
import { homedir } from 'node:os';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { ToolContext } from '../../../../plugins/sdk/types';

/** Globs every file-walking tool skips unless told otherwise. */
export const DEFAULT_IGNORE = ['**/node_modules/**', '**/.git/**'];

/** Bytes sniffed at the start of a file to decide whether it is binary. */
export const SNIFF_BYTES = 8192;

/**
 * Absolute path for a tool argument: `~` and `~/…` expand to the user's home directory, absolute paths stay,
 * anything else resolves against `cwd` (the session working directory).
 */
export function resolvePath(path: string, cwd: string): string {
  if (path === '~') return homedir();
  if (path.startsWith('~/') || path.startsWith(`~${sep}`)) return resolve(homedir(), path.slice(2));
  return isAbsolute(path) ? resolve(path) : resolve(cwd, path);
}

/**
 * The path a tool reads: through the call's `FileAccess` when the runtime gave one (the real path; throws for a
 * protected Deskpilot secret file), else {@link resolvePath}.
 */
export function readPath(path: string, ctx: ToolContext): string {
  return ctx.files ? ctx.files.resolveForRead(path) : resolvePath(path, ctx.cwd);
}

/**
 * The path a tool writes: through the call's `FileAccess` when the runtime gave one (the real path; throws for
 * a protected file or a write the sandbox policy forbids), else {@link resolvePath}.
 */
export function writePath(path: string, ctx: ToolContext): string {
  return ctx.files ? ctx.files.resolveForWrite(path) : resolvePath(path, ctx.cwd);
}

/** True when `sample` (the start of a file) contains a NUL byte, the usual sign of a binary file. */
export function looksBinary(sample: Uint8Array): boolean {
  return sample.includes(0);
}

/** Error text for a missing path, saying how relative paths resolve. */
export function notFoundMessage(what: string, path: string, cwd: string): string {
  return `${what} not found: ${path}. Relative paths resolve against ${cwd}; check the path (list_dir or glob can help).`;
}

/** How tools show a path: relative to `cwd` when inside it (ready to pass back to another tool), else absolute. */
export function displayPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  if (rel === '') return '.';
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? absolute : rel;
}

/** Byte count in a short human form: `512 B`, `1.5 KB`, `2.0 MB` (1 KB = 1024 bytes). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
}

/** The `code` of a Node fs error, or undefined. */
export function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}
