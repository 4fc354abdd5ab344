// Pure mapping between the settings view's `values` and the dialog's form, and the patch a save sends.
// Field meanings and defaults: main/core/settings/schema.ts.

/** Reasoning effort values the runtime accepts. */
export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high'] as const;
/** Approval policy values (DESIGN.md §6). */
export const APPROVAL_POLICIES = ['untrusted', 'on-request', 'never'] as const;
/** Theme values. */
export const THEMES = ['system', 'light', 'dark'] as const;
/** Model providers. */
export const PROVIDERS = ['openai', 'openai-compatible'] as const;

/** The editable settings as flat form fields (URLs empty = unset). */
export interface SettingsForm {
  provider: (typeof PROVIDERS)[number];
  model: string;
  openaiBaseUrl: string;
  compatibleBaseUrl: string;
  reasoningEffort: (typeof REASONING_EFFORTS)[number];
  approvalPolicy: (typeof APPROVAL_POLICIES)[number];
  globalShortcut: string;
  launchAtLogin: boolean;
  theme: (typeof THEMES)[number];
}

function pick<T extends string>(allowed: readonly T[], value: unknown, fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

function obj(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Reads the form from `values`; missing or unexpected values fall back to the schema defaults. */
export function formFromValues(values: Record<string, unknown>): SettingsForm {
  return {
    provider: pick(PROVIDERS, values.provider, 'openai'),
    model: str(values.model, 'gpt-5-mini'),
    openaiBaseUrl: str(obj(values.openai).baseUrl),
    compatibleBaseUrl: str(obj(values.compatible).baseUrl),
    reasoningEffort: pick(REASONING_EFFORTS, values.reasoningEffort, 'medium'),
    approvalPolicy: pick(APPROVAL_POLICIES, values.approvalPolicy, 'on-request'),
    globalShortcut: str(values.globalShortcut),
    launchAtLogin: values.launchAtLogin === true,
    theme: pick(THEMES, values.theme, 'system'),
  };
}

/**
 * The `settings/update` patch for what changed between `initial` and `form`. Nested objects (`openai`,
 * `compatible`) are sent whole, starting from their current `values` so unrelated keys survive; an emptied
 * OpenAI base URL is removed (the runtime falls back to `OPENAI_BASE_URL` or the default). Strings are trimmed.
 */
export function patchFromForm(
  values: Record<string, unknown>,
  initial: SettingsForm,
  form: SettingsForm,
): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const flat = [
    'provider',
    'model',
    'reasoningEffort',
    'approvalPolicy',
    'globalShortcut',
    'launchAtLogin',
    'theme',
  ] as const;
  for (const key of flat) {
    const next = typeof form[key] === 'string' ? (form[key] as string).trim() : form[key];
    if (next !== initial[key]) patch[key] = next;
  }
  if (form.openaiBaseUrl.trim() !== initial.openaiBaseUrl) {
    const { baseUrl: _old, ...rest } = obj(values.openai);
    const url = form.openaiBaseUrl.trim();
    patch.openai = url ? { ...rest, baseUrl: url } : rest;
  }
  if (form.compatibleBaseUrl.trim() !== initial.compatibleBaseUrl) {
    patch.compatible = { ...obj(values.compatible), baseUrl: form.compatibleBaseUrl.trim() };
  }
  return patch;
}
