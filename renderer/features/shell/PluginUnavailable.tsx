// Shown in a plugin's panel when `plugin/call` says the plugin is missing, disabled or failed: why, and where to fix it.
import { useUi } from '../../stores/ui';
import { Icon } from '../../ui/Icon';

/** Props of {@link PluginUnavailable}: `name` as users know the plugin, `message` the runtime's explanation. */
export interface PluginUnavailableProps {
  name: string;
  message: string;
}

/** A notice with a link that opens Settings → Plugins. */
export function PluginUnavailable({ name, message }: PluginUnavailableProps) {
  const openSettings = useUi((s) => s.openSettings);
  return (
    <div className="plugin-unavailable" role="status">
      <Icon name="alert" size={20} />
      <p>
        <strong>The {name} plugin is not available.</strong>
      </p>
      <p className="muted small">{message}</p>
      <button type="button" className="btn-link" onClick={() => openSettings('plugins')}>
        Open Settings → Plugins
      </button>
    </div>
  );
}
