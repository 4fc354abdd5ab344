// Why a tool call ran without asking (the words for it are describeAllowedBy in preload/contract/approvals.ts).
import type { AllowedBy, Risk } from '../../../preload/contract/approvals';

/**
 * The {@link AllowedBy} of a call the policy allowed without asking: the grant when one covered it, else the policy's
 * reason (a `read` tool, or the tool said this call needs no approval).
 */
export function allowedByFor(grant: AllowedBy | undefined, risk: Risk, wantsApproval: boolean | undefined): AllowedBy {
  if (grant) return grant;
  if (risk === 'read') return { type: 'policy', reason: 'read-only tool' };
  if (wantsApproval === false) return { type: 'policy', reason: 'the tool says this call needs no approval' };
  return { type: 'policy', reason: 'allowed by the approval policy' };
}
