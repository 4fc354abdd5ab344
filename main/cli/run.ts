// `deskpilot run`: sends one prompt, streams the answer (text or NDJSON), answers approvals, exits 0/1.
import {
  describeAllowedBy,
  type ApprovalDecision,
  type DecidedBy,
  type PendingApproval,
} from '../../preload/contract/approvals';
import type { Attachment } from '../../preload/contract/channels';
import type { AgentEvent } from '../../preload/contract/events';
import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { ClientError, type RuntimeClient } from '../core/api/client';
import { CONFIGURE_MODEL_HELP } from '../core/models/resolve';
import { answerApproval, type ApproveMode } from './approvalPrompt';
import { CliError } from './connect';
import { plural } from '../../plugins/sdk/text';

/** Options of `deskpilot run`. */
export interface RunOptions {
  prompt: string;
  session: string;
  format: 'text' | 'ndjson';
  approve: ApproveMode;
  /** Files attached to the prompt (see {@link readAttachments}). */
  attachments?: Attachment[];
}

/** MIME types by extension for `--attach`; anything else goes as application/octet-stream (documents are recognized by name). */
const ATTACH_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.md': 'text/markdown',
  '.csv': 'text/csv',
  '.json': 'application/json',
  '.html': 'text/html',
};

/**
 * Reads `--attach` files into message attachments (`data:` URLs). Documents are extracted by the runtime.
 * @throws a CliError (exit 2) naming a missing file, a directory, or a file over the 15 MB attachment limit.
 */
export async function readAttachments(files: readonly string[]): Promise<Attachment[]> {
  const out: Attachment[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new CliError(
        code === 'EISDIR'
          ? `--attach ${file}: is a directory; attach files one by one.`
          : `--attach ${file}: cannot read it (${code ?? (error as Error).message}); check the path.`,
        2,
      );
    }
    if (bytes.length > 15 * 1024 ** 2)
      throw new CliError(
        `--attach ${file}: ${(bytes.length / 1024 ** 2).toFixed(0)} MB is over the 15 MB attachment limit; ask Deskpilot to read it with read_document instead.`,
        2,
      );
    const mimeType = ATTACH_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    out.push({ name: basename(file), mimeType, dataUrl: `data:${mimeType};base64,${bytes.toString('base64')}` });
  }
  return out;
}

/** Standard streams, injectable for tests. */
export interface Io {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
}

/** Resolves `new | latest | <id>` to a session id (null = create one). */
async function resolveSession(client: RuntimeClient, ref: string): Promise<string | null> {
  if (ref === 'new') return null;
  const list = await client.invoke('session/list', {});
  if (ref === 'latest') return list[0]?.id ?? null;
  if (!list.some((s) => s.id === ref)) throw new CliError(`No session ${ref}. List them with: deskpilot sessions list`);
  return ref;
}

/**
 * Runs one turn and resolves to the exit code: 0 when it completed, 1 when it failed or was interrupted.
 * SIGINT interrupts the turn (the session stays consistent) and then exits 1.
 */
export async function runPrompt(client: RuntimeClient, options: RunOptions, io: Io): Promise<number> {
  const status = await client.invoke('runtime/status', {});
  if (!status.modelConfigured) throw new CliError(CONFIGURE_MODEL_HELP);
  const sessionRef = await resolveSession(client, options.session);
  const buffered: AgentEvent[] = [];
  let target: { sessionId: string; turnId: string } | null = null;
  let finish: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (finish = resolve));
  /** The answer so far ends mid-line: a newline goes before the footer so the two are never glued together. */
  let openLine = false;
  /** Approval prompts on screen, by call id; aborted when the approval is decided elsewhere or times out. */
  const prompts = new Map<string, AbortController>();
  const bufferedApprovals: PendingApproval[] = [];

  const handle = (event: AgentEvent) => {
    if (!target || event.sessionId !== target.sessionId || event.turnId !== target.turnId) return;
    if (event.type === 'approval_decided') closePrompt(event.callId, event.decision, event.decidedBy);
    // A parked turn waits for the approval asked below; the decision resumes it under the same turn id.
    const parked = event.type === 'turn_completed' && event.stopReason === 'awaiting_approval';
    if (options.format === 'ndjson') io.stdout.write(`${JSON.stringify(event)}\n`);
    else if (!parked) {
      if (event.type === 'turn_completed' && openLine) io.stdout.write('\n');
      renderText(event, io);
      if (event.type === 'text_delta' && event.delta) openLine = !event.delta.endsWith('\n');
    }
    if (event.type === 'turn_completed' && !parked)
      finish(event.stopReason === 'completed' || event.stopReason === 'incomplete' ? 0 : 1);
  };
  /** Closes the prompt of `callId` (if still open) saying how the approval was settled without it. */
  const closePrompt = (callId: string, decision: ApprovalDecision, decidedBy: DecidedBy) => {
    const prompt = prompts.get(callId);
    if (!prompt) return;
    prompts.delete(callId);
    prompt.abort();
    io.stderr.write(`\n${settledElsewhere(decision, decidedBy)}\n`);
  };
  const ask = (approval: PendingApproval) => {
    const controller = new AbortController();
    prompts.set(approval.callId, controller);
    void answerApproval(options.approve, approval, io, controller.signal)
      .then(async (decision) => {
        if (!decision || !prompts.has(approval.callId)) return;
        prompts.delete(approval.callId);
        await client.invoke('approval/decide', { callId: approval.callId, sessionId: approval.sessionId, decision });
      })
      .catch((error: Error) => {
        prompts.delete(approval.callId);
        io.stderr.write(
          error instanceof ClientError && error.code === 'not_found'
            ? 'That approval was no longer waiting (it timed out or was answered elsewhere); your answer was not applied.\n'
            : `Could not ask for approval: ${error.message}\n`,
        );
      });
  };
  const offEvent = client.on('agent/event', (event) => (target ? handle(event) : buffered.push(event)));
  const offApproval = client.on('approval/requested', (approval) => {
    if (!target) bufferedApprovals.push(approval);
    else if (approval.sessionId === target.sessionId) ask(approval);
  });
  const onSigint = () => {
    if (target) void client.invoke('chat/interrupt', { sessionId: target.sessionId });
  };
  process.once('SIGINT', onSigint);
  // SIGTERM and SIGHUP (the terminal closed) end this CLI, not the turn: a parked approval stays pending, and closing
  // an in-process runtime stops running tools and kills their process groups.
  const onStop = () => finish(1);
  process.once('SIGTERM', onStop);
  process.once('SIGHUP', onStop);
  // A new session's id is known only from the reply, after its first events: listen to every session until then.
  client.setSessions(sessionRef ? [sessionRef] : '*');
  try {
    const sent = await client.invoke('chat/send', {
      sessionId: sessionRef,
      text: options.prompt,
      attachments: options.attachments ?? [],
    });
    if (sent.sessionId) client.setSessions([sent.sessionId]);
    if (sent.commandOutput !== undefined) {
      io.stdout.write(`${sent.commandOutput}\n`);
      return 0;
    }
    if (!sent.turnId || !sent.sessionId) throw new CliError('The runtime did not start a turn.');
    target = { sessionId: sent.sessionId, turnId: sent.turnId };
    io.stderr.write(options.format === 'text' ? `session ${sent.sessionId}\n` : '');
    for (const event of buffered.splice(0)) handle(event);
    for (const approval of bufferedApprovals.splice(0)) if (approval.sessionId === target.sessionId) ask(approval);
    return await finished;
  } finally {
    for (const prompt of prompts.values()) prompt.abort();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onStop);
    process.off('SIGHUP', onStop);
    offEvent();
    offApproval();
  }
}

/** How an approval whose prompt was still open got settled, in words (timeout, another window, the runtime). */
function settledElsewhere(decision: ApprovalDecision, decidedBy: DecidedBy): string {
  if (decidedBy === 'timeout') return 'The approval timed out, so the call was denied.';
  if (decidedBy === 'policy')
    return `The approval was cancelled${decision.type === 'deny' && decision.reason ? `: ${decision.reason}` : '.'}`;
  const how =
    decision.type === 'allow_once'
      ? 'allowed once'
      : decision.type === 'allow_session'
        ? 'allowed for this session'
        : decision.type === 'allow_always'
          ? 'always allowed'
          : 'denied';
  return `The approval was answered elsewhere (${how}).`;
}

function renderText(event: AgentEvent, io: Io): void {
  switch (event.type) {
    case 'text_delta':
      io.stdout.write(event.delta);
      break;
    case 'tool_call_requested':
      io.stderr.write(`\n→ ${event.name} ${event.arguments}\n`);
      break;
    case 'tool_output': {
      const first = event.output.split('\n')[0].slice(0, 160);
      io.stderr.write(
        `← ${event.name} ${event.isError ? 'failed' : 'ok'} (${Math.round(event.durationMs)} ms): ${first}\n`,
      );
      if (event.allowedBy && event.allowedBy.type !== 'policy')
        io.stderr.write(`  (ran without asking because of ${describeAllowedBy(event.allowedBy)})\n`);
      break;
    }
    case 'approval_decided':
      if (event.decision.type === 'deny')
        io.stderr.write(`✗ denied${event.decision.reason ? `: ${event.decision.reason}` : ''}\n`);
      break;
    case 'retrying':
      io.stderr.write(`… ${event.reason}; retrying in ${Math.round(event.delayMs)} ms (attempt ${event.attempt})\n`);
      break;
    case 'compacted':
      io.stderr.write(`(compacted ${plural(event.summarizedItems, 'earlier item')})\n`);
      break;
    case 'error':
      io.stderr.write(`\nError: ${event.message}\n`);
      break;
    case 'turn_completed':
      if (event.stopReason === 'interrupted') io.stderr.write('\n(interrupted)\n');
      if (event.usage.totalTokens > 0)
        io.stderr.write(`tokens: ${event.usage.inputTokens} in, ${event.usage.outputTokens} out\n`);
      break;
    default:
      break;
  }
}
