// Typed `plugin/call` for the plugin panels: a method of a plugin's UI contract (plugins/<name>/contract.ts), checked.
import type { z } from 'zod';
import { err, ok, type Result } from '../../preload/contract';
import { api } from '../api';

/** A plugin's UI contract as plugins/<name>/contract.ts declares it: its id and each method's params and result schema. */
export interface PluginUi {
  readonly pluginId: string;
  readonly methods: { readonly [method: string]: { readonly params: z.ZodType; readonly result: z.ZodType } };
}

/** The params `method` of `ui` takes (as a caller writes them, defaults optional). */
export type UiParams<U extends PluginUi, M extends keyof U['methods']> = z.input<U['methods'][M]['params']>;
/** What `method` of `ui` resolves to. */
export type UiResult<U extends PluginUi, M extends keyof U['methods']> = z.infer<U['methods'][M]['result']>;

/**
 * Calls `method` of the plugin `ui` describes (`plugin/call`) with `params` typed by its contract, and parses the
 * answer with the method's result schema. Resolves to the runtime's error as is (`not_found` when the plugin is
 * missing, disabled, failed or lacks the method), or to an `internal` error naming the plugin and method when the
 * answer does not match the contract. Never throws.
 */
export async function callPlugin<U extends PluginUi, M extends keyof U['methods'] & string>(
  ui: U,
  method: M,
  params: UiParams<U, M>,
): Promise<Result<UiResult<U, M>>> {
  const r = await api.invoke('plugin/call', { pluginId: ui.pluginId, method, params });
  if (!r.ok) return r;
  const parsed = ui.methods[method]!.result.safeParse(r.value);
  if (parsed.success) return ok(parsed.data as UiResult<U, M>);
  const first = parsed.error.issues[0];
  const where = first ? ` (${first.path.join('.') || 'result'}: ${first.message})` : '';
  return err(
    'internal',
    `The ${ui.pluginId} plugin answered ${method} in an unexpected shape${where}; update Deskpilot or the plugin, then reopen this panel.`,
  );
}
