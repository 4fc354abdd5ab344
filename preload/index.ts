// The sandboxed preload: exposes the contract-allowlisted bridge as `window.assistant`; bundled to one CJS file.
import { contextBridge, ipcRenderer } from 'electron';
import { createAssistantApi } from './bridge';

contextBridge.exposeInMainWorld('assistant', createAssistantApi(ipcRenderer));
