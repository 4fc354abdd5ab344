// Tests for the approval decision table: every policy × risk × grant × tool hint.
import { describe, expect, it } from 'vitest';
import type { ApprovalPolicy, Risk } from '../../../../preload/contract/approvals';
import { decideApproval, type ApprovalVerdict } from '../../../../main/core/tools/policy';

const policies: ApprovalPolicy[] = ['untrusted', 'on-request', 'never'];
const risks: Risk[] = ['read', 'write', 'external', 'destructive'];
const hints: (boolean | undefined)[] = [undefined, true, false];

/** The expected verdict, written independently from the implementation as a table. */
function expected(policy: ApprovalPolicy, risk: Risk, hint: boolean | undefined, granted: boolean): ApprovalVerdict {
  if (risk === 'read') return 'allow';
  if (granted) return 'allow';
  const table: Record<ApprovalPolicy, Record<Exclude<Risk, 'read'>, ApprovalVerdict>> = {
    never: { write: 'deny', external: 'deny', destructive: 'deny' },
    untrusted: { write: 'ask', external: 'ask', destructive: 'ask' },
    'on-request': {
      write: hint === false ? 'allow' : 'ask',
      external: hint === false ? 'allow' : 'ask',
      destructive: 'ask',
    },
  };
  return table[policy][risk];
}

describe('decideApproval', () => {
  for (const policy of policies)
    for (const risk of risks)
      for (const toolWantsApproval of hints)
        for (const granted of [false, true])
          it(`${policy} / ${risk} / hint=${String(toolWantsApproval)} / granted=${granted}`, () => {
            expect(decideApproval({ policy, risk, toolWantsApproval, granted })).toBe(
              expected(policy, risk, toolWantsApproval, granted),
            );
          });

  it('spot checks the key rules', () => {
    expect(decideApproval({ policy: 'never', risk: 'read', granted: false })).toBe('allow');
    expect(decideApproval({ policy: 'never', risk: 'destructive', granted: true })).toBe('allow');
    expect(decideApproval({ policy: 'never', risk: 'write', toolWantsApproval: false, granted: false })).toBe('deny');
    expect(
      decideApproval({ policy: 'on-request', risk: 'destructive', toolWantsApproval: false, granted: false }),
    ).toBe('ask');
    expect(decideApproval({ policy: 'on-request', risk: 'external', toolWantsApproval: false, granted: false })).toBe(
      'allow',
    );
    expect(decideApproval({ policy: 'untrusted', risk: 'write', toolWantsApproval: false, granted: false })).toBe(
      'ask',
    );
  });
});
