// The approval decision table (DESIGN.md §6): policy × risk × grant × tool hint -> allow / ask / deny. Pure.
import type { ApprovalPolicy, Risk } from '../../../preload/contract/approvals';

/** Inputs of {@link decideApproval}. */
export interface ApprovalInput {
  /** The effective approval policy of the session or wakeup. */
  policy: ApprovalPolicy;
  /** The tool's declared risk. */
  risk: Risk;
  /** What the tool's `needsApproval(args)` returned for this call; `undefined` when the tool has no such hook. */
  toolWantsApproval?: boolean;
  /** True when a session grant or a persisted "always allow" rule matches this call. */
  granted: boolean;
}

/** What to do with a tool call: run it, ask the user, or refuse it (the refusal goes back to the model). */
export type ApprovalVerdict = 'allow' | 'ask' | 'deny';

/**
 * Decides whether a tool call runs, needs the user, or is refused. Rules, first match wins:
 * 1. `read` risk → `allow` under every policy.
 * 2. `granted` (a session grant or persisted rule matches the call) → `allow` under every policy.
 * 3. policy `never` → `deny` everything else (unattended runs; the denial is returned to the model).
 * 4. policy `untrusted` → `ask` for everything else.
 * 5. policy `on-request`: `destructive` → always `ask`; `write` / `external` → `ask`, unless the tool's
 *    `needsApproval(args)` returned false (`toolWantsApproval === false`), then `allow`.
 * Note: `toolWantsApproval === true` never changes the outcome: every non-read, ungranted call already asks or is
 * denied.
 */
export function decideApproval(input: ApprovalInput): ApprovalVerdict {
  const { policy, risk, toolWantsApproval, granted } = input;
  if (risk === 'read' || granted) return 'allow';
  switch (policy) {
    case 'never':
      return 'deny';
    case 'untrusted':
      return 'ask';
    case 'on-request':
      if (risk === 'destructive') return 'ask';
      return toolWantsApproval === false ? 'allow' : 'ask';
  }
}
