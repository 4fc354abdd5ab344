// The runtime's logger: levelled JSON lines to a sink, with secrets redacted before anything is written.
import type { Logger } from '../../../plugins/sdk/types';

/** Log levels in increasing severity. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Where formatted log lines go (one line per call, no trailing newline). */
export type LogSink = (line: string, level: LogLevel) => void;

const secretKey = /(api[-_]?key|authorization|token|secret|password|cookie|ticket)/i;
const secretValue = [
  /\bsk-[A-Za-z0-9_-]{8,}/g, // OpenAI-style API keys
  /\bBearer\s+[A-Za-z0-9._~+/=-]{8,}/gi, // bearer tokens
  /\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*/g, // JWTs
];
const registered = new Set<string>();

/** Registers a secret value (e.g. a bridge token) so that every later log line masks it. Ignores values under 8 chars. */
export function registerSecret(value: string): void {
  if (value.length >= 8) registered.add(value);
}

/** Masks known secret shapes and registered secrets in a string. */
export function redact(text: string): string {
  let out = text;
  for (const secret of registered) out = out.split(secret).join('[redacted]');
  for (const pattern of secretValue) out = out.replace(pattern, '[redacted]');
  return out;
}

/** Deep-copies `value`, replacing values under secret-looking keys and masking secret-looking strings. */
export function redactFields(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[deep]';
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((v) => redactFields(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redact(value.message) };
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = secretKey.test(k) ? '[redacted]' : redactFields(v, depth + 1);
    return out;
  }
  return value;
}

/** Options for {@link createLogger}: minimum level (default `warn`, or `DESKPILOT_LOG_LEVEL`) and the sink (default stderr). */
export interface LoggerOptions {
  level?: LogLevel;
  sink?: LogSink;
  /** `json` (default): one JSON object per line; `text`: `level: message (key=value …)` for people at a terminal. */
  format?: 'json' | 'text';
}

/**
 * Creates a logger whose lines are `{"t": ISO time, "level", "scope", "msg", ...fields}` JSON, redacted.
 * `scope` names the part of the runtime (e.g. `agent`, `plugin:memory`).
 */
export function createLogger(scope: string, options: LoggerOptions = {}): Logger & { child(scope: string): Logger } {
  const envLevel = process.env.DESKPILOT_LOG_LEVEL as LogLevel | undefined;
  const min = order[options.level ?? (envLevel && envLevel in order ? envLevel : 'warn')];
  const sink: LogSink = options.sink ?? ((line) => process.stderr.write(`${line}\n`));
  const write = (level: LogLevel, msg: string, fields?: Record<string, unknown>) => {
    if (order[level] < min) return;
    const safeFields = fields ? (redactFields(fields) as Record<string, unknown>) : {};
    if (options.format === 'text') {
      const extra = Object.entries(safeFields)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join(' ');
      sink(`${level === 'warn' ? 'warning' : level}: ${redact(msg)}${extra ? ` (${extra})` : ''}`, level);
      return;
    }
    sink(JSON.stringify({ t: new Date().toISOString(), level, scope, msg: redact(msg), ...safeFields }), level);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (sub) => createLogger(`${scope}:${sub}`, options),
  };
}
