// Deskpilot's own ESLint rules reject what they are for and accept the explained forms.
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import path from 'node:path';
import { describe, it } from 'vitest';
import plugin from '../../scripts/eslint/plugin.mjs';

RuleTester.describe = describe;
RuleTester.it = it;
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const root = path.resolve(__dirname, '../..');

tester.run('explained-cast', plugin.rules['explained-cast'], {
  valid: [
    'const a = b as string;',
    '// Cast: the fake only implements send.\nconst a = b as unknown as Port;',
    'call(\n  // Cast: deliberately ill-typed input.\n  x as never,\n  y as never,\n);',
  ],
  invalid: [
    { code: 'const a = b as unknown as Port;', errors: [{ messageId: 'unexplained' }] },
    { code: 'f(x as never);', errors: [{ messageId: 'unexplained' }] },
  ],
});

tester.run('import-layers', plugin.rules['import-layers'], {
  valid: [
    { code: "import { z } from 'zod';", filename: path.join(root, 'preload/contract/x.ts') },
    { code: "import { a } from '../../preload/contract/channels';", filename: path.join(root, 'renderer/stores/x.ts') },
  ],
  invalid: [
    {
      code: "import { app } from 'electron';",
      filename: path.join(root, 'main/core/x.ts'),
      errors: [{ messageId: 'layer' }],
    },
    {
      code: "import { createRuntime } from '../main/core/runtime';",
      filename: path.join(root, 'renderer/x.ts'),
      errors: [{ messageId: 'layer' }],
    },
  ],
});
