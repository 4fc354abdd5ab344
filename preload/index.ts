// The sandboxed preload: exposes the contract-checked RPC port as `window.assistant`; bundled to one CJS file.
import { contextBridge, ipcRenderer } from 'electron';
import { createAssistantPort } from './bridge';

contextBridge.exposeInMainWorld('assistant', createAssistantPort(ipcRenderer));
