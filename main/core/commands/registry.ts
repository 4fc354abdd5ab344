// Slash commands: registration, lookup, parsing of `/name args`, and running with clear errors.
import type { SlashCommandContext, SlashCommandDefinition, SlashCommandResult } from '../../../plugins/sdk/types';
import { closeMatches } from '../settings/keys';

/** What the UI's autocomplete and /help list for each command. */
export interface CommandInfo {
  name: string;
  description: string;
  usage: string;
  source: string;
}

/** Splits `/name rest` into its parts; null when `text` is not a slash command. */
export function parseSlashCommand(text: string): { name: string; args: string } | null {
  const match = /^\/([a-zA-Z][\w-]*)(?:\s+([\s\S]*))?$/.exec(text.trim());
  return match ? { name: match[1].toLowerCase(), args: (match[2] ?? '').trim() } : null;
}

/** Holds slash commands from the runtime and plugins. */
export class CommandRegistry {
  private readonly commands = new Map<string, { command: SlashCommandDefinition; source: string }>();

  /** Adds a command; throws when the name is taken. Returns a function that removes it. */
  register(command: SlashCommandDefinition, source = 'builtin'): () => void {
    const name = command.name.toLowerCase();
    const existing = this.commands.get(name);
    if (existing) throw new Error(`The slash command /${name} is already registered (by ${existing.source}).`);
    this.commands.set(name, { command, source });
    return () => this.commands.delete(name);
  }

  /** Every command, sorted by name. */
  list(): CommandInfo[] {
    return [...this.commands.values()]
      .map(({ command, source }) => ({
        name: command.name,
        description: command.description,
        usage: command.usage ?? `/${command.name}`,
        source,
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** True when `/name` exists. */
  has(name: string): boolean {
    return this.commands.has(name.toLowerCase());
  }

  /** Up to 3 command names close to `name` (typos, swapped letters, prefixes), best first. */
  closest(name: string): string[] {
    return closeMatches(name.toLowerCase(), [...this.commands.keys()]);
  }

  /**
   * Runs `/name args`. An unknown command resolves to a result naming it, suggesting the closest commands
   * (`Unknown command /modle. Did you mean /model?`) and pointing at /help;
   * a command that throws resolves to a result with its error message (never rejects).
   */
  async run(name: string, ctx: SlashCommandContext): Promise<SlashCommandResult & { ok: boolean }> {
    const entry = this.commands.get(name.toLowerCase());
    if (!entry) {
      const close = this.closest(name);
      const hint = close.length > 0 ? ` Did you mean ${close.map((c) => `/${c}`).join(' or ')}?` : '';
      return { ok: false, text: `Unknown command /${name}.${hint} Type /help to see the commands.` };
    }
    try {
      return { ok: true, ...(await entry.command.run(ctx)) };
    } catch (error) {
      return { ok: false, text: `/${name} failed: ${(error as Error).message}` };
    }
  }
}
