// Slash-command autocomplete logic (pure): when to show the list, what matches, and what picking inserts.

/** The part of a command the matcher needs (`name` without the slash). */
export interface CommandLike {
  name: string;
}

/**
 * The command name being typed, or null when the list should be hidden: the text must start with `/` and
 * the caret must still be inside that first word.
 */
export function slashQuery(text: string, caret: number): string | null {
  if (!text.startsWith('/')) return null;
  const firstSpace = text.search(/\s/);
  const end = firstSpace === -1 ? text.length : firstSpace;
  if (caret < 1 || caret > end) return null;
  return text.slice(1, end);
}

/** Commands whose name starts with `query` first, then those containing it; at most `limit` (default 8). */
export function matchCommands<C extends CommandLike>(commands: readonly C[], query: string, limit = 8): C[] {
  const q = query.toLowerCase();
  const starts = commands.filter((c) => c.name.toLowerCase().startsWith(q));
  const contains = commands.filter((c) => !c.name.toLowerCase().startsWith(q) && c.name.toLowerCase().includes(q));
  return [...starts, ...contains].slice(0, limit);
}

/** Replaces the typed command word with `/name ` and keeps whatever followed it. */
export function applyCommand(text: string, name: string): string {
  const firstSpace = text.search(/\s/);
  const rest = firstSpace === -1 ? '' : text.slice(firstSpace).replace(/^\s+/, '');
  return `/${name} ${rest}`;
}
