// A real HTTP server on 127.0.0.1 that speaks the OpenAI Responses and Chat Completions wire protocols from scripted turns.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chatFrames, type ChatEnding } from './chatWire';
import { frameResponsesEvents, responsesEvents, type ResponsesEnding } from './responsesWire';
import type { ChatQuirks, ScriptedOutput, ScriptedTurn, WireError } from './scriptedTurns';

export type { ChatQuirks, ScriptedOutput, ScriptedTurn, ScriptedUsage, WireError } from './scriptedTurns';
export { scripted } from './scriptedTurns';

/** One request as the server saw it. `body` is the parsed JSON (or the raw text when it was not JSON). */
export interface CapturedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  /** Size of the request body in bytes, as received. */
  bodyBytes: number;
}

/** Options of {@link startFakeModelServer}. */
export interface FakeModelServerOptions {
  /** Require `Authorization: Bearer …` on `…/responses` (default true); 401 with the real error body otherwise. */
  requireAuth?: boolean;
  /** When set, the bearer token must equal this key (401 `invalid_api_key` otherwise). */
  apiKey?: string;
  /**
   * Model ids served by `GET …/models` (OpenAI list shape `{object:'list', data:[{id}]}`, behind the `apiKey` check
   * when one is set); 404 there when unset.
   */
  models?: string[];
}

/** A running fake model server. */
export interface FakeModelServer {
  /** Base URL to give an adapter, e.g. `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** `http://127.0.0.1:PORT`, for other path prefixes (any path ending in `/responses` or `/chat/completions` is served). */
  origin: string;
  /** Appends turns to the FIFO queue shared by both endpoints. */
  enqueue(...turns: ScriptedTurn[]): void;
  /** Answers requests that find the queue empty. */
  setHandler(fn: (req: CapturedRequest) => ScriptedTurn): void;
  /** Every request received, in arrival order. */
  requests: CapturedRequest[];
  /** Turns still queued. */
  pendingTurns(): number;
  /** Stops listening and drops open connections (hanging streams included). */
  close(): Promise<void>;
}

type Api = 'responses' | 'chat';

/**
 * Starts the server on 127.0.0.1 with an ephemeral port. `POST …/responses` streams Responses SSE
 * (`event:`+`data:` records with `sequence_number`), `POST …/chat/completions` streams data-only chunks with a usage
 * chunk and `[DONE]`. With no turn queued and no handler, answers 500 with `x-should-retry: false` and a body
 * that says so. `GET …/models` lists `opts.models` when given. Other paths get 404.
 */
export async function startFakeModelServer(opts: FakeModelServerOptions = {}): Promise<FakeModelServer> {
  const queue: ScriptedTurn[] = [];
  const requests: CapturedRequest[] = [];
  let handler: ((req: CapturedRequest) => ScriptedTurn) | undefined;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const text = raw.toString('utf8');
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // Keep the raw text: the test can assert on it.
      }
      const path = (req.url ?? '/').split('?')[0];
      const captured: CapturedRequest = {
        method: req.method ?? 'GET',
        path,
        headers: req.headers,
        body,
        bodyBytes: raw.length,
      };
      requests.push(captured);
      const api: Api | undefined =
        req.method !== 'POST'
          ? undefined
          : path.endsWith('/responses')
            ? 'responses'
            : path.endsWith('/chat/completions')
              ? 'chat'
              : undefined;
      if (req.method === 'GET' && path.endsWith('/models') && opts.models) {
        // With `apiKey` set, the list is authenticated like the API's (401 with the real body for a wrong key).
        const denied = opts.apiKey === undefined ? undefined : checkAuth(req.headers.authorization, opts.apiKey);
        if (denied) return sendJson(res, 401, {}, { error: denied });
        const data = opts.models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'fake' }));
        return sendJson(res, 200, {}, { object: 'list', data });
      }
      if (!api)
        return sendJson(res, 404, {}, errorBody(404, { message: `Invalid URL (${req.method} ${path})`, code: null }));
      if (api === 'responses' && opts.requireAuth !== false) {
        const denied = checkAuth(req.headers.authorization, opts.apiKey);
        if (denied) return sendJson(res, 401, {}, { error: denied });
      }
      const turn = queue.shift() ?? handler?.(captured);
      if (!turn) {
        const message = `Fake model server: no scripted turn left for ${req.method} ${path} (request #${requests.length}). Enqueue one with server.enqueue(...) or set a handler.`;
        return sendJson(
          res,
          500,
          { 'x-should-retry': 'false' },
          { error: { message, type: 'server_error', param: null, code: 'fake_queue_empty' } },
        );
      }
      void serveTurn(res, api, turn, obj(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/v1`,
    origin,
    enqueue: (...turns) => void queue.push(...turns),
    setHandler: (fn) => void (handler = fn),
    requests,
    pendingTurns: () => queue.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serveTurn(
  res: http.ServerResponse,
  api: Api,
  turn: ScriptedTurn,
  body: Record<string, unknown>,
): Promise<void> {
  if (turn.kind === 'http_error') {
    const payload = turn.body !== undefined ? turn.body : errorBody(turn.status, turn.error ?? {}, body.model);
    return sendJson(res, turn.status, turn.headers ?? {}, payload);
  }
  if (turn.kind === 'hang_before_headers') return;
  if (turn.kind === 'raw') {
    res.writeHead(turn.status ?? 200, { 'content-type': turn.contentType ?? 'text/event-stream; charset=utf-8' });
    const bytes = typeof turn.body === 'string' ? Buffer.from(turn.body, 'utf8') : turn.body;
    const step = turn.chunkBytes && turn.chunkBytes > 0 ? turn.chunkBytes : bytes.length || 1;
    for (let at = 0; at < bytes.length && !res.destroyed; at += step) {
      res.write(bytes.subarray(at, at + step));
      if (step < bytes.length) await new Promise((r) => setImmediate(r));
    }
    res.end();
    return;
  }
  let closed = false;
  res.on('close', () => (closed = true));
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': `req_${randomBytes(12).toString('hex')}`,
    'openai-processing-ms': '42',
  });
  const frames = turnFrames(api, turn, body);
  if (turn.kind === 'hang') {
    res.write(frames[0]);
    return;
  }
  if (turn.kind === 'stall') {
    let deltas = 0;
    for (const frame of frames) {
      if (deltas >= turn.afterDeltas) break;
      res.write(frame);
      if (isTextDeltaFrame(api, frame)) deltas++;
    }
    return;
  }
  const delayMs = turn.delayMs ?? 0;
  const limit = turn.kind === 'cut' ? Math.min(turn.afterEvents, frames.length) : frames.length;
  for (let i = 0; i < limit && !closed; i++) {
    if (delayMs > 0 && i > 0) await new Promise((r) => setTimeout(r, delayMs));
    if (!closed) res.write(frames[i]);
  }
  if (closed) return;
  if (turn.kind === 'cut') {
    // Flush what was written, then drop the connection without the terminating chunk.
    res.write('', () => res.socket?.destroy());
    return;
  }
  res.end();
}

function turnFrames(
  api: Api,
  turn: Exclude<ScriptedTurn, { kind: 'http_error' | 'raw' | 'hang_before_headers' }>,
  body: Record<string, unknown>,
): string[] {
  const outputs: ScriptedOutput[] = turn.kind === 'hang' ? [] : (turn.outputs ?? []);
  const quirks: ChatQuirks | undefined =
    turn.kind === 'response' || turn.kind === 'cut' || turn.kind === 'stall' ? turn.chat : undefined;
  const model = typeof body.model === 'string' ? body.model : 'unknown-model';
  if (api === 'chat') {
    const ending: ChatEnding =
      turn.kind === 'failed'
        ? { type: 'failed', code: turn.code, message: turn.message }
        : { type: 'finish', usage: turn.kind === 'response' ? turn.usage : undefined };
    return chatFrames(
      outputs,
      { model, includeUsage: obj(body.stream_options).include_usage === true },
      ending,
      quirks,
    );
  }
  let ending: ResponsesEnding = { type: 'completed' };
  if (turn.kind === 'failed')
    ending = { type: 'failed', code: turn.code, message: turn.message, via: turn.via ?? 'response.failed' };
  else if (turn.kind === 'response')
    ending = turn.incomplete
      ? { type: 'incomplete', reason: turn.incomplete, usage: turn.usage }
      : { type: 'completed', usage: turn.usage };
  const info = {
    model,
    instructions: typeof body.instructions === 'string' ? body.instructions : null,
    tools: Array.isArray(body.tools) ? body.tools : [],
    reasoning: body.reasoning ?? null,
  };
  return frameResponsesEvents(responsesEvents(outputs, info, ending));
}

/** True for an SSE frame carrying assistant text: a Responses `output_text.delta` or a Chat chunk with `delta.content`. */
function isTextDeltaFrame(api: Api, frame: string): boolean {
  const data = /^data: (.*)$/m.exec(frame)?.[1];
  if (!data || data === '[DONE]') return false;
  const payload = obj(JSON.parse(data));
  if (api === 'responses') return payload.type === 'response.output_text.delta';
  const choices = Array.isArray(payload.choices) ? payload.choices : [];
  return choices.some((c) => typeof obj(obj(c).delta).content === 'string' && obj(obj(c).delta).content !== '');
}

function checkAuth(header: string | undefined, apiKey: string | undefined): Required<WireError> | undefined {
  const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!token) {
    return {
      message:
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username. You can obtain an API key from https://platform.openai.com/account/api-keys.",
      type: 'invalid_request_error',
      param: null,
      code: null,
    };
  }
  if (apiKey !== undefined && token !== apiKey) {
    return {
      message: `Incorrect API key provided: ${token.slice(0, 3)}*****${token.slice(-4)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    };
  }
  return undefined;
}

/** The body the real API sends for `status`, with `override` fields applied. */
function errorBody(status: number, override: WireError, model?: unknown): { error: Required<WireError> } {
  const name = typeof model === 'string' ? model : 'the model';
  const defaults: Record<number, Required<WireError>> = {
    400: { message: 'Invalid request.', type: 'invalid_request_error', param: null, code: null },
    401: {
      message: 'Incorrect API key provided.',
      type: 'invalid_request_error',
      param: null,
      code: 'invalid_api_key',
    },
    403: {
      message: 'You are not allowed to sample from this model',
      type: 'invalid_request_error',
      param: null,
      code: null,
    },
    404: {
      message: `The model \`${name}\` does not exist or you do not have access to it.`,
      type: 'invalid_request_error',
      param: null,
      code: 'model_not_found',
    },
    408: { message: 'Request timed out.', type: 'server_error', param: null, code: null },
    409: {
      message: 'The request conflicted with another request; please retry.',
      type: 'server_error',
      param: null,
      code: null,
    },
    429: {
      message: `Rate limit reached for ${name} in organization org-fake on tokens per min (TPM): Limit 30000, Used 30000, Requested 120. Please try again in 240ms.`,
      type: 'tokens',
      param: null,
      code: 'rate_limit_exceeded',
    },
  };
  const server: Required<WireError> = {
    message: 'The server had an error while processing your request. Sorry about that!',
    type: 'server_error',
    param: null,
    code: null,
  };
  return { error: { ...(defaults[status] ?? server), ...override } as Required<WireError> };
}

function sendJson(res: http.ServerResponse, status: number, headers: Record<string, string>, payload: unknown): void {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json',
    'x-request-id': `req_${randomBytes(12).toString('hex')}`,
    ...headers,
  });
  res.end(text);
}

function obj(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
