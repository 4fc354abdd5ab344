// Pure mapping between the settings view's `values` and the dialog's form, and the patch a save sends.
// Field meanings, allowed values and defaults: preload/contract/settings.ts.
import type {
  ApprovalPolicy,
  Provider,
  ReasoningEffort,
  SandboxPolicy,
  Settings,
  Theme,
} from '../../../preload/contract';
import { automationFormFrom, automationPatch, type AutomationForm } from './automationForm';

/** The editable settings as flat form fields (URLs empty = unset). */
export interface SettingsForm {
  provider: Provider;
  model: string;
  openaiBaseUrl: string;
  compatibleBaseUrl: string;
  reasoningEffort: ReasoningEffort;
  approvalPolicy: ApprovalPolicy;
  sandbox: SandboxPolicy;
  globalShortcut: string;
  launchAtLogin: boolean;
  theme: Theme;
  /** Browser and desktop plugin settings (automationForm.ts). */
  automation: AutomationForm;
}

/** Reads the form from the runtime's settings `values`. */
export function formFromValues(values: Settings): SettingsForm {
  return {
    provider: values.provider,
    model: values.model,
    openaiBaseUrl: values.openai.baseUrl ?? '',
    compatibleBaseUrl: values.compatible.baseUrl,
    reasoningEffort: values.reasoningEffort,
    approvalPolicy: values.approvalPolicy,
    sandbox: values.sandbox,
    globalShortcut: values.globalShortcut,
    launchAtLogin: values.launchAtLogin,
    theme: values.theme,
    automation: automationFormFrom(values),
  };
}

/**
 * The `settings/update` patch for what changed between `initial` and `form`. Nested objects (`openai`,
 * `compatible`) are sent whole, starting from their current `values` so unrelated keys survive; an emptied
 * OpenAI base URL is removed (the runtime falls back to `OPENAI_BASE_URL` or the default). Strings are trimmed.
 */
export function patchFromForm(values: Settings, initial: SettingsForm, form: SettingsForm): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  const flat = [
    'provider',
    'model',
    'reasoningEffort',
    'approvalPolicy',
    'sandbox',
    'globalShortcut',
    'launchAtLogin',
    'theme',
  ] as const;
  for (const key of flat) {
    const next = typeof form[key] === 'string' ? (form[key] as string).trim() : form[key];
    if (next !== initial[key]) patch[key] = next;
  }
  if (form.openaiBaseUrl.trim() !== initial.openaiBaseUrl) {
    const { baseUrl: _old, ...rest } = values.openai;
    const url = form.openaiBaseUrl.trim();
    patch.openai = url ? { ...rest, baseUrl: url } : rest;
  }
  if (form.compatibleBaseUrl.trim() !== initial.compatibleBaseUrl) {
    patch.compatible = { ...values.compatible, baseUrl: form.compatibleBaseUrl.trim() };
  }
  Object.assign(patch, automationPatch(values, initial.automation, form.automation));
  return patch;
}
