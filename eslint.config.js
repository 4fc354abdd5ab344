// Lint rules: typescript-eslint recommended, the import layers of DESIGN.md §3 (the same check as test/arch), no
// focused tests, and no unexplained casts that switch the type checker off.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import deskpilot from './scripts/eslint/plugin.mjs';

const electronOnly = {
  paths: [
    { name: 'electron', message: 'Only main/shell, main/index.ts and preload may import electron (DESIGN.md §3).' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['main/core/**/*.ts', 'plugins/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', electronOnly] },
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { deskpilot },
    rules: {
      'deskpilot/import-layers': 'error',
      'deskpilot/explained-cast': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.object.name=/^(it|test|describe|suite|bench)$/][callee.property.name='only']",
          message: 'A focused test (.only) hides every other test in the file: remove it before committing.',
        },
      ],
    },
  },
  { files: ['renderer/**/*.{ts,tsx}'], languageOptions: { globals: { ...globals.browser } } },
);
