// Ports of the RPC core: a `ws` WebSocket (bridge server and Node client) and an in-memory pair (in-process clients).
import WebSocket, { type RawData } from 'ws';
import type { RpcPort } from '../../../preload/contract/wire';
import { Undecodable } from './server';

/** A port that can also be closed by its owner. */
export interface ClosablePort<Out> extends RpcPort<Out> {
  close(): void;
}

/** Decodes one WebSocket message: JSON text, or {@link Undecodable} for binary data and text that is not JSON. */
export function decodeWsMessage(data: RawData, isBinary: boolean): unknown {
  if (isBinary) return new Undecodable('binary data, not a JSON text frame');
  const text = Array.isArray(data)
    ? Buffer.concat(data).toString('utf8')
    : Buffer.from(data as Buffer).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    return new Undecodable('not JSON');
  }
}

/**
 * A port over a `ws` WebSocket: frames go out as JSON text (dropped once the socket is no longer open), messages come
 * in decoded by {@link decodeWsMessage}. The socket's `error` events (protocol errors: oversized or malformed frames,
 * invalid UTF-8, bad close codes) are passed to `onError`; `ws` closes the socket after them, which fires `onClose`.
 * Installing the error listener here is what keeps one bad client from crashing the process.
 */
export function wsPort<Out>(socket: WebSocket, onError: (error: Error) => void = () => {}): ClosablePort<Out> {
  socket.on('error', onError);
  return {
    send(frame) {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
    },
    onMessage(listener) {
      const on = (data: RawData, isBinary: boolean) => listener(decodeWsMessage(data, isBinary));
      socket.on('message', on);
      return () => void socket.off('message', on);
    },
    onClose(listener) {
      if (socket.readyState === WebSocket.CLOSED) {
        queueMicrotask(listener);
        return () => {};
      }
      socket.once('close', listener);
      return () => void socket.off('close', listener);
    },
    close() {
      if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(1000);
    },
  };
}

/**
 * Two connected in-memory ports: what one side sends the other receives, in order, on a later microtask (as over a
 * real link). Frames are passed as they are (no copy): the in-process client shares the runtime's objects, read-only.
 * Closing either side closes both.
 */
export function memoryPorts<AtoB, BtoA>(): [ClosablePort<AtoB>, ClosablePort<BtoA>] {
  const listeners = [new Set<(message: unknown) => void>(), new Set<(message: unknown) => void>()];
  const closers = new Set<() => void>();
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    for (const listener of [...closers]) queueMicrotask(listener);
    closers.clear();
  };
  const side = <Out>(inbox: Set<(message: unknown) => void>, outbox: Set<(message: unknown) => void>) =>
    ({
      send(frame: Out) {
        if (!open) return;
        queueMicrotask(() => {
          if (open) for (const listener of [...outbox]) listener(frame);
        });
      },
      onMessage(listener) {
        inbox.add(listener);
        return () => void inbox.delete(listener);
      },
      onClose(listener) {
        if (!open) {
          queueMicrotask(listener);
          return () => {};
        }
        closers.add(listener);
        return () => void closers.delete(listener);
      },
      close,
    }) satisfies ClosablePort<Out>;
  return [side<AtoB>(listeners[0]!, listeners[1]!), side<BtoA>(listeners[1]!, listeners[0]!)];
}
