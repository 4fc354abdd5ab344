// The "Browser & desktop" settings section: the browser plugin's executable, headless mode and allowed sites, the
// desktop plugin's screenshot size and verification screenshot, and whether each can work here (their `health`).
import { useEffect, useState } from 'react';
import { BROWSER_UI } from '../../../plugins/browser/contract';
import { DESKTOP_UI } from '../../../plugins/desktop/contract';
import { callPlugin } from '../../stores/pluginCall';
import { Switch } from '../../ui/Switch';
import { automationProblem, type AutomationForm } from './automationForm';
import { Field, type SectionProps } from './Sections';

/** The plugin's `health` summary (or why it could not be read), asked again when `settings` (its saved settings) change. */
function useHealth(ui: typeof BROWSER_UI | typeof DESKTOP_UI, settings: unknown): string | null {
  const [summary, setSummary] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void callPlugin(ui, 'health', {}).then((r) => {
      if (live) setSummary(r.ok ? r.value.summary : r.error.message);
    });
    return () => {
      live = false;
    };
  }, [ui, settings]);
  return summary;
}

/** Browser and desktop automation settings. */
export function AutomationSection({ form, onChange, view }: SectionProps) {
  const a = form.automation;
  const set = (patch: Partial<AutomationForm>) => onChange({ automation: { ...a, ...patch } });
  const browserHealth = useHealth(BROWSER_UI, view.values.plugins.browser);
  const desktopHealth = useHealth(DESKTOP_UI, view.values.plugins.desktop);
  const problem = automationProblem(a);
  return (
    <div className="section">
      <h3>Browser</h3>
      {browserHealth && (
        <p className="muted small" role="status">
          {browserHealth}
        </p>
      )}
      <Field
        label="Browser executable"
        hint="Leave empty to find Chrome, Chromium, Edge or Brave. Applies when the browser next starts."
      >
        {(id) => (
          <input
            id={id}
            type="text"
            spellCheck={false}
            placeholder="/usr/bin/chromium"
            value={a.browserExecutable}
            onChange={(e) => set({ browserExecutable: e.target.value })}
          />
        )}
      </Field>
      <Field label="Show the browser window" hint="Applies when the browser next starts.">
        {(id) => (
          <select
            id={id}
            value={a.browserHeadless}
            onChange={(e) => set({ browserHeadless: e.target.value as AutomationForm['browserHeadless'] })}
          >
            <option value="auto">When a display exists (headless otherwise)</option>
            <option value="never">Always (fails without a display)</option>
            <option value="always">Never (headless)</option>
          </select>
        )}
      </Field>
      <Field
        label="Allowed sites"
        hint="One host per line, e.g. shop.example.com or *.example.com. On these sites the browser clicks, fills, presses and selects without asking."
      >
        {(id) => (
          <textarea
            id={id}
            rows={4}
            spellCheck={false}
            value={a.browserAllowedHosts}
            onChange={(e) => set({ browserAllowedHosts: e.target.value })}
          />
        )}
      </Field>
      <h3>Desktop</h3>
      {desktopHealth && (
        <p className="muted small" role="status">
          {desktopHealth}
        </p>
      )}
      <Field label="Screenshot size (pixels)" hint="Screenshots are scaled down so their longer side is at most this.">
        {(id) => (
          <input
            id={id}
            type="number"
            min={320}
            max={3840}
            step={1}
            value={a.desktopScreenshotMaxSize}
            onChange={(e) => set({ desktopScreenshotMaxSize: e.target.value })}
          />
        )}
      </Field>
      <div className="field field-inline">
        <span>Screenshot after each input action (so the model sees the result)</span>
        <Switch
          checked={a.desktopVerifyScreenshot}
          label="Screenshot after each input action"
          onChange={(on) => set({ desktopVerifyScreenshot: on })}
        />
      </div>
      {problem && (
        <p className="error-text small" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
