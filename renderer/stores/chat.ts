// Store of the open chat: loads a session, applies live agent events (batched per frame), sends, stops, retries.
import { create } from 'zustand';
import type { AgentEvent, Attachment, ToolResultInfo } from '../../preload/contract';
import { api } from '../api';
import { historyAfterPage, prependHistory } from './chatHistory';
import {
  addNote,
  applyAgentEvents,
  chatFromDetail,
  emptyChat,
  lastSeq,
  toolResultsOf,
  type ChatModel,
} from './chatModel';
import { reportError, useNotices } from './notices';
import { writeSessionHash } from './route';
import { useSessions } from './sessions';

interface ChatStore {
  model: ChatModel;
  /** Session id being fetched, or null. */
  loading: string | null;
  /** Why the last `open` failed, shown in place of the transcript. */
  loadError: string | null;
  /** Why fetching older entries of the open chat stopped (`model.historyBefore` stays set); null while all is well. */
  historyError: string | null;
  /** True while `chat/send` is in flight. */
  sending: boolean;
  /** The turn the last accepted `send` started (null for a slash command, or before any send). */
  lastSentTurnId: string | null;
  /** A message written while a turn ran; sent when that chat's turn ends (see {@link ChatStore.queue}). */
  queued: QueuedMessage | null;
  /**
   * Keeps a message typed while a turn runs in the chat on screen and sends it as soon as that turn ends (completed,
   * stopped or failed), as ChatGPT and Claude do. A second message replaces the first (it is returned to the caller).
   */
  queue(text: string, attachments: Attachment[]): QueuedMessage | null;
  /** Takes the queued message back (it is not sent); returns it, or null when none was queued. */
  cancelQueued(): QueuedMessage | null;
  /**
   * Opens a session: fetches its last entries (`session/get` with `tail`), shows them, then fetches the older ones
   * page by page (`session/entries`) when the page is idle. Live events that arrive during the first fetch are
   * applied after it; later ones apply at once.
   */
  open(sessionId: string): Promise<void>;
  /** Clears to a blank chat; the session is created when the first message is sent. */
  newChat(): void;
  /** Re-fetches the open session (after a reconnect), keeping local notes and the older entries already loaded. */
  reload(): Promise<void>;
  /** Fetches the older entries again after a failure (`historyError`). */
  retryHistory(): void;
  /** Sends a message or slash command; resolves true when the runtime accepted it. */
  send(text: string, attachments: Attachment[]): Promise<boolean>;
  interrupt(): Promise<void>;
  retry(): Promise<void>;
  /** Applies one frame's worth of agent events. */
  applyEvents(events: AgentEvent[]): void;
}

/** A message waiting for the running turn of `sessionId` to end. */
export interface QueuedMessage {
  sessionId: string;
  text: string;
  attachments: Attachment[];
}

/** Entries `open` asks for first: screens' worth of rows, small enough to arrive and paint at once. */
const TAIL_ENTRIES = 200;
/** Entries per background `session/entries` request for older history. */
const HISTORY_PAGE = 2000;

let buffered: AgentEvent[] = [];
let loadToken = 0;
/** The load whose older history is being fetched (its token), so one fetch loop runs per load. */
let historyRun = -1;
/** Tool results of the open chat's turns, for tool cards of older pages. */
let toolResults: ReadonlyMap<string, ToolResultInfo> = new Map();

/** Resolves when the page is idle (or after 500 ms at the latest), so history fetches never delay a paint. */
function whenIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 500 });
    else setTimeout(resolve, 0);
  });
}

/** Store of the chat on screen. */
export const useChat = create<ChatStore>()((set, get) => {
  /** Fetches older pages of `sessionId` until the history is complete, the chat changes (token) or a request fails. */
  const fetchHistory = async (token: number, sessionId: string) => {
    if (historyRun === token) return;
    historyRun = token;
    try {
      for (;;) {
        await whenIdle();
        const before = get().model.historyBefore;
        if (token !== loadToken || before === null || get().model.sessionId !== sessionId) return;
        const r = await api.invoke('session/entries', { sessionId, beforeSeq: before, limit: HISTORY_PAGE });
        if (token !== loadToken || get().model.sessionId !== sessionId) return;
        if (!r.ok) {
          // A deleted chat closes by itself (session/updated); anything else can be retried, or heals on reconnect.
          if (r.error.code !== 'not_found') set({ historyError: r.error.message });
          return;
        }
        set({
          model: prependHistory(get().model, r.value.entries, toolResults, historyAfterPage(r.value, HISTORY_PAGE)),
        });
      }
    } finally {
      if (historyRun === token) historyRun = -1;
    }
  };

  /** Sends the queued message once its chat is on screen and idle. */
  const sendQueuedWhenIdle = () => {
    const { queued, model, sending, loading } = get();
    if (!queued || sending || loading || model.running || model.sessionId !== queued.sessionId) return;
    set({ queued: null });
    void get()
      .send(queued.text, queued.attachments)
      .then((ok) => {
        // Not sent (e.g. the runtime refused it): keep it queued rather than lose what the user wrote.
        if (!ok && !get().queued) set({ queued });
      });
  };

  const load = async (sessionId: string, keepNotes: boolean) => {
    const token = ++loadToken;
    buffered = [];
    set({ loading: sessionId, loadError: null, historyError: null });
    const r = await api.invoke('session/get', { sessionId, tail: TAIL_ENTRIES });
    if (token !== loadToken) return;
    const events = buffered;
    buffered = [];
    if (!r.ok) {
      set({ loading: null, loadError: r.error.message });
      return;
    }
    const previous = get().model;
    toolResults = toolResultsOf(r.value.turns);
    let model = chatFromDetail(r.value);
    if (keepNotes && previous.sessionId === sessionId) {
      // Entries never change once written: older ones still on screen stay when they reach into the new tail (no gap).
      const before = model.historyBefore;
      const older =
        before !== null && lastSeq(previous) >= before ? previous.entries.filter((e) => e.seq < before) : [];
      if (older.length > 0) model = prependHistory(model, older, toolResults, previous.historyBefore);
      model = { ...model, notes: previous.notes };
    }
    set({ model: applyAgentEvents(model, events, new Date().toISOString()), loading: null });
    void fetchHistory(token, sessionId);
    sendQueuedWhenIdle();
  };

  return {
    model: emptyChat(),
    loading: null,
    loadError: null,
    historyError: null,
    sending: false,
    lastSentTurnId: null,
    queued: null,
    queue(text, attachments) {
      const sessionId = get().model.sessionId;
      if (!sessionId) return null;
      const previous = get().queued;
      set({ queued: { sessionId, text, attachments } });
      return previous;
    },
    cancelQueued() {
      const queued = get().queued;
      set({ queued: null });
      return queued;
    },
    async open(sessionId) {
      if (get().model.sessionId === sessionId && !get().loadError) return;
      writeSessionHash(sessionId);
      set({ model: emptyChat(sessionId) });
      await load(sessionId, false);
    },
    newChat() {
      loadToken++;
      writeSessionHash(null);
      set({ model: emptyChat(), loading: null, loadError: null, historyError: null });
    },
    async reload() {
      const id = get().model.sessionId;
      if (id) await load(id, true);
    },
    retryHistory() {
      const { model, loading } = get();
      if (!model.sessionId || loading || model.historyBefore === null) return;
      set({ historyError: null });
      void fetchHistory(loadToken, model.sessionId);
    },
    async send(text, attachments) {
      if (get().sending) return false;
      if (get().model.running) {
        useNotices
          .getState()
          .push('The assistant is still working in this chat: wait for it to finish, or press Stop first.');
        return false;
      }
      set({ sending: true });
      try {
        let sessionId = get().model.sessionId;
        if (!sessionId && !text.trimStart().startsWith('/')) {
          const created = await api.invoke('session/create', {});
          if (!created.ok) {
            reportError('Could not start a new chat', created.error);
            return false;
          }
          sessionId = created.value.id;
          useSessions.getState().applyUpdate(sessionId, created.value);
          writeSessionHash(sessionId);
          set({ model: emptyChat(sessionId) });
        }
        const r = await api.invoke('chat/send', { sessionId, text, attachments });
        if (!r.ok) {
          reportError('Could not send the message', r.error);
          return false;
        }
        // A slash command may switch chats; null means it ran with no chat open and none was opened.
        const target = r.value.sessionId;
        if (target && target !== get().model.sessionId) await get().open(target);
        const { turnId, commandOutput } = r.value;
        let model = get().model;
        if (commandOutput !== undefined) {
          model = addNote(model, {
            id: `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
            at: new Date().toISOString(),
            text: commandOutput,
            tone: 'info',
          });
        }
        if (turnId && !model.turns[turnId]?.stopReason && !model.running)
          model = { ...model, running: true, activeTurnId: turnId };
        set({ model, lastSentTurnId: turnId });
        return true;
      } finally {
        set({ sending: false });
      }
    },
    async interrupt() {
      const id = get().model.sessionId;
      if (!id) return;
      const r = await api.invoke('chat/interrupt', { sessionId: id });
      if (!r.ok) reportError('Could not stop the turn', r.error);
    },
    async retry() {
      const id = get().model.sessionId;
      if (!id) return;
      const r = await api.invoke('chat/retry', { sessionId: id });
      if (!r.ok) reportError('Could not retry', r.error);
      else if (!get().model.turns[r.value.turnId]?.stopReason)
        set({ model: { ...get().model, running: true, activeTurnId: r.value.turnId } });
    },
    applyEvents(events) {
      const { model, loading } = get();
      if (loading) {
        buffered.push(...events.filter((e) => e.sessionId === loading));
        return;
      }
      const next = applyAgentEvents(model, events, new Date().toISOString());
      if (next !== model) set({ model: next });
      sendQueuedWhenIdle();
    },
  };
});
