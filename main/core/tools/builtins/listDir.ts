// Built-in `list_dir`: the entries of one directory, sorted, with `/` on directories and sizes on files.
import { lstat, readdir, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { ToolDefinition } from '../../../../plugins/sdk/types';
import { defineBuiltin } from './define';
import { errnoCode, formatBytes, notFoundMessage, readPath } from './fsHelpers';

/** Entries shown at most; the output says how many were left out. */
export const MAX_DIR_ENTRIES = 1000;

const parameters = z.object({
  path: z
    .string()
    .min(1)
    .default('.')
    .describe('Directory to list (default: the working directory). ~ is the home directory.'),
});

/** `list_dir` {path}: one line per entry, sorted by name: `name/` for directories, `name  (size)` for files, `name -> target` for links. */
export const listDirTool: ToolDefinition = defineBuiltin({
  name: 'list_dir',
  description: 'List a directory: entries sorted by name, directories end with "/", files show their size.',
  parameters,
  risk: 'read',
  async execute(args, ctx) {
    const dir = readPath(args.path, ctx);
    try {
      if (!(await stat(dir)).isDirectory())
        throw new Error(`${dir} is a file, not a directory. Use read_file to read it.`);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') throw new Error(notFoundMessage('Directory', dir, ctx.cwd), { cause: error });
      throw error;
    }
    const names = (await readdir(dir)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (names.length === 0) return `${dir} is empty.`;
    const shown = names.slice(0, MAX_DIR_ENTRIES);
    const lines = await Promise.all(shown.map((name) => describeEntry(dir, name)));
    const header = `${dir} (${names.length} ${names.length === 1 ? 'entry' : 'entries'}):`;
    const footer =
      names.length > shown.length
        ? `\n[showing the first ${shown.length} of ${names.length} entries; use glob to narrow down]`
        : '';
    return `${header}\n${lines.join('\n')}${footer}`;
  },
});

async function describeEntry(dir: string, name: string): Promise<string> {
  const full = join(dir, name);
  try {
    const info = await lstat(full);
    if (info.isDirectory()) return `${name}/`;
    if (info.isSymbolicLink()) return `${name} -> ${await readlink(full)}`;
    if (info.isFile()) return `${name}  (${formatBytes(info.size)})`;
    return `${name}  (special file)`;
  } catch (error) {
    return `${name}  (unreadable: ${errnoCode(error) ?? (error as Error).message})`;
  }
}
