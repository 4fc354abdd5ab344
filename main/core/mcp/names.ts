// Model-visible names of MCP tools: `<server>__<tool>`, sanitized to ^[A-Za-z0-9_-]{1,64}$, collisions resolved.

/** Longest tool name the OpenAI APIs accept. */
const MAX_NAME = 64;

/** `text` with every character outside `[A-Za-z0-9_-]` replaced by `_` (an empty result becomes `tool`). */
export function sanitizeNamePart(text: string): string {
  const clean = text.replace(/[^A-Za-z0-9_-]/g, '_');
  return clean === '' ? 'tool' : clean;
}

/**
 * The exposed name of `tool` of `server`: `<server>__<tool>` sanitized and cut to 64 characters; when `taken(name)`
 * is true, `_2`, `_3`, ... are appended (within the 64 characters) until a free name is found.
 */
export function exposedToolName(server: string, tool: string, taken: (name: string) => boolean): string {
  const base = `${sanitizeNamePart(server)}__${sanitizeNamePart(tool)}`.slice(0, MAX_NAME);
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = `${base.slice(0, MAX_NAME - suffix.length)}${suffix}`;
    if (!taken(candidate)) return candidate;
  }
}

/** The approval rule tool pattern covering every tool of `server` (see approvals/grants.ts `ruleToolCovers`). */
export function serverRuleTool(server: string): string {
  return `${sanitizeNamePart(server)}__*`;
}
