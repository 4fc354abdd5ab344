// Built-in context providers: local date/time with time zone, OS and user, working directory.
import os from 'node:os';
import type { ContextProviderDefinition } from '../../../plugins/sdk/types';

/** Current local date and time with the IANA time zone and UTC offset, e.g. `Saturday, 21 November 2026, 22:47 (Europe/Berlin, UTC+01:00)`. */
export const dateTimeProvider: ContextProviderDefinition<Date> = {
  id: 'datetime',
  title: 'Date and time',
  snapshot: () => new Date(),
  toPrompt: (now) => {
    const { zone, format } = localFormatter();
    return `Now: ${format.format(now)} (${zone}, UTC${formatOffset(now)}); ISO ${now.toISOString()}`;
  },
};

/** Operating system, architecture, host and user name. */
export const systemProvider: ContextProviderDefinition<{
  platform: string;
  release: string;
  arch: string;
  user: string;
  host: string;
}> = {
  id: 'system',
  title: 'System',
  snapshot: () => ({
    platform: os.type(),
    release: os.release(),
    arch: os.arch(),
    user: safeUser(),
    host: os.hostname(),
  }),
  toPrompt: (s) => `OS: ${s.platform} ${s.release} (${s.arch}); user: ${s.user}; host: ${s.host}`,
};

/** The working directory file and shell tools resolve relative paths against. */
export const workingDirectoryProvider: ContextProviderDefinition<string> = {
  id: 'cwd',
  title: 'Working directory',
  snapshot: (ctx) => ctx.cwd,
  toPrompt: (cwd) => `Working directory: ${cwd}`,
};

/** The built-in providers in display order. */
export const builtinContextProviders = [
  dateTimeProvider,
  systemProvider,
  workingDirectoryProvider,
] as ContextProviderDefinition[];

let formatter: { zone: string; format: Intl.DateTimeFormat; checkedAt: number } | null = null;

/** The local time zone and a formatter for it; built once (Intl constructors are slow), rechecked once a minute. */
function localFormatter(): { zone: string; format: Intl.DateTimeFormat } {
  const now = Date.now();
  if (formatter && now - formatter.checkedAt < 60_000) return formatter;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (formatter?.zone === zone) formatter.checkedAt = now;
  else
    formatter = {
      zone,
      format: new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'short', timeZone: zone }),
      checkedAt: now,
    };
  return formatter;
}

function formatOffset(date: Date): string {
  const minutes = -date.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

function safeUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}
