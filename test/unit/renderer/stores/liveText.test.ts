// Tests for the live text fast path (renderer/stores/liveText.ts): deltas reach only their turn's registered view.
import { describe, expect, it } from 'vitest';
import { onLiveText, pushLiveText } from '../../../../renderer/stores/liveText';
import { ev } from '../fixtures';

describe('liveText', () => {
  it('hands text deltas to the view of their session and turn, in order, and nothing else', () => {
    const got: string[] = [];
    const off = onLiveText('s1', 't1', (d) => got.push(d));
    pushLiveText(ev('text_delta', { delta: 'a' }));
    pushLiveText(ev('text_delta', { turnId: 't2', delta: 'other turn' }));
    pushLiveText(ev('text_delta', { sessionId: 's2', delta: 'other chat' }));
    pushLiveText(ev('reasoning_delta', { delta: 'thinking' }));
    pushLiveText(ev('text_delta', { delta: 'b' }));
    off();
    pushLiveText(ev('text_delta', { delta: 'after unregister' }));
    expect(got).toEqual(['a', 'b']);
  });

  it('a stale unregister does not remove the view that replaced it', () => {
    const first: string[] = [];
    const second: string[] = [];
    const offFirst = onLiveText('s1', 't1', (d) => first.push(d));
    const offSecond = onLiveText('s1', 't1', (d) => second.push(d));
    offFirst();
    pushLiveText(ev('text_delta', { delta: 'x' }));
    offSecond();
    expect({ first, second }).toEqual({ first: [], second: ['x'] });
  });
});
