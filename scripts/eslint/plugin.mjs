// Deskpilot's own ESLint rules: the import layers in the editor, and casts that silence the type checker only with a
// reason written next to them. See https://eslint.org/docs/latest/extend/custom-rules for the rule format.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { classify, violation } from './importLayers.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** @type {import('eslint').Rule.RuleModule} */
const importLayers = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only what DESIGN.md §3 allows.' },
    schema: [],
    messages: { layer: 'Import of "{{spec}}" breaks the layers of DESIGN.md §3: {{reason}}.' },
  },
  create(context) {
    const file = context.filename;
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (rel.startsWith('..')) return {};
    /** @param {any} node */
    const check = (node) => {
      const source = node.source;
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') return;
      const reason = violation(rel, classify(root, file, source.value));
      if (reason) context.report({ node: source, messageId: 'layer', data: { spec: source.value, reason } });
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};

/** @type {import('eslint').Rule.RuleModule} */
const explainedCast = {
  meta: {
    type: 'problem',
    docs: {
      description:
        '`as unknown as T` and `as never` switch the type checker off: allowed only with a comment on the same or the previous line saying why.',
    },
    schema: [],
    messages: {
      unexplained: '`{{cast}}` needs a comment on this line or the line above saying why the types cannot say it.',
    },
  },
  create(context) {
    const source = context.sourceCode;
    /**
     * Explained: a comment inside the enclosing statement before the cast ends, or on the line above that statement.
     * @param {any} node
     */
    const explained = (node) => {
      let statement = node;
      while (statement.parent && !/Statement|Declaration$|Property$/.test(statement.type)) statement = statement.parent;
      const first = statement.loc.start.line - 1;
      const last = node.loc.end.line;
      return source.getAllComments().some((comment) => comment.loc.end.line >= first && comment.loc.start.line <= last);
    };
    return {
      /** @param {any} node */
      TSAsExpression(node) {
        const type = node.typeAnnotation.type;
        let cast = null;
        if (type === 'TSNeverKeyword') cast = 'as never';
        else if (
          node.expression.type === 'TSAsExpression' &&
          node.expression.typeAnnotation.type === 'TSUnknownKeyword'
        )
          cast = 'as unknown as';
        if (cast && !explained(node)) context.report({ node, messageId: 'unexplained', data: { cast } });
      },
    };
  },
};

/** The plugin object for eslint.config.js: rules `deskpilot/import-layers` and `deskpilot/explained-cast`. */
export default {
  meta: { name: 'deskpilot' },
  rules: { 'import-layers': importLayers, 'explained-cast': explainedCast },
};
