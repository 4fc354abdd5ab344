// `deskpilot sessions list|show|delete`.
import type { RuntimeClient } from '../core/api/client';
import type { Io } from './run';

/** Prints sessions newest first, as a table or JSON. */
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
      `${s.id}  ${s.updatedAt.slice(0, 16).replace('T', ' ')}  ${String(s.itemCount).padStart(5)} items  ${s.title}\n`,
    );
}

/** Prints a session's transcript as readable text (or JSON with `json`). */
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
    if (item.type === 'message') {
      const text = item.content.map((p) => ('text' in p ? p.text : p.type === 'input_image' ? '[image]' : '')).join('');
      io.stdout.write(`\n${item.role}: ${text}\n`);
    } else if (item.type === 'function_call') io.stdout.write(`\n→ ${item.name} ${item.arguments}\n`);
    else if (item.type === 'function_call_output')
      io.stdout.write(`← ${item.output.split('\n').slice(0, 5).join('\n  ')}\n`);
    else if (item.type === 'reasoning' && item.summary.length)
      io.stdout.write(`\n(reasoning) ${item.summary.map((s) => s.text).join(' ')}\n`);
    if (compactedAt.has(seq)) io.stdout.write('\n--- earlier messages were compacted for the model here ---\n');
  }
}

/** Deletes a session (a missing one fails with not_found, exit 1). */
export async function deleteSession(client: RuntimeClient, id: string, io: Io): Promise<void> {
  await client.invoke('session/delete', { sessionId: id });
  io.stdout.write(`Deleted ${id}.\n`);
}
