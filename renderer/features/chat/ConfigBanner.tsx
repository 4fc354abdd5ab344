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
        <strong>No model is set up yet.</strong> Add an OpenAI API key, or point Deskpilot at a local OpenAI-compatible
        server (Ollama, LM Studio, llama.cpp) in Settings.
      </p>
      <button type="button" className="btn btn-primary" onClick={() => openSettings('model')}>
        Open Settings
      </button>
    </div>
  );
}
