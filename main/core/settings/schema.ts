// The runtime's view of the settings schema: the contract's (preload/contract/settings.ts), so the UI shares it.
export { defaultSettings, Settings, SETTINGS_VERSION } from '../../../preload/contract/settings';
