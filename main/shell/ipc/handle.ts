// The only ipcMain listener: RPC frames from our windows -> trusted-sender check -> one RPC connection per page.
import type { EventChannel, Payload } from '../../../preload/contract/channels';
import { IPC_RPC_CHANNEL, type ServerFrame } from '../../../preload/contract/wire';
import type { ChannelHandlers } from '../../core/api/dispatch';
import { serveRpc, type EventSource, type RpcConnection } from '../../core/rpc/server';
import { isAppUrl } from '../appOrigin';
import { checkSender, type FrameLike } from './sender';

/** The parts of an Electron `WebContents` the IPC server uses. */
export interface ContentsLike {
  readonly id: number;
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, frame: ServerFrame): void;
  on(event: 'destroyed' | 'did-navigate' | 'render-process-gone', listener: () => void): unknown;
  removeListener(event: 'destroyed' | 'did-navigate' | 'render-process-gone', listener: () => void): unknown;
}

/** The parts of an Electron `IpcMainEvent` the IPC server reads. */
export interface IpcEventLike {
  readonly sender: ContentsLike;
  readonly senderFrame: FrameLike | null;
}

/** The parts of Electron's `ipcMain` the IPC server uses. */
export interface IpcMainLike {
  on(channel: string, listener: (event: IpcEventLike, frame: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: IpcEventLike, frame: unknown) => void): unknown;
}

/** What {@link serveIpc} needs. */
export interface IpcServerDeps {
  ipcMain: IpcMainLike;
  handlers: ChannelHandlers;
  bus: EventSource;
  /** The ids of our windows' webContents (the trusted senders). */
  ourIds: () => ReadonlySet<number>;
  warn: (message: string, fields: Record<string, unknown>) => void;
  /** Called when the page in `contents` subscribed to `channels` (so the shell can re-send a state it missed). */
  onSubscribe?: (contents: ContentsLike, channels: readonly EventChannel[]) => void;
}

/** The running IPC server. */
export interface IpcServer {
  /**
   * Sends a shell event (contract `shell/*`) to the pages in `targets` (default: every connected page) that
   * subscribed to it; returns how many received it.
   */
  emit<E extends EventChannel>(event: E, payload: Payload<E>, targets?: Iterable<ContentsLike>): number;
  /** Removes the ipcMain listener and ends every connection. */
  dispose(): void;
}

/** One page's RPC connection. */
interface Connection {
  contents: ContentsLike;
  rpc: RpcConnection;
  /** Ends the connection (its port closes: requests in flight are aborted, subscriptions dropped). */
  end(): void;
  /** Hands one frame from the page to the connection. */
  deliver(message: unknown): void;
}

/** Why one page's connection ends: the webContents is gone, its renderer died, or it loaded a new document. */
const RESET_EVENTS = ['destroyed', 'render-process-gone', 'did-navigate'] as const;

/**
 * Listens on {@link IPC_RPC_CHANNEL}. Each frame must come from a trusted sender ({@link checkSender}: one of our
 * windows, its main frame, on the app origin); anything else is dropped and logged, with no reply. The frames of one
 * page form one RPC connection ({@link serveRpc}: validation, dispatch with cancellation, subscriptions); it ends when
 * the webContents is destroyed, its renderer is gone or its main frame navigates to a new document (a reload), so a
 * reloaded page starts with no stale subscriptions. Frames are sent back only while the page is on the app origin.
 */
export function serveIpc(deps: IpcServerDeps): IpcServer {
  const connections = new Map<number, Connection>();

  const connect = (contents: ContentsLike): Connection => {
    const messageListeners = new Set<(message: unknown) => void>();
    const closeListeners = new Set<() => void>();
    const end = () => {
      if (connections.get(contents.id)?.contents !== contents) return;
      connections.delete(contents.id);
      for (const name of RESET_EVENTS) contents.removeListener(name, end);
      for (const listener of [...closeListeners]) listener();
    };
    const rpc = serveRpc(
      {
        send(frame) {
          if (!contents.isDestroyed() && isAppUrl(contents.getURL())) contents.send(IPC_RPC_CHANNEL, frame);
        },
        onMessage(listener) {
          messageListeners.add(listener);
          return () => void messageListeners.delete(listener);
        },
        onClose(listener) {
          closeListeners.add(listener);
          return () => void closeListeners.delete(listener);
        },
      },
      deps.handlers,
      deps.bus,
      { onSubscribe: (channels) => deps.onSubscribe?.(contents, channels) },
    );
    for (const name of RESET_EVENTS) contents.on(name, end);
    const connection: Connection = {
      contents,
      rpc,
      end,
      deliver: (message: unknown) => {
        for (const listener of [...messageListeners]) listener(message);
      },
    };
    connections.set(contents.id, connection);
    return connection;
  };

  const onFrame = (event: IpcEventLike, frame: unknown) => {
    const verdict = checkSender(event, deps.ourIds());
    if (!verdict.trusted) {
      const channel = (frame as { channel?: unknown } | null)?.channel;
      deps.warn('refused an IPC frame from an untrusted sender', {
        reason: verdict.reason,
        ...(typeof channel === 'string' ? { channel: channel.slice(0, 200) } : {}),
      });
      return;
    }
    const existing = connections.get(event.sender.id);
    (existing && existing.contents === event.sender ? existing : connect(event.sender)).deliver(frame);
  };
  deps.ipcMain.on(IPC_RPC_CHANNEL, onFrame);

  return {
    emit(event, payload, targets) {
      const wanted = targets ? new Set([...targets].map((t) => t.id)) : null;
      let delivered = 0;
      for (const connection of connections.values())
        if ((!wanted || wanted.has(connection.contents.id)) && connection.rpc.emit(event, payload)) delivered++;
      return delivered;
    },
    dispose() {
      deps.ipcMain.removeListener(IPC_RPC_CHANNEL, onFrame);
      for (const connection of [...connections.values()]) connection.end();
    },
  };
}
