// A write-only API key field: shows whether a key is stored, never the key itself.
import { useId, useState } from 'react';
import { useSettings } from '../../stores/settings';
import { Badge } from '../../ui/Badge';

/** Props of {@link SecretField}. */
export interface SecretFieldProps {
  name: 'openai' | 'compatible';
  label: string;
  isSet: boolean;
  hint?: string;
}

/** Password input with Save key / Remove key; calls `settings/setSecret`. */
export function SecretField({ name, label, isSet, hint }: SecretFieldProps) {
  const setSecret = useSettings((s) => s.setSecret);
  const [value, setValue] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const id = useId();

  const save = async (next: string | null) => {
    setBusy(true);
    setError(null);
    setSaved(null);
    const e = await setSecret(name, next);
    setBusy(false);
    if (e) setError(e.message);
    else {
      setValue('');
      setSaved(next ? 'Key saved.' : 'Key removed.');
    }
  };

  return (
    <div className="field">
      <div className="field-label-row">
        <label htmlFor={id}>{label}</label>
        <Badge tone={isSet ? 'ok' : 'neutral'}>{isSet ? 'set' : 'not set'}</Badge>
      </div>
      <div className="secret-row">
        <input
          id={id}
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder={isSet ? 'Enter a new key to replace the stored one' : 'Paste your API key'}
          value={value}
          maxLength={4096}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && value.trim()) {
              e.preventDefault();
              void save(value.trim());
            }
          }}
        />
        <button type="button" className="btn" disabled={busy || !value.trim()} onClick={() => void save(value.trim())}>
          Store key
        </button>
        {isSet && (
          <button type="button" className="btn btn-danger-quiet" disabled={busy} onClick={() => void save(null)}>
            Remove key
          </button>
        )}
      </div>
      {hint && <p className="hint">{hint}</p>}
      {saved && (
        <p className="hint ok-text" role="status">
          {saved}
        </p>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
