// Built-in `write_file`: create or replace a text file atomically, creating parent directories.
import { stat } from 'node:fs/promises';
import { z } from 'zod';
import type { ToolDefinition } from '../../../../plugins/sdk/types';
import { atomicWrite } from '../../util/atomicWrite';
import { escapeGlob } from '../../approvals/glob';
import { defineBuiltin } from './define';
import { errnoCode, writePath } from './fsHelpers';

const parameters = z.object({
  path: z
    .string()
    .min(1)
    .describe('File to write. Relative paths resolve against the working directory; parent directories are created.'),
  content: z.string().describe('The complete new content of the file (UTF-8).'),
});

/**
 * `write_file` {path, content}: writes the whole file atomically (temp file + fsync + rename), keeping an existing
 * file's permission bits, and reports the bytes written. "Always allow" suggests a rule for this exact path.
 */
export const writeFileTool: ToolDefinition = defineBuiltin({
  name: 'write_file',
  description:
    'Create or overwrite a text file with the given content. Parent directories are created. Prefer edit_file for small changes.',
  parameters,
  risk: 'write',
  suggestRule: (args) => ({ path: escapeGlob(args.path) }),
  ruleArgs: { path: 'path' },
  async execute(args, ctx) {
    const path = writePath(args.path, ctx);
    const mode = await existingMode(path);
    const bytes = Buffer.byteLength(args.content, 'utf8');
    await atomicWrite(path, args.content, mode === undefined ? {} : { mode });
    return `Wrote ${bytes} bytes to ${path}${mode === undefined ? ' (new file)' : ' (replaced the previous content)'}.`;
  },
});

/** Permission bits of an existing regular file; undefined when there is none. Throws for directories. */
async function existingMode(path: string): Promise<number | undefined> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new Error(`${path} is a directory; write_file needs a file path.`);
    return info.mode & 0o777;
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}
