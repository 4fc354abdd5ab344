// Store of the open chat: loads a session, applies live agent events (batched per frame), sends, stops, retries.
import { create } from 'zustand';
import type { AgentEvent, Attachment } from '../../preload/contract';
import { api } from '../api';
import { addNote, applyAgentEvents, chatFromDetail, emptyChat, type ChatModel } from './chatModel';
import { reportError, useNotices } from './notices';
import { writeSessionHash } from './route';
import { useSessions } from './sessions';

interface ChatStore {
  model: ChatModel;
  /** Session id being fetched, or null. */
  loading: string | null;
  /** Why the last `open` failed, shown in place of the transcript. */
  loadError: string | null;
  /** True while `chat/send` is in flight. */
  sending: boolean;
  /** The turn the last accepted `send` started (null for a slash command, or before any send). */
  lastSentTurnId: string | null;
  /** Opens a session (fetches `session/get`); live events that arrive meanwhile are applied after the load. */
  open(sessionId: string): Promise<void>;
  /** Clears to a blank chat; the session is created when the first message is sent. */
  newChat(): void;
  /** Re-fetches the open session (after a reconnect), keeping local notes. */
  reload(): Promise<void>;
  /** Sends a message or slash command; resolves true when the runtime accepted it. */
  send(text: string, attachments: Attachment[]): Promise<boolean>;
  interrupt(): Promise<void>;
  retry(): Promise<void>;
  /** Applies one frame's worth of agent events. */
  applyEvents(events: AgentEvent[]): void;
}

let buffered: AgentEvent[] = [];
let loadToken = 0;

/** Store of the chat on screen. */
export const useChat = create<ChatStore>()((set, get) => {
  const load = async (sessionId: string, keepNotes: boolean) => {
    const token = ++loadToken;
    buffered = [];
    set({ loading: sessionId, loadError: null });
    const r = await api.invoke('session/get', { sessionId });
    if (token !== loadToken) return;
    const events = buffered;
    buffered = [];
    if (!r.ok) {
      set({ loading: null, loadError: r.error.message });
      return;
    }
    const previous = get().model;
    let model = applyAgentEvents(chatFromDetail(r.value), events, new Date().toISOString());
    if (keepNotes && previous.sessionId === sessionId) model = { ...model, notes: previous.notes };
    set({ model, loading: null });
  };

  return {
    model: emptyChat(),
    loading: null,
    loadError: null,
    sending: false,
    lastSentTurnId: null,
    async open(sessionId) {
      if (get().model.sessionId === sessionId && !get().loadError) return;
      writeSessionHash(sessionId);
      set({ model: emptyChat(sessionId) });
      await load(sessionId, false);
    },
    newChat() {
      loadToken++;
      writeSessionHash(null);
      set({ model: emptyChat(), loading: null, loadError: null });
    },
    async reload() {
      const id = get().model.sessionId;
      if (id) await load(id, true);
    },
    async send(text, attachments) {
      if (get().sending) return false;
      if (get().model.running) {
        useNotices.getState().push('The assistant is still working in this chat: wait for it to finish, or press Stop first.');
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
          model = addNote(model, { id: `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`, at: new Date().toISOString(), text: commandOutput, tone: 'info' });
        }
        if (turnId && !model.turns[turnId]?.stopReason && !model.running) model = { ...model, running: true, activeTurnId: turnId };
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
      else if (!get().model.turns[r.value.turnId]?.stopReason) set({ model: { ...get().model, running: true, activeTurnId: r.value.turnId } });
    },
    applyEvents(events) {
      const { model, loading } = get();
      if (loading) {
        buffered.push(...events.filter((e) => e.sessionId === loading));
        return;
      }
      const next = applyAgentEvents(model, events, new Date().toISOString());
      if (next !== model) set({ model: next });
    },
  };
});
