// main/shell and the preload must agree on the event channel and the shell-only event names (neither may import the other).
import { describe, expect, it } from 'vitest';
import { eventChannels } from '../../../preload/contract/channels';
import { IPC_EVENT_CHANNEL as preloadChannel } from '../../../preload/bridge';
import { IPC_EVENT_CHANNEL, SHELL_EVENTS } from '../../../main/shell/shellEvents';

describe('shell events', () => {
  it('use the same IPC channel on both sides, and the shell-only events are contract event channels', () => {
    expect(preloadChannel).toBe(IPC_EVENT_CHANNEL);
    for (const name of Object.values(SHELL_EVENTS)) expect(Object.hasOwn(eventChannels, name)).toBe(true);
  });
});
