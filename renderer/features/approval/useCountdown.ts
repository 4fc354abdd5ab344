// Hook: a human-readable "expires in …" label for an ISO deadline, refreshed every few seconds.
import { useEffect, useState } from 'react';

/** Label such as `expires in 4 min` / `expires in 30 s` / `expired` for `deadline` (ISO 8601). */
export function countdownLabel(deadline: string, now: number): string {
  const ms = Date.parse(deadline) - now;
  if (Number.isNaN(ms)) return '';
  if (ms <= 0) return 'expired';
  if (ms < 60_000) return `expires in ${Math.ceil(ms / 1000)} s`;
  return `expires in ${Math.ceil(ms / 60_000)} min`;
}

/** Re-renders every 5 s (every second in the last minute) with {@link countdownLabel}. */
export function useCountdown(deadline: string): string {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const left = Date.parse(deadline) - now;
    if (!(left > 0)) return;
    const timer = setTimeout(() => setNow(Date.now()), left < 60_000 ? 1000 : 5000);
    return () => clearTimeout(timer);
  }, [deadline, now]);
  return countdownLabel(deadline, now);
}
