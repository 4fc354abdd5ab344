// The settings dialog's sections: model, approvals (policy + always-allow rules), desktop, plugins.
import { useEffect, useId, type ReactNode } from 'react';
import { ApprovalPolicy, ReasoningEffort, SandboxPolicy, Theme, type SettingsView } from '../../../preload/contract';
import { useSettings } from '../../stores/settings';
import { Badge, type BadgeTone } from '../../ui/Badge';
import { Switch } from '../../ui/Switch';
import { formatDuration } from '../../ui/format';
import { SecretField } from './SecretField';
import type { SettingsForm } from './settingsForm';

/** Props shared by the form sections. */
export interface SectionProps {
  form: SettingsForm;
  onChange: (patch: Partial<SettingsForm>) => void;
  view: SettingsView;
}

/** A labelled form field with an optional hint; `children` gets the input's id. */
export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: (id: string) => ReactNode;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(id)}
      {hint && <p className="hint">{hint}</p>}
    </div>
  );
}

/** Provider, model, base URL, API key, reasoning effort. */
export function ModelSection({ form, onChange, view }: SectionProps) {
  const compatible = form.provider === 'openai-compatible';
  return (
    <div className="section">
      <Field label="Provider">
        {(id) => (
          <select
            id={id}
            value={form.provider}
            onChange={(e) => onChange({ provider: e.target.value as SettingsForm['provider'] })}
          >
            <option value="chatgpt">ChatGPT (sign in under Accounts)</option>
            <option value="openai">OpenAI</option>
            <option value="openai-compatible">OpenAI-compatible server (Ollama, LM Studio, llama.cpp…)</option>
          </select>
        )}
      </Field>
      <Field
        label="Model"
        hint={compatible ? 'The model name your server lists, e.g. llama3.1:8b.' : 'For example gpt-5-mini or gpt-5.'}
      >
        {(id) => (
          <input
            id={id}
            type="text"
            spellCheck={false}
            value={form.model}
            onChange={(e) => onChange({ model: e.target.value })}
          />
        )}
      </Field>
      {compatible ? (
        <Field label="Base URL" hint="The server's OpenAI-compatible endpoint, usually ending in /v1.">
          {(id) => (
            <input
              id={id}
              type="url"
              spellCheck={false}
              placeholder="http://127.0.0.1:11434/v1"
              value={form.compatibleBaseUrl}
              onChange={(e) => onChange({ compatibleBaseUrl: e.target.value })}
            />
          )}
        </Field>
      ) : (
        <Field label="Base URL (optional)" hint="Leave empty for api.openai.com.">
          {(id) => (
            <input
              id={id}
              type="url"
              spellCheck={false}
              placeholder="https://api.openai.com/v1"
              value={form.openaiBaseUrl}
              onChange={(e) => onChange({ openaiBaseUrl: e.target.value })}
            />
          )}
        </Field>
      )}
      {compatible ? (
        <SecretField
          name="compatible"
          label="Server API key (optional)"
          isSet={view.secrets.compatible}
          hint="Only if your server asks for one."
        />
      ) : (
        <SecretField name="openai" label="OpenAI API key" isSet={view.secrets.openai} />
      )}
      <p className="hint">
        Keys are stored{' '}
        {view.credentialBackend === 'keychain' ? 'in your system keychain' : 'in a private file on this computer'} and
        are never shown again.
      </p>
      <Field label="Reasoning effort" hint="Higher effort thinks longer before answering (reasoning models only).">
        {(id) => (
          <select
            id={id}
            value={form.reasoningEffort}
            onChange={(e) => onChange({ reasoningEffort: e.target.value as SettingsForm['reasoningEffort'] })}
          >
            {ReasoningEffort.options.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        )}
      </Field>
    </div>
  );
}

const policyHelp: Record<SettingsForm['approvalPolicy'], string> = {
  untrusted: 'Ask before every tool that does more than read.',
  'on-request': 'Ask unless a grant or rule covers the call; destructive tools always ask.',
  never: 'Never ask: calls outside your grants and rules are denied.',
};

const sandboxHelp: Record<SettingsForm['sandbox'], string> = {
  'read-only': 'Tools may read but not change files; shell commands run read-only.',
  'workspace-write':
    'Tools may change files only in the working directory and chosen folders; shell commands run in an OS sandbox without network.',
  'full-access': 'No sandbox: tools may change any file the user can (Deskpilot’s secrets stay protected).',
};

/** Approval policy and the list of saved "always allow" rules with Revoke. */
export function ApprovalsSection({ form, onChange }: SectionProps) {
  const { rules, refreshRules, revokeRule } = useSettings();
  useEffect(() => {
    void refreshRules();
  }, [refreshRules]);
  return (
    <div className="section">
      <Field label="Approval policy" hint={policyHelp[form.approvalPolicy]}>
        {(id) => (
          <select
            id={id}
            value={form.approvalPolicy}
            onChange={(e) => onChange({ approvalPolicy: e.target.value as SettingsForm['approvalPolicy'] })}
          >
            {ApprovalPolicy.options.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label="Sandbox" hint={sandboxHelp[form.sandbox]}>
        {(id) => (
          <select
            id={id}
            value={form.sandbox}
            onChange={(e) => onChange({ sandbox: e.target.value as SettingsForm['sandbox'] })}
          >
            {SandboxPolicy.options.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        )}
      </Field>
      <h3>Always-allow rules</h3>
      {rules.length === 0 ? (
        <p className="muted small">No rules yet. Choosing “Always allow” on an approval saves one here.</p>
      ) : (
        <ul className="rule-list">
          {rules.map((r) => (
            <li key={r.id}>
              <div className="rule-body">
                <code>{r.tool}</code>
                {Object.keys(r.match).length === 0 ? (
                  <span className="muted small">any arguments</span>
                ) : (
                  <span className="rule-match">
                    {Object.entries(r.match).map(([k, v]) => (
                      <span key={k} className="rule-kv">
                        {k} = <code>{v}</code>
                      </span>
                    ))}
                  </span>
                )}
                <span className="muted small">since {new Date(r.createdAt).toLocaleDateString()}</span>
              </div>
              <button
                type="button"
                className="btn btn-danger-quiet"
                aria-label={`Revoke rule for ${r.tool}`}
                onClick={() => void revokeRule(r.id)}
              >
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Global shortcut, launch at login, theme. */
export function DesktopSection({ form, onChange }: SectionProps) {
  return (
    <div className="section">
      <Field
        label="Global shortcut"
        hint="Opens the quick prompt from anywhere (desktop app), e.g. CommandOrControl+Shift+Space."
      >
        {(id) => (
          <input
            id={id}
            type="text"
            spellCheck={false}
            value={form.globalShortcut}
            onChange={(e) => onChange({ globalShortcut: e.target.value })}
          />
        )}
      </Field>
      <div className="field field-inline">
        <span>Launch at login</span>
        <Switch checked={form.launchAtLogin} label="Launch at login" onChange={(v) => onChange({ launchAtLogin: v })} />
      </div>
      <fieldset className="field">
        <legend>Theme</legend>
        <div className="segmented">
          {Theme.options.map((t) => (
            <label key={t} className={form.theme === t ? 'selected' : undefined}>
              <input
                type="radio"
                name="theme"
                value={t}
                checked={form.theme === t}
                onChange={() => onChange({ theme: t })}
              />
              {t[0]!.toUpperCase() + t.slice(1)}
            </label>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

const pluginTone: Record<string, BadgeTone> = {
  active: 'ok',
  inactive: 'neutral',
  failed: 'danger',
  disabled: 'neutral',
};

/** Installed plugins with status and an enable switch. */
export function PluginsSection() {
  const { plugins, refreshPlugins, setPluginEnabled } = useSettings();
  useEffect(() => {
    void refreshPlugins();
  }, [refreshPlugins]);
  if (plugins.length === 0) return <p className="muted small">No plugins are installed.</p>;
  return (
    <ul className="plugin-list">
      {plugins.map((p) => (
        <li key={p.id} className="plugin">
          <div className="plugin-head">
            <div>
              <strong>{p.displayName}</strong> <span className="muted small">v{p.version}</span>
            </div>
            <Badge tone={pluginTone[p.status] ?? 'neutral'}>{p.status}</Badge>
            <Switch
              checked={p.status !== 'disabled'}
              label={`Enable ${p.displayName}`}
              onChange={(on) => void setPluginEnabled(p.id, on)}
            />
          </div>
          <p className="small">{p.description}</p>
          {p.error && (
            <p className="error-text small" role="alert">
              {p.error}
            </p>
          )}
          <p className="muted small">
            {[
              p.tools.length ? `${p.tools.length} tool${p.tools.length === 1 ? '' : 's'}` : null,
              p.contextProviders.length
                ? `${p.contextProviders.length} context provider${p.contextProviders.length === 1 ? '' : 's'}`
                : null,
              p.slashCommands.length ? p.slashCommands.map((c) => `/${c}`).join(' ') : null,
              p.permissions.length ? `permissions: ${p.permissions.join(', ')}` : null,
              p.activationMs !== undefined ? `started in ${formatDuration(p.activationMs)}` : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </li>
      ))}
    </ul>
  );
}
