// The plugin SDK mirrors a few contract types (it may import only zod): they must stay equal (checked by tsc and vitest).
import { describe, expectTypeOf, it } from 'vitest';
import type { Risk as ContractRisk } from '../../preload/contract/approvals';
import type { Usage as ContractUsage } from '../../preload/contract/items';
import type { SandboxPolicy as ContractSandboxPolicy } from '../../preload/contract/settings';
import type { Risk as SdkRisk, SandboxPolicy as SdkSandboxPolicy, Usage as SdkUsage } from '../../plugins/sdk';

describe('plugin SDK mirrors of the contract', () => {
  it('Risk and Usage are the same types', () => {
    expectTypeOf<SdkRisk>().toEqualTypeOf<ContractRisk>();
    expectTypeOf<SdkUsage>().toEqualTypeOf<ContractUsage>();
    expectTypeOf<SdkSandboxPolicy>().toEqualTypeOf<ContractSandboxPolicy>();
  });
});
