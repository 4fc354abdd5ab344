// "Paste an API key": tests the pasted OpenAI key with a cheap authenticated call, stores it (write-only) only when
// it works, and then makes OpenAI the active provider. Used by the onboarding card and the Settings Accounts section.
import { useId, useState } from 'react';
import type { ProviderTest } from '../../../preload/contract';
import { useAccounts } from '../../stores/accounts';
import { useSettings } from '../../stores/settings';
import { Icon } from '../../ui/Icon';

/** The model chosen when a working key switches to OpenAI: the current one if listed, else a small GPT-5. */
export function pickOpenAiModel(models: string[], current: string): string {
  if (models.includes(current)) return current;
  return (
    ['gpt-5-mini', 'gpt-5'].find((m) => models.includes(m)) ??
    models.find((m) => m.startsWith('gpt-')) ??
    models[0] ??
    current
  );
}

/** A test verdict: green when the call worked, red with the next step otherwise. */
export function Verdict({ test }: { test: ProviderTest }) {
  return (
    <p className={test.ok ? 'ok-text' : 'error-text'} role={test.ok ? 'status' : 'alert'} data-testid="verdict">
      <Icon name={test.ok ? 'check' : 'alert'} size={14} /> {test.verdict}
    </p>
  );
}

/** Password field + "Test and save"; `switchTo` makes OpenAI active once the key works. */
export function ApiKeyForm({ switchTo = true }: { switchTo?: boolean }) {
  const setSecret = useSettings((s) => s.setSecret);
  const test = useAccounts((s) => s.test);
  const use = useAccounts((s) => s.use);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ProviderTest | null>(null);
  const id = useId();

  // Test first, store only a key that works: a rejected key never replaces a working one or counts as set up.
  const save = async () => {
    const key = value.trim();
    if (!key) return;
    setBusy(true);
    setResult(null);
    const verdict = await test('openai', key);
    if (!verdict.ok) {
      setResult(verdict);
      setBusy(false);
      return;
    }
    const error = await setSecret('openai', key);
    if (error) {
      setResult({ ok: false, verdict: `The key works but was not stored: ${error.message}`, models: [] });
      setBusy(false);
      return;
    }
    setValue('');
    if (switchTo) {
      const status = useAccounts.getState().status;
      const current = status?.provider === 'openai' ? status.model : '';
      const problem = await use('openai', pickOpenAiModel(verdict.models, current || 'gpt-5-mini'));
      if (problem) verdict.verdict += ` But switching to OpenAI failed: ${problem}`;
    }
    setResult(verdict);
    setBusy(false);
  };

  return (
    <div className="field">
      <label htmlFor={id}>OpenAI API key</label>
      <div className="secret-row">
        <input
          id={id}
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="sk-…"
          value={value}
          maxLength={4096}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void save();
            }
          }}
        />
        <button type="button" className="btn" disabled={busy || !value.trim()} onClick={() => void save()}>
          {busy ? 'Testing…' : 'Test and save'}
        </button>
      </div>
      {result && <Verdict test={result} />}
    </div>
  );
}
