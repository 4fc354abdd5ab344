// Typed `plugin/call` for the plugin panels: calls a plugin's UI method and checks its untyped answer with a zod schema.
import type { z } from 'zod';
import { err, ok, type Result } from '../../preload/contract';
import { api } from '../api';

/**
 * Calls `method` of plugin `pluginId` with `params` (`plugin/call`) and parses the answer with `schema`. Resolves
 * to the runtime's error as is (`not_found` when the plugin is missing, disabled, failed or lacks the method), or
 * to an `internal` error naming the plugin and method when the answer does not match `schema`. Never throws.
 */
export async function callPlugin<S extends z.ZodType>(
  pluginId: string,
  method: string,
  params: unknown,
  schema: S,
): Promise<Result<z.infer<S>>> {
  const r = await api.invoke('plugin/call', { pluginId, method, params });
  if (!r.ok) return r;
  const parsed = schema.safeParse(r.value);
  if (parsed.success) return ok(parsed.data);
  const first = parsed.error.issues[0];
  const where = first ? ` (${first.path.join('.') || 'result'}: ${first.message})` : '';
  return err(
    'internal',
    `The ${pluginId} plugin answered ${method} in an unexpected shape${where}; update Deskpilot or the plugin, then reopen this panel.`,
  );
}
