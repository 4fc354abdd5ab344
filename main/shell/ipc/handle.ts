// The only ipcMain.handle registrations: one per contract request channel, each answered by answerRequest.
import { ipcMain } from 'electron';
import { invokeChannels } from '../../../preload/contract/channels';
import { answerRequest, type RequestDeps } from './request';

/**
 * Registers a handler for every channel of `invokeChannels` (the preload invokes each under its contract name).
 * Returns a function that removes them all.
 */
export function registerIpcHandlers(deps: RequestDeps): () => void {
  const channels = Object.keys(invokeChannels);
  for (const channel of channels) {
    ipcMain.handle(channel, (event, params: unknown) => answerRequest(deps, channel, event, params));
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
