// The composer's model picker: lists the models of every configured provider (`accounts/models`) and switches the
// active provider + model (`accounts/use`) for the next turn.
import { useEffect, useId, useRef, useState } from 'react';
import type { Provider } from '../../../preload/contract';
import { useAccounts } from '../../stores/accounts';
import { useStatus } from '../../stores/status';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';

const SHORT: Record<Provider, string> = { chatgpt: 'ChatGPT', openai: 'OpenAI', 'openai-compatible': 'Local' };

/** A button with the active model; opens a menu of the configured providers' models. */
export function ModelPicker() {
  const status = useStatus((s) => s.status);
  const models = useAccounts((s) => s.models);
  const loading = useAccounts((s) => s.loadingModels);
  const loadModels = useAccounts((s) => s.loadModels);
  const use = useAccounts((s) => s.use);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (open && models === null) void loadModels();
  }, [open, models, loadModels]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  if (!status) return null;
  const choose = async (provider: Provider, model: string) => {
    const problem = await use(provider, model);
    setError(problem);
    if (!problem) setOpen(false);
  };

  return (
    <div
      className="model-picker"
      ref={rootRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          setOpen(false);
        }
      }}
    >
      <button
        type="button"
        className="model-picker-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        title="Model for the next message"
        onClick={() => setOpen(!open)}
      >
        {SHORT[status.provider]} · {status.model}
        <Icon name="chevron" size={12} className="model-picker-chevron" />
      </button>
      {open && (
        <div className="model-menu" id={menuId} role="menu" aria-label="Models">
          {loading || models === null ? (
            <p className="muted small">
              <Spinner label="Loading models" /> Loading models…
            </p>
          ) : models.length === 0 ? (
            <p className="muted small">No provider is set up: see Settings → Accounts.</p>
          ) : (
            models.map((group) => (
              <div key={group.provider} className="model-group" role="group" aria-label={group.label}>
                <p className="model-group-label">{group.label}</p>
                {group.error && <p className="error-text small">{group.error}</p>}
                {group.models.map((model) => {
                  const current = status.provider === group.provider && status.model === model;
                  return (
                    <button
                      key={model}
                      type="button"
                      role="menuitemradio"
                      aria-checked={current}
                      className={`model-item${current ? ' is-current' : ''}`}
                      onClick={() => void choose(group.provider, model)}
                    >
                      {current && <Icon name="check" size={12} />} {model}
                    </button>
                  );
                })}
              </div>
            ))
          )}
          {error && (
            <p className="error-text small" role="alert">
              {error}
            </p>
          )}
          <button type="button" className="btn btn-link small" onClick={() => void loadModels()}>
            Refresh list
          </button>
        </div>
      )}
    </div>
  );
}
