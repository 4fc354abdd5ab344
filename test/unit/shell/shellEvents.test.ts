// main/shell and the preload must agree on the event channel and the shell-only event names (neither may import the other).
import { describe, expect, it } from 'vitest';
import { eventChannels } from '../../../preload/contract/channels';
import { IPC_EVENT_CHANNEL as preloadChannel, SHELL_EVENT_NAMES } from '../../../preload/bridge';
import { IPC_EVENT_CHANNEL, SHELL_EVENTS } from '../../../main/shell/shellEvents';

describe('shell events', () => {
  it('use the same IPC channel and names on both sides, distinct from the contract events', () => {
    expect(preloadChannel).toBe(IPC_EVENT_CHANNEL);
    expect([...SHELL_EVENT_NAMES].sort()).toEqual(Object.values(SHELL_EVENTS).sort());
    for (const name of SHELL_EVENT_NAMES) expect(Object.hasOwn(eventChannels, name)).toBe(false);
  });
});
