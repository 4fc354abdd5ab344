// Error classification: SDK errors and in-stream failures become ModelErrorInfo with actionable, secret-free messages.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { describe, expect, it } from 'vitest';
import {
  classifyModelError,
  formatWait,
  ModelTimeoutError,
  RetryAfterTooLongError,
  streamCutError,
  streamFailureError,
  type ModelErrorContext,
} from '../../../../main/core/models/errors';

const key = 'sk-proj-SECRETSECRETSECRET0123';
const ctx: ModelErrorContext = { baseUrl: 'http://127.0.0.1:9/v1', model: 'gpt-test', phase: 'open', secrets: [key] };

function httpError(status: number, error: Record<string, unknown>): APIError {
  return APIError.generate(status, { error }, undefined, new Headers());
}

describe('timeouts and long retry-after waits', () => {
  it('names the setting to raise for first-byte and idle timeouts', () => {
    expect(classifyModelError(new ModelTimeoutError('first_byte', 120_000), ctx)).toEqual({
      code: 'timeout',
      message: expect.stringMatching(
        /^http:\/\/127\.0\.0\.1:9\/v1 did not start answering within 2 minutes \(modelFirstByteTimeoutMs\)/,
      ),
    });
    expect(classifyModelError(new ModelTimeoutError('idle', 90_000), { ...ctx, phase: 'stream' })).toEqual({
      code: 'timeout',
      message: expect.stringMatching(
        /^The stream from gpt-test stalled: nothing arrived for 90 seconds \(modelIdleTimeoutMs\)/,
      ),
    });
  });

  it('says how long the provider asks to wait, with the status, and never echoes a key', () => {
    const cause = APIError.generate(429, { error: { message: `slow down ${key}` } }, undefined, new Headers());
    const info = classifyModelError(new RetryAfterTooLongError(3_600_000, 60_000, cause), ctx);
    expect(info).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(info.message).toMatch(/asks to wait 60 minutes before the next request \(429: slow down \[redacted\]\)/);
    expect(info.message).toMatch(/retryAfterMaxMs = 60 seconds/);
    expect(info.message).not.toContain('SECRET');
  });

  it('formats waits in ms, seconds or minutes', () => {
    expect([250, 1000, 45_000, 119_000, 120_000, 3_600_000].map(formatWait)).toEqual([
      '250 ms',
      '1 second',
      '45 seconds',
      '119 seconds',
      '2 minutes',
      '60 minutes',
    ]);
  });
});

describe('classifyModelError', () => {
  it('names the fix for a rejected key and never echoes the key', () => {
    const info = classifyModelError(
      httpError(401, { message: `Incorrect API key provided: ${key}.`, code: 'invalid_api_key' }),
      ctx,
    );
    expect(info).toEqual({
      code: 'auth',
      status: 401,
      message:
        'The API key was rejected (401). Set a valid key with `deskpilot config set-key openai` or OPENAI_API_KEY.',
    });
  });

  it('masks keys a server echoes in other messages', () => {
    const info = classifyModelError(
      httpError(400, { message: `Bad key ${key} and sk-other-abcdefghijkl in request` }),
      ctx,
    );
    expect(info.code).toBe('bad_request');
    expect(info.message).not.toContain('SECRET');
    expect(info.message).not.toContain('sk-other');
  });

  it('recognises context length, quota and usage limits by body code', () => {
    expect(
      classifyModelError(httpError(400, { message: 'too long', code: 'context_length_exceeded' }), ctx),
    ).toMatchObject({
      code: 'context_length_exceeded',
      status: 400,
      message: expect.stringContaining('/compact'),
    });
    expect(
      classifyModelError(
        httpError(429, { message: 'quota', type: 'insufficient_quota', code: 'insufficient_quota' }),
        ctx,
      ),
    ).toMatchObject({
      code: 'quota_exceeded',
      message: expect.stringContaining('billing'),
    });
    expect(
      classifyModelError(
        httpError(429, { type: 'usage_limit_reached', message: 'The usage limit has been reached' }),
        ctx,
      ),
    ).toMatchObject({
      code: 'usage_limit',
    });
    expect(
      classifyModelError(httpError(400, { message: "This model's maximum context length is 8192 tokens." }), ctx).code,
    ).toBe('context_length_exceeded');
  });

  it('maps statuses to codes', () => {
    expect(classifyModelError(httpError(403, { message: 'no' }), ctx).code).toBe('auth');
    expect(classifyModelError(httpError(404, { message: 'no such model' }), ctx)).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('gpt-test'),
    });
    expect(classifyModelError(httpError(429, { message: 'slow down', code: 'rate_limit_exceeded' }), ctx).code).toBe(
      'rate_limited',
    );
    expect(classifyModelError(httpError(503, { message: 'overloaded' }), ctx)).toMatchObject({
      code: 'server_error',
      status: 503,
    });
    expect(classifyModelError(httpError(422, { message: 'bad' }), ctx).code).toBe('bad_request');
  });

  it('reads a Codex-style {"detail": …} body', () => {
    // The SDK wraps a body without an `error` key as `{ error: body }` before building the error.
    const err = APIError.generate(400, { error: { detail: 'Instructions are not valid' } }, undefined, new Headers());
    expect(classifyModelError(err, ctx).message).toContain('Instructions are not valid');
  });

  it('names the base URL for connection failures and timeouts', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    const info = classifyModelError(
      new APIConnectionError({
        message: 'Connection error.',
        cause: new TypeError('fetch failed', { cause: refused }),
      }),
      ctx,
    );
    expect(info.code).toBe('connection');
    expect(info.message).toContain('Could not reach http://127.0.0.1:9/v1: is the server running? (ECONNREFUSED)');
    expect(classifyModelError(new APIConnectionTimeoutError(), ctx)).toMatchObject({
      code: 'connection',
      message: expect.stringContaining('Timed out'),
    });
  });

  it('classifies aborts', () => {
    expect(classifyModelError(new APIUserAbortError(), ctx).code).toBe('aborted');
    expect(classifyModelError(new DOMException('x', 'AbortError'), ctx).code).toBe('aborted');
  });

  it('treats SDK in-stream errors by their code and plain failures mid-stream as cuts', () => {
    const inStream = new APIError(
      undefined,
      { message: 'You exceeded your current quota', code: 'insufficient_quota', type: 'insufficient_quota' },
      undefined,
      undefined,
    );
    expect(classifyModelError(inStream, { ...ctx, phase: 'stream' }).code).toBe('quota_exceeded');
    const groq = new APIError(
      undefined,
      { message: 'Tool call validation failed', code: 'tool_use_failed' },
      undefined,
      undefined,
    );
    expect(classifyModelError(groq, { ...ctx, phase: 'stream' })).toMatchObject({
      code: 'stream_failed',
      message: expect.stringContaining('Tool call validation failed'),
    });
    expect(classifyModelError(new TypeError('terminated'), { ...ctx, phase: 'stream' }).code).toBe('stream_cut');
    expect(classifyModelError(new SyntaxError('bad json'), { ...ctx, phase: 'stream' }).code).toBe('stream_failed');
  });
});

describe('stream failures', () => {
  it('maps response.failed codes', () => {
    expect(streamFailureError({ code: 'rate_limit_exceeded', message: 'try again in 1.5s' }, ctx).code).toBe(
      'rate_limited',
    );
    expect(streamFailureError({ code: 'context_length_exceeded', message: 'too long' }, ctx).code).toBe(
      'context_length_exceeded',
    );
    expect(streamFailureError({ code: 'insufficient_quota', message: 'no money' }, ctx).code).toBe('quota_exceeded');
    expect(
      streamFailureError({ code: 'server_error', message: 'An error occurred while processing your request.' }, ctx),
    ).toMatchObject({
      code: 'stream_failed',
      message: expect.stringContaining('An error occurred while processing your request'),
    });
  });

  it('says the partial answer was kept on a cut', () => {
    expect(streamCutError('gpt-test')).toEqual({
      code: 'stream_cut',
      message:
        'The stream from gpt-test ended before the response completed; the partial answer was kept. Retry the turn.',
    });
  });
});
