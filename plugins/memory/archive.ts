// Optional auto-archive: after each completed turn, asks the model for durable facts and stores them with provenance.
import type { EventsCapability, Logger, ModelCapability, TurnCompletedInfo } from '../sdk';
import type { MemoryService } from './service';

/** Most facts stored from one turn. */
export const MAX_FACTS_PER_TURN = 5;
/** Characters of each side of the turn sent to the model. */
const MAX_TURN_CHARS = 6000;

/** Instructions for the extraction request. */
export const EXTRACT_INSTRUCTIONS = [
  'You extract durable memories from one conversation turn between a user and an assistant.',
  'Return ONLY a JSON array of strings, each one short, self-contained fact worth remembering in future conversations:',
  "the user's preferences, facts about their life, work, projects and people, decisions, and dated commitments.",
  `At most ${MAX_FACTS_PER_TURN} items. Leave out small talk, one-off requests, anything temporary, and secrets (passwords, keys, tokens).`,
  'Return [] when nothing is worth remembering.',
].join(' ');

/**
 * Parses the model's answer: a JSON array of strings, optionally inside a ``` fence or surrounded by prose.
 * Returns the trimmed, non-empty strings (at most {@link MAX_FACTS_PER_TURN}). Throws when no JSON array is found.
 */
export function parseFacts(answer: string): string[] {
  const start = answer.indexOf('[');
  const end = answer.lastIndexOf(']');
  if (start < 0 || end < start) throw new Error(`expected a JSON array of strings, got: ${answer.slice(0, 120)}`);
  const parsed: unknown = JSON.parse(answer.slice(start, end + 1));
  if (!Array.isArray(parsed)) throw new Error('expected a JSON array of strings');
  return parsed
    .filter((item): item is string => typeof item === 'string')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .slice(0, MAX_FACTS_PER_TURN);
}

/** What {@link startAutoArchive} needs; `enabled` is read on every turn (config `autoArchive`). */
export interface AutoArchiveOptions {
  service: MemoryService;
  events: EventsCapability;
  model: ModelCapability;
  enabled: () => boolean;
  log: Logger;
}

/** A running auto-archiver; `dispose` unsubscribes, cancels in-flight extractions and waits for them. */
export interface AutoArchive {
  dispose(): Promise<void>;
}

/**
 * Subscribes to completed turns. When enabled, each turn's text goes to `model.complete`; every extracted fact is
 * added (kind `fact`, source = session + turn; near-duplicates update existing memories). Failures are logged,
 * never thrown.
 */
export function startAutoArchive(options: AutoArchiveOptions): AutoArchive {
  const { service, model, log } = options;
  const abort = new AbortController();
  const inFlight = new Set<Promise<void>>();

  const archive = async (info: TurnCompletedInfo): Promise<void> => {
    const input = `User: ${info.userText.slice(0, MAX_TURN_CHARS)}\n\nAssistant: ${info.assistantText.slice(0, MAX_TURN_CHARS)}`;
    const answer = await model.complete({ instructions: EXTRACT_INSTRUCTIONS, input, signal: abort.signal });
    const facts = parseFacts(answer);
    for (const text of facts) {
      if (abort.signal.aborted) return;
      const source = { sessionId: info.sessionId, turnId: info.turnId, callId: null, at: Date.now() };
      try {
        await service.add({ text, kind: 'fact', source }, abort.signal);
      } catch (error) {
        log.warn('Auto-archive could not store a fact', { turnId: info.turnId, error: (error as Error).message });
      }
    }
    if (facts.length > 0) log.info('Auto-archived facts from a turn', { turnId: info.turnId, count: facts.length });
  };

  const unsubscribe = options.events.onTurnCompleted((info) => {
    if (abort.signal.aborted || !options.enabled()) return;
    if (info.userText.trim() === '' && info.assistantText.trim() === '') return;
    const run = archive(info)
      .catch((error: unknown) => {
        if (!abort.signal.aborted)
          log.warn('Auto-archive failed for a turn', { turnId: info.turnId, error: (error as Error).message });
      })
      .finally(() => inFlight.delete(run));
    inFlight.add(run);
  });

  return {
    async dispose() {
      unsubscribe();
      abort.abort();
      await Promise.all([...inFlight]);
    },
  };
}
