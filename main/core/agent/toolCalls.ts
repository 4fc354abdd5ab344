// Runs one response's function calls in order: approval decision, execution, function_call_output.
import type { ApprovalPolicy, DecidedBy } from '../../../preload/contract/approvals';
import type { AgentEvent } from '../../../preload/contract/events';
import type { FunctionCallItem, FunctionCallOutputItem, SessionItem } from '../../../preload/contract/items';
import type { ToolResultInfo } from '../../../preload/contract/sessions';
import type { Logger } from '../../../plugins/sdk/types';
import type { ApprovalOutcome, ApprovalRequest } from '../approvals/broker';
import type { AutomationControl } from '../automation/control';
import type { Grants } from '../approvals/grants';
import type { Settings } from '../settings/schema';
import { allowedByFor } from '../approvals/allowedBy';
import type { CallJournal } from '../tools/callJournal';
import { executeToolCall, type ApproveResult, type ToolCallOutcome } from '../tools/execute';
import { decideApproval } from '../tools/policy';
import type { RegisteredTool, ToolRegistry } from '../tools/registry';
import type { EventBus } from './events';

/** What runToolCalls needs from the loop. */
export interface ToolCallDeps {
  sessionId: string;
  turnId: string;
  signal: AbortSignal;
  policy: ApprovalPolicy;
  /** The decision a resumed turn was parked on, by call id (its call was announced before the turn parked). */
  decisions: Map<string, ResumedDecision>;
  tools: ToolRegistry;
  grants: Grants;
  emit(event: AgentEvent): void;
  bus: EventBus;
  cwd: string;
  log: Logger;
  /** Collects how each call ended, for the turn record. */
  results: ToolResultInfo[];
  /** The kill switch automation tools register with while they run. */
  automation?: AutomationControl;
  /** Records each call as started before it runs (tools/callJournal.ts). */
  journal?: CallJournal;
}

/** A settled approval a parked turn resumes with; `waitMs` is how long it was pending (ms). */
export interface ResumedDecision extends ApprovalOutcome {
  waitMs: number;
}

/** Why the calls stopped to wait: `calls` (still without output, in order) and the approval `calls[0]` needs. */
export interface ParkRequest {
  calls: FunctionCallItem[];
  approval: ApprovalRequest;
}

/**
 * Executes `calls` one after another and appends one `function_call_output` per call (same `call_id`).
 * When the turn is interrupted, the remaining calls get a "not run" output so the transcript stays valid.
 * When a call needs the user's decision (and none is in `deps.decisions`), it stops before that call and resolves
 * `parked` with it and the calls after it (none of them has an output). Never throws for tool failures.
 */
export async function runToolCalls(
  deps: ToolCallDeps,
  calls: readonly FunctionCallItem[],
  append: (items: SessionItem[]) => Promise<void>,
  settings: Settings,
): Promise<{ interrupted: boolean; parked?: ParkRequest }> {
  for (let i = 0; i < calls.length; i++) {
    const call = calls[i];
    if (deps.signal.aborted) {
      await append(
        calls.slice(i).map((c) => ({
          type: 'function_call_output' as const,
          call_id: c.call_id,
          output: 'not run: the turn was interrupted by the user',
        })),
      );
      return { interrupted: true };
    }
    const registered = deps.tools.get(call.name);
    const resumed = deps.decisions.get(call.call_id);
    if (!resumed)
      deps.emit({
        type: 'tool_call_requested',
        sessionId: deps.sessionId,
        turnId: deps.turnId,
        callId: call.call_id,
        name: call.name,
        arguments: call.arguments,
        ...(registered ? { risk: registered.tool.risk } : {}),
      });
    let park: ApprovalRequest | undefined;
    const journal = deps.journal?.hooks({
      sessionId: deps.sessionId,
      turnId: deps.turnId,
      callId: call.call_id,
      tool: call.name,
    });
    const outcome = await executeToolCall(call, {
      journal,
      registry: deps.tools,
      approve: async ({ tool, args }) => {
        const result = await approve(deps, call, tool, args);
        if ('approval' in result) {
          park = result.approval;
          return { allowed: false, parked: true };
        }
        return result;
      },
      signal: deps.signal,
      defaultTimeoutMs: settings.toolTimeoutMs,
      maxOutputBytes: settings.toolOutputMaxBytes,
      cwd: deps.cwd,
      sessionId: deps.sessionId,
      log: deps.log,
      automation: deps.automation,
    });
    const { status } = outcome;
    if (status === 'parked') {
      if (!park) throw new Error(`The call ${call.call_id} parked without an approval request (a bug).`);
      return { interrupted: false, parked: { calls: calls.slice(i), approval: park } };
    }
    if (resumed) outcome.approvalWaitMs = resumed.waitMs;
    await append([{ type: 'function_call_output', call_id: call.call_id, output: outputOf(outcome) }]);
    await journal?.ended();
    deps.emit({
      type: 'tool_output',
      sessionId: deps.sessionId,
      turnId: deps.turnId,
      callId: call.call_id,
      name: call.name,
      output: outcome.output,
      isError: outcome.isError,
      durationMs: outcome.durationMs,
      ...(outcome.approvalWaitMs !== undefined ? { approvalWaitMs: outcome.approvalWaitMs } : {}),
      status,
      ...(outcome.allowedBy ? { allowedBy: outcome.allowedBy } : {}),
    });
    deps.results.push({
      callId: call.call_id,
      status,
      isError: outcome.isError,
      durationMs: outcome.durationMs,
      ...(outcome.approvalWaitMs !== undefined ? { approvalWaitMs: outcome.approvalWaitMs } : {}),
      ...(registered ? { risk: registered.tool.risk } : {}),
      ...(outcome.allowedBy ? { allowedBy: outcome.allowedBy } : {}),
    });
    if (outcome.status === 'aborted' || deps.signal.aborted) {
      await append(
        calls.slice(i + 1).map((c) => ({
          type: 'function_call_output' as const,
          call_id: c.call_id,
          output: 'not run: the turn was interrupted by the user',
        })),
      );
      return { interrupted: true };
    }
  }
  return { interrupted: false };
}

/**
 * The approval step of one call: allowed or denied by the policy and grants, decided by a resumed decision, or (when
 * the user must be asked) `{approval}`: the request the turn parks on.
 */
async function approve(
  deps: ToolCallDeps,
  call: FunctionCallItem,
  registered: RegisteredTool,
  args: unknown,
): Promise<ApproveResult | { approval: ApprovalRequest }> {
  const { tool, name } = registered;
  const grant = deps.grants.findGrant(deps.sessionId, name, args, { cwd: deps.cwd });
  const wantsApproval = registered.wantsApproval(args);
  const verdict = decideApproval({
    policy: deps.policy,
    risk: tool.risk,
    toolWantsApproval: wantsApproval,
    granted: grant !== undefined,
  });
  if (verdict === 'allow') return { allowed: true, allowedBy: allowedByFor(grant, tool.risk, wantsApproval) };
  if (verdict === 'deny') {
    const reason = `the approval policy "${deps.policy}" does not allow ${name} without a grant; ask the user to allow it or change the policy`;
    settle(deps, call.call_id, { type: 'deny', reason }, 'policy');
    return { allowed: false, reason };
  }
  const suggestedRule = deps.grants.suggestRule(name, args, registered.suggestRule(args));
  const resumed = deps.decisions.get(call.call_id);
  if (!resumed) {
    const ruleUnusable = deps.grants.whyRuleWouldNotCover(deps.sessionId, suggestedRule, name, args, { cwd: deps.cwd });
    return {
      approval: {
        callId: call.call_id,
        sessionId: deps.sessionId,
        turnId: deps.turnId,
        tool: name,
        arguments: args,
        risk: tool.risk,
        suggestedRule,
        ...(ruleUnusable ? { ruleUnusable } : {}),
      },
    };
  }
  const { decision, decidedBy } = resumed;
  switch (decision.type) {
    case 'allow_once':
      return { allowed: true };
    case 'allow_session':
      deps.grants.grantSession(deps.sessionId, decision.rule ?? suggestedRule);
      return { allowed: true };
    case 'allow_always':
      await deps.grants.addRule(decision.rule ?? suggestedRule);
      return { allowed: true };
    case 'deny':
      return {
        allowed: false,
        reason: decision.reason?.trim() || (decidedBy === 'timeout' ? 'the approval timed out' : 'no reason given'),
      };
  }
}

function settle(
  deps: ToolCallDeps,
  callId: string,
  decision: { type: 'deny'; reason: string },
  decidedBy: DecidedBy,
): void {
  deps.emit({ type: 'approval_decided', sessionId: deps.sessionId, turnId: deps.turnId, callId, decision, decidedBy });
  deps.bus.emit('approval/resolved', { callId, sessionId: deps.sessionId });
}

/** A call's `function_call_output.output`: its text, or text + `input_image` parts (data: URLs) when it has images. */
function outputOf(outcome: ToolCallOutcome): FunctionCallOutputItem['output'] {
  if (!outcome.images?.length) return outcome.output;
  return [
    { type: 'input_text', text: outcome.output },
    ...outcome.images.map((image) => ({
      type: 'input_image' as const,
      image_url: `data:${image.mimeType};base64,${image.data}`,
      ...(image.detail ? { detail: image.detail } : {}),
    })),
  ];
}
