// `deskpilot sessions list|show|rename|fork|export|delete`.
import type { SessionExportFormat } from '../../preload/contract/sessions';
import { functionOutputImages, functionOutputText } from '../../preload/contract/items';
import type { RuntimeClient } from '../core/api/client';
import { messageText } from '../core/sessions/export';
import { atomicWrite } from '../core/util/atomicWrite';
import { plural } from '../../plugins/sdk/text';
import type { Io } from './run';

/** Lines of a tool's output `sessions show` prints before cutting (the cut is marked with `…`). */
const SHOW_OUTPUT_LINES = 5;

/** Prints sessions newest first (by last activity), as a table or JSON. */
export async function listSessions(client: RuntimeClient, json: boolean, io: Io): Promise<void> {
  const list = await client.invoke('session/list', {});
  if (json) {
    io.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return;
  }
  if (list.length === 0) {
    io.stdout.write('No sessions yet. Start one with: deskpilot run "hello"\n');
    return;
  }
  for (const s of list)
    io.stdout.write(
      `${s.id}  ${s.updatedAt.slice(0, 16).replace('T', ' ')}  ${plural(s.itemCount, 'item').padStart(11)}  ${s.title}\n`,
    );
}

/** Prints a session's transcript as readable text (or JSON with `json`); long tool outputs are cut with `…`. */
export async function showSession(client: RuntimeClient, id: string, json: boolean, io: Io): Promise<void> {
  const detail = await client.invoke('session/get', { sessionId: id });
  if (json) {
    io.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
    return;
  }
  io.stdout.write(`# ${detail.summary.title} (${detail.summary.id})\n`);
  for (const warning of detail.warnings) io.stderr.write(`warning: ${warning}\n`);
  const compactedAt = new Set(detail.compactions.map((c) => c.upToSeq));
  for (const { seq, item } of detail.entries) {
    if (item.type === 'message') io.stdout.write(`\n${item.role}: ${messageText(item)}\n`);
    else if (item.type === 'function_call') io.stdout.write(`\n→ ${item.name} ${item.arguments}\n`);
    else if (item.type === 'function_call_output')
      io.stdout.write(
        `← ${cutLines(functionOutputText(item.output), SHOW_OUTPUT_LINES)}${'\n  [image]'.repeat(functionOutputImages(item.output).length)}\n`,
      );
    else if (item.type === 'reasoning' && item.summary.length)
      io.stdout.write(`\n(reasoning) ${item.summary.map((s) => s.text).join(' ')}\n`);
    if (compactedAt.has(seq)) io.stdout.write('\n--- earlier messages were compacted for the model here ---\n');
  }
}

/** The first `max` lines of `text` (continuation lines indented), ending in `… (N more lines)` when cut. */
function cutLines(text: string, max: number): string {
  const lines = text.replace(/\n$/, '').split('\n');
  const kept = lines.slice(0, max).join('\n  ');
  return lines.length > max ? `${kept}\n  … (${plural(lines.length - max, 'more line')})` : kept;
}

/** Renames a session; its place in the list (last activity) does not change. */
export async function renameSession(client: RuntimeClient, id: string, title: string, io: Io): Promise<void> {
  const summary = await client.invoke('session/rename', { sessionId: id, title });
  io.stdout.write(`Renamed ${summary.id} to "${summary.title}".\n`);
}

/** Forks a whole session into a new one titled "<title> (fork)" and prints the new id. */
export async function forkSession(client: RuntimeClient, id: string, io: Io): Promise<void> {
  const fork = await client.invoke('session/fork', { sessionId: id });
  io.stdout.write(`${fork.id}\n`);
  io.stderr.write(`Forked into "${fork.title}". Continue it with: deskpilot run --session ${fork.id} "…"\n`);
}

/** Exports a session as Markdown or JSON to stdout, or to the file `out` (written atomically; said on stderr). */
export async function exportSessionCommand(
  client: RuntimeClient,
  id: string,
  options: { format: SessionExportFormat; out?: string },
  io: Io,
): Promise<void> {
  const file = await client.invoke('session/export', { sessionId: id, format: options.format });
  if (!options.out) {
    io.stdout.write(file.content);
    return;
  }
  await atomicWrite(options.out, file.content);
  io.stderr.write(`Exported ${id} to ${options.out}.\n`);
}

/** Deletes a session (a missing one fails with not_found, exit 1). */
export async function deleteSession(client: RuntimeClient, id: string, io: Io): Promise<void> {
  await client.invoke('session/delete', { sessionId: id });
  io.stdout.write(`Deleted ${id}.\n`);
}
