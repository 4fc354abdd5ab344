// The status store's usage-limit line: set by a usage_limit error, cleared by the next completed turn.
import { describe, expect, it, vi } from 'vitest';

// The store's refresh talks to the runtime; these tests only feed it turn events.
vi.mock('../../../../renderer/api', () => ({ api: { invoke: () => Promise.reject(new Error('not in this test')) } }));

const { usageLimitText, useStatus } = await import('../../../../renderer/stores/status');

describe('usage limit in the status store', () => {
  it('turns the adapter message into "limit reached, resets at HH:MM"', () => {
    expect(
      usageLimitText(
        'ChatGPT usage limit reached (plus plan), resets at 14:05. Wait until then, or switch to an API key or a local server.',
      ),
    ).toBe('limit reached, resets at 14:05');
    expect(usageLimitText('ChatGPT usage limit reached, resets at Tue, Dec 8 09:00. Wait until then.')).toBe(
      'limit reached, resets at Tue, Dec 8 09:00',
    );
    expect(usageLimitText('ChatGPT usage limit reached. Wait.')).toBe('limit reached');
  });

  it('follows turn outcomes: other errors leave it, a completed turn clears it', () => {
    const { noteTurn } = useStatus.getState();
    noteTurn({ type: 'error', code: 'usage_limit', message: 'ChatGPT usage limit reached, resets at 14:05. Wait.' });
    expect(useStatus.getState().usageLimit).toBe('limit reached, resets at 14:05');
    noteTurn({ type: 'error', code: 'stream_failed', message: 'boom' });
    noteTurn({ type: 'turn_completed', stopReason: 'error' });
    expect(useStatus.getState().usageLimit).toBe('limit reached, resets at 14:05');
    noteTurn({ type: 'turn_completed', stopReason: 'completed' });
    expect(useStatus.getState().usageLimit).toBeNull();
  });
});
