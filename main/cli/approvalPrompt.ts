// Answers approval requests for `deskpilot run --approve ask|allow|deny` (ask uses the terminal; no TTY = deny).
import { createInterface } from 'node:readline/promises';
import {
  describeRule,
  type ApprovalDecision,
  type ApprovalRuleDraft,
  type PendingApproval,
} from '../../preload/contract/approvals';

/** How the CLI answers approvals. */
export type ApproveMode = 'ask' | 'allow' | 'deny';

/** Terminal streams the prompt uses (stdin and stderr, so stdout keeps only the answer). */
export interface PromptIo {
  stdin: NodeJS.ReadStream;
  stderr: NodeJS.WriteStream;
}

/**
 * Decides one pending approval. `allow` allows once; `deny` denies with a reason the model sees; `ask` prompts on
 * the terminal (stderr) when stdin and stderr are TTYs, and denies otherwise. "Always allow" and "for this session"
 * show the exact rule they will save or grant and let the user accept it, edit each pattern, or cancel (back to
 * the question); the decision carries the rule as shown. Resolves to `null` when `signal` aborts first (the approval was decided elsewhere or
 * timed out): the prompt is closed and nothing is answered; the
 * caller says why, on a new line.
 */
export async function answerApproval(
  mode: ApproveMode,
  approval: PendingApproval,
  io: PromptIo,
  signal?: AbortSignal,
): Promise<ApprovalDecision | null> {
  if (mode === 'allow') return { type: 'allow_once' };
  if (mode === 'deny') return { type: 'deny', reason: 'denied by --approve deny' };
  if (!io.stdin.isTTY || !io.stderr.isTTY)
    return { type: 'deny', reason: 'no terminal to ask the user (run with --approve allow to allow tool calls)' };
  if (signal?.aborted) return null;
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  const ask = (question: string, prefill = '') => {
    const answer = rl.question(question, signal ? { signal } : {});
    if (prefill) rl.write(prefill);
    return answer;
  };
  try {
    io.stderr.write(
      `\n${approval.tool} (${approval.risk}) wants to run with:\n${JSON.stringify(approval.arguments, null, 2)}\n`,
    );
    // A call no rule could cover (e.g. a redirection outside the working directory) is only allowed once or denied:
    // a saved rule or session grant would never apply to it.
    const rules = approval.ruleUnusable === undefined;
    if (!rules) io.stderr.write(`No rule can allow this later: ${approval.ruleUnusable}.\n`);
    const question = rules
      ? 'Allow? [y] once, [s] for this session, [a] always, [n] deny: '
      : 'Allow? [y] once, [n] deny: ';
    for (;;) {
      const answer = (await ask(question)).trim().toLowerCase();
      if (answer === 'y' || answer === 'yes') return { type: 'allow_once' };
      if (!rules && (answer === 's' || answer === 'a')) continue;
      if (answer === 's') {
        const rule = await confirmRule(approval.suggestedRule, SESSION_GRANT, ask, io);
        if (rule) return { type: 'allow_session', rule };
        continue;
      }
      if (answer === 'a') {
        const rule = await confirmRule(approval.suggestedRule, ALWAYS_RULE, ask, io);
        if (rule) return { type: 'allow_always', rule };
        continue;
      }
      if (answer === 'n' || answer === 'no') {
        const reason = (await ask('Reason for the model (optional): ')).trim();
        return { type: 'deny', ...(reason ? { reason } : {}) };
      }
    }
  } catch (error) {
    if (signal?.aborted) return null;
    throw error;
  } finally {
    rl.close();
  }
}

const ALWAYS_RULE = `"Always allow" will save this rule, and later calls it covers will run without asking:`;
const SESSION_GRANT = `"For this session" will allow the calls this rule covers until the session ends:`;

/**
 * Shows the rule "always allow" will save (or the session grant will allow: `heading` says which) and asks to
 * save, edit or cancel it. Editing asks for each argument's
 * pattern with the current one filled in (Enter keeps it; `*` matches any run of characters except shell
 * metacharacters). Resolves to the rule to save, or null when the user cancels.
 */
async function confirmRule(
  suggested: ApprovalRuleDraft,
  heading: string,
  ask: (question: string, prefill?: string) => Promise<string>,
  io: PromptIo,
): Promise<ApprovalRuleDraft | null> {
  let rule: ApprovalRuleDraft = { tool: suggested.tool, match: { ...suggested.match } };
  for (;;) {
    io.stderr.write(`${heading}\n  ${describeRule(rule)}\n`);
    const answer = (await ask('Use it? [y] yes, [e] edit, [c] cancel: ')).trim().toLowerCase();
    if (answer === 'y' || answer === 'yes') return rule;
    if (answer === 'c' || answer === 'cancel' || answer === 'n') return null;
    if (answer !== 'e' && answer !== 'edit') continue;
    const match: Record<string, string> = {};
    for (const [key, pattern] of Object.entries(rule.match)) {
      const edited = (await ask(`Pattern for ${key}: `, pattern)).trim();
      match[key] = edited || pattern;
    }
    rule = { tool: rule.tool, match };
  }
}
