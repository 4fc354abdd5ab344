// Issue 8 High #1: one bad WebSocket message must never kill the runtime. Hand-built frames over a raw TCP socket to a
// real `deskpilot serve` child; after each attack the child must be alive and answer another client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePayload, encodeFrame, rawWebSocket, type FrameSpec, type RawWebSocket } from '../support/rawWebSocket';
import { askStatus, startServeProcess, SERVE_START_TIMEOUT_MS, type ServeProcess } from '../support/serveProcess';

/** WebSocket opcodes (RFC 6455 §5.2). */
const TEXT = 1;
const CONTINUATION = 0;
const CLOSE = 8;
const PING = 9;

let serve: ServeProcess;

beforeAll(async () => {
  serve = await startServeProcess(['--port', '0']);
}, SERVE_START_TIMEOUT_MS + 10_000);

afterAll(async () => {
  await serve?.stop();
});

const connect = () => rawWebSocket(serve.info.port, { Authorization: `Bearer ${serve.info.token}` });

/** Sends a text frame with `text` and resolves with the parsed reply frame. */
async function exchange(ws: RawWebSocket, text: string): Promise<Record<string, unknown>> {
  ws.write(encodeFrame({ opcode: TEXT, payload: text }));
  const frame = await ws.nextFrame();
  expect(frame.opcode).toBe(TEXT);
  return JSON.parse(frame.payload.toString('utf8')) as Record<string, unknown>;
}

/** The runtime is alive: the child runs and a new client gets a `runtime/status` reply. */
async function expectAlive(): Promise<void> {
  expect(serve.alive(), `the runtime died; stderr: ${serve.stderr()}`).toBe(true);
  expect(await askStatus(serve.info)).toMatchObject({ ok: true, value: { version: expect.any(String) } });
}

describe('a malformed message gets an error reply; the socket and the runtime live on', () => {
  it.each([
    ['JSON null', 'null'],
    ['a number', '42'],
    ['a string', '"request"'],
    ['an array', '[1,2]'],
    ['not JSON', '{"type":'],
    ['wrong types', '{"type":"request","id":{},"channel":7,"params":null}'],
    ['an unknown frame type', '{"type":"launch","id":3}'],
    ['a subscribe to an unknown channel', '{"type":"subscribe","channels":["fs/changed"]}'],
  ])('%s', async (_name, text) => {
    const ws = await connect();
    try {
      const reply = await exchange(ws, text);
      expect(reply).toMatchObject({ type: 'reply', result: { ok: false, error: { code: 'invalid_params' } } });
      // The same socket still serves requests.
      const next = await exchange(
        ws,
        JSON.stringify({ type: 'request', id: 9, channel: 'runtime/status', params: {} }),
      );
      expect(next).toMatchObject({ type: 'reply', id: 9, result: { ok: true } });
    } finally {
      ws.socket.destroy();
    }
    await expectAlive();
  });
});

describe('a protocol error closes that socket only', () => {
  const attacks: Array<[string, Buffer, number[]]> = [
    // A header announcing more than maxPayload (32 MiB): refused before any payload arrives.
    ['a frame over maxPayload', encodeFrame({ opcode: TEXT, length: 33n * 1024n * 1024n }), [1009]],
    ['a 2^62 length header', encodeFrame({ opcode: TEXT, length: 2n ** 62n }), [1009]],
    [
      'invalid UTF-8 in a text frame',
      encodeFrame({ opcode: TEXT, payload: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]) }),
      [1007],
    ],
    ['an unmasked client frame', encodeFrame({ opcode: TEXT, payload: '{}', mask: false }), [1002]],
    ['opcode 3 (reserved)', encodeFrame({ opcode: 3, payload: 'x' }), [1002]],
    ['RSV1 set without an extension', encodeFrame({ opcode: TEXT, rsv1: true, payload: '{}' }), [1002]],
    ['an orphan continuation frame', encodeFrame({ opcode: CONTINUATION, payload: 'x' }), [1002]],
    ['a fragmented ping', encodeFrame({ opcode: PING, fin: false, payload: 'x' } satisfies FrameSpec), [1002]],
    ['close code 999', encodeFrame({ opcode: CLOSE, payload: closePayload(999) }), [1002]],
  ];

  it.each(attacks)('%s', async (_name, bytes, codes) => {
    const bystander = await connect();
    const ws = await connect();
    try {
      ws.write(bytes);
      const code = await ws.closed;
      expect(codes).toContain(code);
      // Another socket of the same runtime is untouched.
      const reply = await exchange(
        bystander,
        JSON.stringify({ type: 'request', id: 1, channel: 'runtime/status', params: {} }),
      );
      expect(reply).toMatchObject({ type: 'reply', id: 1, result: { ok: true } });
    } finally {
      ws.socket.destroy();
      bystander.socket.destroy();
    }
    await expectAlive();
  });

  it('logged the protocol errors as warnings, with no uncaught exception', () => {
    expect(serve.stderr()).toContain('closed a bridge connection after a protocol error');
    expect(serve.stderr()).not.toMatch(/Uncaught|UnhandledPromiseRejection|RangeError: Invalid WebSocket frame/);
  });
});
