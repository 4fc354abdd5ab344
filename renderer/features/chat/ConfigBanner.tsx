// Banner shown while no model is configured, pointing to Settings.
import { useStatus } from '../../stores/status';
import { useUi } from '../../stores/ui';
import { Icon } from '../../ui/Icon';

/** "Model not configured" banner (runtime/status `modelConfigured: false`); renders nothing otherwise. */
export function ConfigBanner() {
  const status = useStatus((s) => s.status);
  const openSettings = useUi((s) => s.openSettings);
  if (!status || status.modelConfigured) return null;
  return (
    <div className="banner banner-warn" role="status">
      <Icon name="info" size={16} />
      <p>
        <strong>No model is set up yet.</strong> Sign in with ChatGPT, paste an OpenAI API key, or pick a local server
        (Ollama, LM Studio) in Settings → Accounts.
      </p>
      <button type="button" className="btn btn-primary" onClick={() => openSettings('accounts')}>
        Open Settings
      </button>
    </div>
  );
}
