// A hand-rolled WebSocket client over a raw TCP socket, to send frames no library would (RFC 6455 §5 framing).
import { randomBytes } from 'node:crypto';
import net from 'node:net';

/** How to build one frame; every field has the well-formed default. `length` overrides the header's payload length. */
export interface FrameSpec {
  fin?: boolean;
  rsv1?: boolean;
  opcode: number;
  payload?: Buffer | string;
  mask?: boolean;
  length?: bigint;
}

/** One frame from the server (servers never mask). */
export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

/** Encodes a frame per RFC 6455 §5.2: 7-bit, 16-bit (126) or 64-bit (127) length; client frames masked by default. */
export function encodeFrame(spec: FrameSpec): Buffer {
  const payload =
    typeof spec.payload === 'string' ? Buffer.from(spec.payload, 'utf8') : (spec.payload ?? Buffer.alloc(0));
  const length = spec.length ?? BigInt(payload.length);
  const mask = spec.mask ?? true;
  const head: number[] = [((spec.fin ?? true) ? 0x80 : 0) | (spec.rsv1 ? 0x40 : 0) | (spec.opcode & 0x0f)];
  const maskBit = mask ? 0x80 : 0;
  let extended = Buffer.alloc(0);
  if (length < 126n) head.push(maskBit | Number(length));
  else if (length < 65536n) {
    head.push(maskBit | 126);
    extended = Buffer.alloc(2);
    extended.writeUInt16BE(Number(length));
  } else {
    head.push(maskBit | 127);
    extended = Buffer.alloc(8);
    extended.writeBigUInt64BE(length);
  }
  const key = mask ? randomBytes(4) : Buffer.alloc(0);
  const body = Buffer.from(payload);
  if (mask) for (let i = 0; i < body.length; i++) body[i]! ^= key[i % 4]!;
  return Buffer.concat([Buffer.from(head), extended, key, body]);
}

/** A close frame's payload: the 2-byte status code (RFC 6455 §5.5.1). */
export function closePayload(code: number): Buffer {
  const payload = Buffer.alloc(2);
  payload.writeUInt16BE(code);
  return payload;
}

/** An upgraded raw connection. */
export interface RawWebSocket {
  socket: net.Socket;
  /** Writes bytes as they are. */
  write(bytes: Buffer): void;
  /** Resolves with the next frame from the server (rejects when the socket ends first). */
  nextFrame(): Promise<ServerFrame>;
  /** Resolves when the TCP connection has ended, with the close code the server sent (undefined if none). */
  closed: Promise<number | undefined>;
}

/** Opens a TCP connection to 127.0.0.1:`port`, performs the `/ws` upgrade with `headers`, and resolves once upgraded. */
export function rawWebSocket(port: number, headers: Record<string, string>): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    let closeCode: number | undefined;
    const frames: ServerFrame[] = [];
    const waiters: Array<{ resolve: (f: ServerFrame) => void; reject: (e: Error) => void }> = [];
    let ended = false;
    const closed = new Promise<number | undefined>((done) =>
      socket.once('close', () => {
        ended = true;
        for (const w of waiters.splice(0)) w.reject(new Error(`the server closed the connection (code ${closeCode})`));
        done(closeCode);
      }),
    );
    socket.on('error', () => undefined);
    const parse = () => {
      for (;;) {
        if (buffer.length < 2) return;
        const opcode = buffer[0]! & 0x0f;
        let length = buffer[1]! & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) return;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) return;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + length) return;
        const frame = { opcode, payload: buffer.subarray(offset, offset + length) };
        buffer = buffer.subarray(offset + length);
        if (opcode === 8 && frame.payload.length >= 2) closeCode = frame.payload.readUInt16BE(0);
        const waiter = waiters.shift();
        if (waiter) waiter.resolve(frame);
        else frames.push(frame);
      }
    };
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.subarray(0, end).toString('latin1');
        buffer = buffer.subarray(end + 4);
        if (!head.startsWith('HTTP/1.1 101')) {
          socket.destroy();
          reject(new Error(`the upgrade was refused: ${head.split('\r\n')[0]}`));
          return;
        }
        upgraded = true;
        resolve({
          socket,
          write: (bytes) => void socket.write(bytes),
          nextFrame: () =>
            frames.length > 0
              ? Promise.resolve(frames.shift()!)
              : ended
                ? Promise.reject(new Error('the connection has ended'))
                : new Promise((res, rej) => waiters.push({ resolve: res, reject: rej })),
          closed,
        });
      }
      parse();
    });
    socket.once('connect', () => {
      const lines = [
        'GET /ws HTTP/1.1',
        `Host: 127.0.0.1:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
        'Sec-WebSocket-Version: 13',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
        '',
        '',
      ];
      socket.write(lines.join('\r\n'));
    });
    socket.once('close', () => {
      if (!upgraded) reject(new Error('the connection closed before the upgrade'));
    });
  });
}
