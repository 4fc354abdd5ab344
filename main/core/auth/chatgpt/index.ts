// ChatGPT sign-in (the Codex CLI's OAuth flows against the ChatGPT backend): the public surface of this folder.
export { ChatGptAccount, type ChatGptAccountOptions, type ChatGptBearer, type ChatGptStatus } from './account';
export { startBrowserLogin, type BrowserLogin, type BrowserLoginOptions } from './browserLogin';
export { codexAuthPath, findCodexLogin, readCodexLogin } from './codexImport';
export {
  CALLBACK_PORTS,
  CHATGPT_CLIENT_ID,
  CHATGPT_CREDENTIAL_ACCOUNT,
  chatGptEndpoints,
  ORIGINATOR,
  type ChatGptEndpoints,
} from './config';
export { pollDeviceCode, requestDeviceCode, type DeviceCode, type DevicePollOptions } from './deviceLogin';
export { ChatGptAuthError, type ChatGptAuthErrorCode } from './errors';
export { readClaims, type ChatGptClaims } from './jwt';
export type { ChatGptTokens, TokenSource } from './tokens';
