// The settings dialog: section tabs, one form across sections, Save with validation errors from the runtime.
import { useEffect, useMemo, useState } from 'react';
import { useSettings } from '../../stores/settings';
import { useUi, type SettingsSection } from '../../stores/ui';
import { Dialog } from '../../ui/Dialog';
import { Icon } from '../../ui/Icon';
import { AccountsSection } from './AccountsSection';
import { AutomationSection } from './AutomationSection';
import { automationProblem } from './automationForm';
import { McpSection } from './McpSection';
import { ApprovalsSection, DesktopSection, ModelSection, PluginsSection } from './Sections';
import { formFromValues, patchFromForm, type SettingsForm } from './settingsForm';

const sections: { id: SettingsSection; label: string }[] = [
  { id: 'accounts', label: 'Accounts' },
  { id: 'model', label: 'Model' },
  { id: 'approvals', label: 'Approvals' },
  { id: 'desktop', label: 'Desktop & appearance' },
  { id: 'automation', label: 'Browser & desktop' },
  { id: 'plugins', label: 'Plugins' },
  { id: 'mcp', label: 'MCP servers' },
];

/** Settings dialog (opened from the header, the banner or the status bar). */
export function SettingsDialog() {
  const open = useUi((s) => s.settingsOpen);
  const section = useUi((s) => s.settingsSection);
  const openSettings = useUi((s) => s.openSettings);
  const close = useUi((s) => s.closeSettings);
  const { view, refresh, update } = useSettings();
  const initial = useMemo(() => (view ? formFromValues(view.values) : null), [view]);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<number | null>(null);

  useEffect(() => {
    if (!open) return;
    setError(null);
    setSavedAt(null);
    void refresh();
  }, [open, refresh]);

  useEffect(() => {
    if (open && initial && !form) setForm(initial);
    if (!open) setForm(null);
  }, [open, initial, form]);

  const patch = view && initial && form ? patchFromForm(view.values, initial, form) : {};
  const dirty = Object.keys(patch).length > 0;
  /** A field that cannot be saved as typed (shown in its section); Save waits until it is fixed. */
  const problem = form ? automationProblem(form.automation) : null;

  const save = async () => {
    if (!dirty) return;
    if (problem) {
      setError(problem);
      return;
    }
    setSaving(true);
    setError(null);
    const e = await update(patch);
    setSaving(false);
    if (e) {
      setError(e.message);
      return;
    }
    setForm(null);
    setSavedAt(Date.now());
  };

  return (
    <Dialog
      open={open}
      title="Settings"
      onClose={close}
      className="dialog-wide"
      footer={
        <>
          {savedAt && !dirty && (
            <span className="ok-text small" role="status">
              <Icon name="check" size={14} /> Saved
            </span>
          )}
          <button type="button" className="btn" onClick={close}>
            {dirty ? 'Cancel' : 'Close'}
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!dirty || saving || Boolean(problem)}
            onClick={() => void save()}
          >
            {saving ? 'Saving…' : 'Save'}
          </button>
        </>
      }
    >
      <div className="settings">
        <nav className="settings-nav" aria-label="Settings sections">
          {sections.map((s) => (
            <button
              key={s.id}
              type="button"
              className={s.id === section ? 'active' : undefined}
              aria-current={s.id === section ? 'page' : undefined}
              onClick={() => openSettings(s.id)}
            >
              {s.label}
            </button>
          ))}
        </nav>
        <div className="settings-body">
          {view?.credentialWarning && (
            <div className="banner banner-warn" role="alert">
              <Icon name="alert" size={16} />
              <p>{view.credentialWarning}</p>
            </div>
          )}
          {view?.warnings.map((w) => (
            <div key={w} className="banner banner-info" role="status">
              <Icon name="info" size={16} />
              <p>{w}</p>
            </div>
          ))}
          {error && (
            <div className="banner banner-error" role="alert">
              <Icon name="alert" size={16} />
              <p>{error}</p>
            </div>
          )}
          {!view || !form ? (
            <p className="muted">Loading settings…</p>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void save();
              }}
            >
              {section === 'model' && (
                <ModelSection form={form} view={view} onChange={(p) => setForm({ ...form, ...p })} />
              )}
              {section === 'approvals' && (
                <ApprovalsSection form={form} view={view} onChange={(p) => setForm({ ...form, ...p })} />
              )}
              {section === 'desktop' && (
                <DesktopSection form={form} view={view} onChange={(p) => setForm({ ...form, ...p })} />
              )}
              {section === 'automation' && (
                <AutomationSection form={form} view={view} onChange={(p) => setForm({ ...form, ...p })} />
              )}
              {section === 'plugins' && <PluginsSection />}
              {section === 'accounts' && <AccountsSection />}
              {section === 'mcp' && <McpSection />}
            </form>
          )}
        </div>
      </div>
    </Dialog>
  );
}
