// The Codex backend's plan usage limits: `x-codex-*` rate-limit headers and `usage_limit_reached` bodies (wire notes §2.5, §2.6).
import { isObject, num, str } from './wire';

/** One usage window (`primary` is the short one, `secondary` the weekly one). `resetAt` in epoch ms. */
export interface UsageWindow {
  usedPercent: number;
  windowMinutes?: number;
  resetAt?: number;
}

/** The subscription's usage as the backend last reported it. */
export interface ChatGptRateLimits {
  primary?: UsageWindow;
  secondary?: UsageWindow;
  planType?: string;
}

/**
 * Reads `x-codex-{primary,secondary}-{used-percent,window-minutes,reset-at|reset-after-seconds}` from `headers`.
 * `now` (epoch ms) turns `reset-after-seconds` into a time. Resolves undefined when no such header is present.
 */
export function parseCodexRateLimits(headers: Headers, now = Date.now()): ChatGptRateLimits | undefined {
  const out: ChatGptRateLimits = {};
  for (const which of ['primary', 'secondary'] as const) {
    const used = headers.get(`x-codex-${which}-used-percent`);
    if (used === null) continue;
    const window: UsageWindow = { usedPercent: Number(used) || 0 };
    const minutes = Number(headers.get(`x-codex-${which}-window-minutes`));
    if (minutes > 0) window.windowMinutes = minutes;
    const resetAt = Number(headers.get(`x-codex-${which}-reset-at`));
    const resetAfter = Number(headers.get(`x-codex-${which}-reset-after-seconds`));
    if (resetAt > 0) window.resetAt = resetAt * 1000;
    else if (resetAfter > 0) window.resetAt = now + resetAfter * 1000;
    out[which] = window;
  }
  return out.primary || out.secondary ? out : undefined;
}

/**
 * When the usage limit resets, in epoch ms: the error body's `resets_at` (epoch s) or `resets_in_seconds`, else the
 * latest reset among the windows at 100 %, else the primary window's reset. Undefined when nothing says.
 */
export function usageLimitResetAt(
  body: unknown,
  limits: ChatGptRateLimits | undefined,
  now = Date.now(),
): number | undefined {
  const error = isObject(body) && isObject(body.error) ? body.error : {};
  const resetsAt = num(error.resets_at, 0);
  if (resetsAt > 0) return resetsAt * 1000;
  const resetsIn = num(error.resets_in_seconds, 0);
  if (resetsIn > 0) return now + resetsIn * 1000;
  const windows = [limits?.primary, limits?.secondary].filter((w): w is UsageWindow => Boolean(w?.resetAt));
  const full = windows.filter((w) => w.usedPercent >= 100).map((w) => w.resetAt as number);
  if (full.length > 0) return Math.max(...full);
  return limits?.primary?.resetAt;
}

/** `plan_type` of a usage-limit error body, if any. */
export function usageLimitPlan(body: unknown): string | undefined {
  return isObject(body) && isObject(body.error) ? str(body.error.plan_type) : undefined;
}

/** `HH:MM` in local time, with the weekday and date when it is not within the next 20 hours. */
export function formatResetTime(at: number, now = Date.now()): string {
  const date = new Date(at);
  const time = `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
  if (at - now < 20 * 3600_000) return time;
  return `${date.toLocaleDateString('en-US', { weekday: 'short', month: 'short', day: 'numeric' })} ${time}`;
}

/**
 * The message for a reached plan limit: "ChatGPT usage limit reached (plus plan), resets at 14:05. …". Never retried:
 * the next step is waiting or switching provider.
 */
export function usageLimitMessage(resetAt: number | undefined, planType: string | undefined, now = Date.now()): string {
  const plan = planType ? ` (${planType} plan)` : '';
  const when = resetAt !== undefined ? `, resets at ${formatResetTime(resetAt, now)}` : '';
  return (
    `ChatGPT usage limit reached${plan}${when}. Wait until then, or switch to an API key or a local server ` +
    '(model picker, or `deskpilot login --api-key`).'
  );
}

/** A one-line summary for the status bar, e.g. `ChatGPT 42% (5h) · 12% (weekly)`. */
export function describeRateLimits(limits: ChatGptRateLimits, now = Date.now()): string {
  const part = (w: UsageWindow | undefined) => {
    if (!w) return undefined;
    const span = w.windowMinutes
      ? ` of ${w.windowMinutes >= 1440 ? `${Math.round(w.windowMinutes / 1440)}d` : `${Math.round(w.windowMinutes / 60)}h`}`
      : '';
    const reset =
      w.usedPercent >= 100 && w.resetAt ? `, limit reached, resets at ${formatResetTime(w.resetAt, now)}` : '';
    return `${Math.round(w.usedPercent)}%${span}${reset}`;
  };
  return `ChatGPT usage ${[part(limits.primary), part(limits.secondary)].filter(Boolean).join(' · ')}`;
}
