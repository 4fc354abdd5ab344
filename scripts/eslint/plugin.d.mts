// Types of plugin.mjs: Deskpilot's ESLint rules.
import type { Rule } from 'eslint';

/** The plugin: rules `import-layers` and `explained-cast`. */
declare const plugin: {
  meta: { name: string };
  rules: { 'import-layers': Rule.RuleModule; 'explained-cast': Rule.RuleModule };
};
export default plugin;
