// Everyday chat controls on the open chat: edit a message and resend, regenerate an answer, export the chat.
import type { SessionExportFormat } from '../../preload/contract';
import { api } from '../api';
import { useChat } from './chat';
import { reportError } from './notices';
import { useSessions } from './sessions';

/**
 * Resends the user message at `seq` with `text` in a new branch: the chat up to the message before it is forked
 * (`session/fork`, so the original chat with its answers stays as it was), the fork opens and `text` is sent there.
 * The first message of a chat has nothing before it, so it starts a new chat. Resolves true when the message was sent.
 */
export async function editAndResend(seq: number, text: string): Promise<boolean> {
  const chat = useChat.getState();
  const sessionId = chat.model.sessionId;
  if (!sessionId || !text.trim()) return false;
  // Editing the first message forks at 0: an empty branch, still linked to (and titled after) the original.
  const fork = await useSessions.getState().fork(sessionId, seq - 1);
  if (!fork) return false;
  await chat.open(fork.id);
  return useChat.getState().send(text, []);
}

/**
 * Asks for a new answer to the user message before the assistant message at `seq`: the chat up to that user message
 * is forked (the current answer stays in the original chat), the fork opens and the turn runs again (`chat/retry`).
 */
export async function regenerate(seq: number): Promise<boolean> {
  const chat = useChat.getState();
  const sessionId = chat.model.sessionId;
  if (!sessionId) return false;
  const question = chat.model.entries.findLast(
    (e) => e.seq < seq && e.item.type === 'message' && e.item.role === 'user',
  );
  if (!question) return false;
  const fork = await useSessions.getState().fork(sessionId, question.seq);
  if (!fork) return false;
  await chat.open(fork.id);
  await useChat.getState().retry();
  return true;
}

/** Saves the open chat as a file (`session/export`: Markdown or JSON) through the browser's download. */
export async function exportChat(format: SessionExportFormat): Promise<void> {
  const sessionId = useChat.getState().model.sessionId;
  if (!sessionId) return;
  const r = await api.invoke('session/export', { sessionId, format });
  if (!r.ok) return reportError('Could not export the chat', r.error);
  const url = URL.createObjectURL(new Blob([r.value.content], { type: r.value.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = r.value.fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
