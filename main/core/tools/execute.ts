// Runs one function call: look up -> parse JSON -> validate with zod -> approve -> execute with abort + timeout -> cut.
import type { z } from 'zod';
import type { AllowedBy } from '../../../preload/contract/approvals';
import type { FunctionCallItem } from '../../../preload/contract/items';
import type { Logger, ToolImage, ToolResult } from '../../../plugins/sdk/types';
import { isKillSwitchStop, type AutomationControl } from '../automation/control';
import type { RegisteredTool, ToolRegistry } from './registry';
import { cutOutput } from './output';
import type { CallRunHooks } from './callJournal';

/**
 * The approval step's answer: run the call (with `allowedBy` when it ran without asking: which rule, session grant or
 * policy let it), refuse it with a reason that is shown to the model, or park it (`parked`: the user must decide;
 * the call does not run now and gets no output, its turn parks, agent/turnState.ts).
 */
export type ApproveResult =
  { allowed: true; allowedBy?: AllowedBy } | { allowed: false; reason: string } | { allowed: false; parked: true };

/** What {@link executeToolCall} needs from the runtime. */
export interface ExecuteDeps {
  registry: ToolRegistry;
  /**
   * Decides whether the call may run (policy, grants, and if needed the user). `args` are the zod-parsed arguments,
   * exactly what will run. May throw: that counts as an error outcome and the tool does not run.
   */
  approve: (req: { tool: RegisteredTool; args: unknown; call: FunctionCallItem }) => Promise<ApproveResult>;
  /** The turn's signal: aborting it stops the approval wait and the running tool. */
  signal: AbortSignal;
  /** Timeout in ms for tools that declare no `timeoutMs`. */
  defaultTimeoutMs: number;
  /** Largest output in UTF-8 bytes kept; the rest is cut with a note. */
  maxOutputBytes: number;
  /** Absolute working directory given to tools as `ctx.cwd`. */
  cwd: string;
  sessionId: string;
  log: Logger;
  /** Where automation tools (those with `activity`) register while they run, so the kill switch can stop them. */
  automation?: AutomationControl;
  /** The call journal's hooks for this call (tools/callJournal.ts): `started` is awaited before the tool runs. */
  journal?: CallRunHooks;
}

/**
 * How a call ended: `invalid` = unknown tool or bad arguments, `denied` = approval refused, `parked` = waits on a
 * decision (not run, no output to record), the rest as named.
 */
export type ToolCallStatus = 'ok' | 'error' | 'denied' | 'invalid' | 'aborted' | 'timeout' | 'parked';

/**
 * The result of one call: `output` is the text of the `function_call_output`, `images` what the tool returned besides
 * it (screenshots); `durationMs` is the tool's own time in ms (from the approval on; the whole call when it never got
 * that far); `approvalWaitMs` the time the approval step took when the user was asked (ms); `allowedBy` says why it
 * ran without asking (absent when the user was asked or it did not get that far).
 */
export interface ToolCallOutcome {
  output: string;
  images?: ToolImage[];
  isError: boolean;
  durationMs: number;
  status: ToolCallStatus;
  approvalWaitMs?: number;
  allowedBy?: AllowedBy;
}

/** setTimeout's largest delay (ms); longer timeouts are clamped to it. */
const MAX_TIMER_MS = 2 ** 31 - 1;

type Settled = { kind: 'result'; result: ToolResult } | { kind: 'thrown'; error: unknown } | { kind: 'stopped' };

/**
 * Runs `call` through the whole pipeline and describes the outcome for the model. Never throws and never rejects.
 * Order: unknown tool (invalid) → JSON parse of `arguments`, '' counting as `{}` (invalid) → zod validation
 * (invalid, each issue with its path) → `deps.approve` (denied) → `execute` with a signal combining `deps.signal`
 * and a timeout of `tool.timeoutMs ?? deps.defaultTimeoutMs` (ok / error / timeout / aborted). A tool that ignores
 * its signal is abandoned when the signal fires. Output is cut to `deps.maxOutputBytes` (see ./output).
 */
export async function executeToolCall(call: FunctionCallItem, deps: ExecuteDeps): Promise<ToolCallOutcome> {
  const started = performance.now();
  let allowedBy: AllowedBy | undefined = undefined;
  /** When the approval step ended (ms, performance clock), and how long it took when the user was asked. */
  let approvedAt: number | undefined;
  let approvalWaitMs: number | undefined;
  const finish = (status: ToolCallStatus, output: string, images?: ToolImage[]): ToolCallOutcome => {
    const outcome: ToolCallOutcome = {
      output: cutOutput(output, deps.maxOutputBytes),
      ...(images && images.length > 0 ? { images } : {}),
      isError: status !== 'ok',
      durationMs: Math.round(performance.now() - (approvedAt ?? started)),
      ...(approvalWaitMs !== undefined ? { approvalWaitMs } : {}),
      status,
      ...(allowedBy ? { allowedBy } : {}),
    };
    deps.log.debug('tool call finished', {
      tool: call.name,
      callId: call.call_id,
      status,
      durationMs: outcome.durationMs,
    });
    return outcome;
  };

  const tool = deps.registry.get(call.name);
  if (!tool) {
    const names = deps.registry.names();
    return finish(
      'invalid',
      `Unknown tool "${call.name}". Available tools: ${names.length ? names.join(', ') : '(none)'}. Call one of these by its exact name.`,
    );
  }

  let raw: unknown;
  try {
    raw = call.arguments.trim() === '' ? {} : JSON.parse(call.arguments);
  } catch (error) {
    return finish(
      'invalid',
      `Invalid arguments for "${call.name}": not valid JSON (${(error as Error).message}). Please resend the call with valid JSON arguments.`,
    );
  }
  const parsed = tool.tool.parameters.safeParse(raw);
  if (!parsed.success) {
    return finish(
      'invalid',
      `Invalid arguments for "${call.name}":\n${formatIssues(parsed.error.issues)}\nFix these and resend the call.`,
    );
  }
  const args: unknown = parsed.data;

  if (deps.signal.aborted) return finish('aborted', abortedMessage(call.name));
  let approval: ApproveResult | 'aborted';
  const approving = performance.now();
  try {
    approval = await raceAbort(deps.approve({ tool, args, call }), deps.signal);
    approvedAt = performance.now();
    // Asked = neither a rule, a grant nor the policy let it through (or the user said no).
    if (approval !== 'aborted' && !(approval.allowed && approval.allowedBy))
      approvalWaitMs = Math.round(approvedAt - approving);
  } catch (error) {
    deps.log.warn('approval step failed', { tool: call.name, error });
    return finish(
      'error',
      `Error: the approval step for "${call.name}" failed (${errorMessage(error)}); the tool did not run.`,
    );
  }
  if (approval === 'aborted') return finish('aborted', abortedMessage(call.name));
  if (!approval.allowed && 'parked' in approval) return finish('parked', '');
  if (!approval.allowed) {
    return finish(
      'denied',
      `Denied: ${approval.reason || 'no reason given'}. The tool "${call.name}" did not run; do not retry the same call unless the user asks for it.`,
    );
  }
  allowedBy = approval.allowedBy;

  const timeoutMs = tool.tool.timeoutMs ?? deps.defaultTimeoutMs;
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(
    () => {
      timedOut = true;
      controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'));
    },
    Math.min(timeoutMs, MAX_TIMER_MS),
  );
  const onTurnAbort = () => controller.abort(deps.signal.reason);
  deps.signal.addEventListener('abort', onTurnAbort, { once: true });
  if (deps.signal.aborted) onTurnAbort();

  let settled: Settled;
  try {
    // Recorded as started before it starts: after a crash its output says "started, outcome unknown".
    await deps.journal?.started();
  } catch (error) {
    clearTimeout(timer);
    deps.signal.removeEventListener('abort', onTurnAbort);
    return finish(
      'error',
      `Error: "${call.name}" was not run: its start could not be recorded (${errorMessage(error)}).`,
    );
  }
  const endActivity = beginActivity(tool, args, call, controller, deps);
  try {
    settled = await runTool(tool, args, controller.signal, { ...deps, callId: call.call_id });
  } finally {
    clearTimeout(timer);
    deps.signal.removeEventListener('abort', onTurnAbort);
    endActivity();
  }

  if (controller.signal.aborted || settled.kind === 'stopped') {
    if (isKillSwitchStop(controller.signal.reason)) {
      return finish(
        'aborted',
        `Stopped: the user stopped "${call.name}" with the kill switch before it finished; its effects may be partial. Do not retry it; ask the user how to go on.`,
      );
    }
    if (timedOut) {
      return finish(
        'timeout',
        `Error: "${call.name}" timed out after ${formatMs(timeoutMs)} and was stopped. Try a smaller or faster operation.`,
      );
    }
    return finish('aborted', abortedMessage(call.name));
  }
  if (settled.kind === 'thrown') {
    deps.log.debug('tool threw', { tool: call.name, error: settled.error });
    return finish('error', `Error: ${errorMessage(settled.error)}`);
  }
  const result = settled.result;
  if (typeof result === 'string') return finish('ok', result);
  const output = typeof result?.output === 'string' ? result.output : JSON.stringify(result ?? null);
  const images = validImages(result?.images, call.name, deps.log);
  return finish(result?.isError ? 'error' : 'ok', output, images);
}

/** Registers an automation call (a tool with `activity`) with the kill switch; returns the function that ends it. */
function beginActivity(
  tool: RegisteredTool,
  args: unknown,
  call: FunctionCallItem,
  controller: AbortController,
  deps: ExecuteDeps,
): () => void {
  if (!tool.tool.activity || !deps.automation) return () => {};
  let described: { action: string; target: string };
  try {
    // `args` passed this tool's own zod schema above; the registry stores tools with their parameter type erased.
    described = tool.tool.activity(args as never);
  } catch (error) {
    deps.log.warn('an automation tool could not describe its activity', { tool: call.name, error });
    described = { action: call.name, target: '' };
  }
  return deps.automation.begin(
    {
      sessionId: deps.sessionId,
      callId: call.call_id,
      tool: call.name,
      action: described.action,
      target: described.target,
      startedAt: new Date().toISOString(),
    },
    controller,
  );
}

const imageTypes = new Set(['image/png', 'image/jpeg', 'image/webp']);

/** The images of a tool result that are well-formed (known type, non-empty base64); others are logged and dropped. */
function validImages(images: unknown, tool: string, log: Logger): ToolImage[] | undefined {
  if (!Array.isArray(images)) return undefined;
  const valid = images.filter(
    (image): image is ToolImage =>
      typeof image === 'object' &&
      image !== null &&
      imageTypes.has((image as ToolImage).mimeType) &&
      typeof (image as ToolImage).data === 'string' &&
      (image as ToolImage).data.length > 0,
  );
  if (valid.length < images.length) log.warn('a tool returned malformed images; they were dropped', { tool });
  return valid;
}

/** Runs the tool, settling early (as `stopped`) when `signal` aborts, so a tool that ignores its signal cannot hang. */
function runTool(
  tool: RegisteredTool,
  args: unknown,
  signal: AbortSignal,
  deps: ExecuteDeps & { callId: string },
): Promise<Settled> {
  return new Promise<Settled>((resolve) => {
    const onAbort = () => resolve({ kind: 'stopped' });
    signal.addEventListener('abort', onAbort, { once: true });
    let running: Promise<ToolResult>;
    try {
      const files = deps.registry.fileAccess({ sessionId: deps.sessionId, cwd: deps.cwd });
      running = tool.tool.execute(args, {
        signal,
        sessionId: deps.sessionId,
        callId: deps.callId,
        cwd: deps.cwd,
        log: deps.log,
        ...(files ? { files } : {}),
        ...(deps.journal ? { trackProcessGroup: (pid: number) => deps.journal!.processGroup(pid) } : {}),
      });
    } catch (error) {
      running = Promise.reject(error);
    }
    Promise.resolve(running)
      .then(
        (result) => resolve({ kind: 'result', result }),
        (error: unknown) => resolve({ kind: 'thrown', error }),
      )
      .finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Resolves with `promise`'s value, or with 'aborted' as soon as `signal` aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | 'aborted'> {
  return new Promise<T | 'aborted'>((resolve, reject) => {
    const onAbort = () => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** One line per zod issue: `- <path>: <message>`, the path in `a.b[0]` form, `(root)` for the whole object. */
function formatIssues(issues: z.core.$ZodIssue[]): string {
  return issues.map((issue) => `- ${formatPath(issue.path)}: ${issue.message}`).join('\n');
}

function formatPath(path: PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

function abortedMessage(name: string): string {
  return `The call to "${name}" was interrupted before it finished; its effects may be partial.`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
