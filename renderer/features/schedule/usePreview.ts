// The next five times of the schedule being typed, from the runtime (wakeup/preview), debounced.
import { useEffect, useState } from 'react';
import type { WakeupDraft } from '../../../preload/contract/scheduler';
import { api } from '../../api';

/** Preview state: the times (ISO) and zone, or the runtime's error message naming what is wrong. */
export interface Preview {
  times: string[];
  zone: string;
  error: string | null;
  loading: boolean;
}

/** Asks for the next five occurrences of `schedule` 250 ms after it last changed. */
export function usePreview(schedule: Pick<WakeupDraft, 'at' | 'in' | 'cron' | 'every' | 'tz'>): Preview {
  const key = JSON.stringify(schedule);
  const [preview, setPreview] = useState<Preview>({ times: [], zone: '', error: null, loading: true });
  useEffect(() => {
    let live = true;
    setPreview((p) => ({ ...p, loading: true }));
    const timer = setTimeout(async () => {
      const r = await api.invoke('wakeup/preview', { ...(JSON.parse(key) as typeof schedule), count: 5 });
      if (!live) return;
      setPreview(
        r.ok
          ? { times: r.value.times, zone: r.value.zone, error: null, loading: false }
          : { times: [], zone: '', error: r.error.message, loading: false },
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [key]);
  return preview;
}
