// Answers approval requests for `deskpilot run --approve ask|allow|deny` (ask uses the terminal; no TTY = deny).
import { createInterface } from 'node:readline/promises';
import type { ApprovalDecision, PendingApproval } from '../../preload/contract/approvals';

/** How the CLI answers approvals. */
export type ApproveMode = 'ask' | 'allow' | 'deny';

/**
 * Decides one pending approval. `allow` allows once; `deny` denies with a reason the model sees;
 * `ask` prompts on the terminal (stderr) when stdin and stderr are TTYs, and denies otherwise.
 */
export async function answerApproval(
  mode: ApproveMode,
  approval: PendingApproval,
  io: { stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream },
): Promise<ApprovalDecision> {
  if (mode === 'allow') return { type: 'allow_once' };
  if (mode === 'deny') return { type: 'deny', reason: 'denied by --approve deny' };
  if (!io.stdin.isTTY || !io.stderr.isTTY)
    return { type: 'deny', reason: 'no terminal to ask the user (run with --approve allow to allow tool calls)' };
  const rl = createInterface({ input: io.stdin, output: io.stderr });
  try {
    io.stderr.write(
      `\n${approval.tool} (${approval.risk}) wants to run with:\n${JSON.stringify(approval.arguments, null, 2)}\n`,
    );
    for (;;) {
      const answer = (await rl.question('Allow? [y] once, [s] for this session, [a] always, [n] deny: '))
        .trim()
        .toLowerCase();
      if (answer === 'y' || answer === 'yes') return { type: 'allow_once' };
      if (answer === 's') return { type: 'allow_session' };
      if (answer === 'a') return { type: 'allow_always' };
      if (answer === 'n' || answer === 'no') {
        const reason = (await rl.question('Reason for the model (optional): ')).trim();
        return { type: 'deny', ...(reason ? { reason } : {}) };
      }
    }
  } finally {
    rl.close();
  }
}
