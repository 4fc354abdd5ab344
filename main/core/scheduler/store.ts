// wakeups.json: every wakeup in one typed JsonDocument (schema version 1, atomic 0600 writes, invalid file kept aside).
import { join } from 'node:path';
import { z } from 'zod';
import { Wakeup } from '../../../preload/contract/scheduler';
import type { Logger } from '../../../plugins/sdk/types';
import { JsonDocument } from '../util/jsonDocument';

/** File name of the wakeup store inside the runtime home. */
export const WAKEUPS_FILE = 'wakeups.json';

/** On-disk shape of wakeups.json: `{version: 1, wakeups: Wakeup[]}`. */
export const WakeupsFile = z.object({
  version: z.literal(1),
  wakeups: z.array(Wakeup),
  /** When the user last saw the away digest (ISO), or null. */
  digestSeenAt: z.string().nullable().default(null),
});
/** Shape of {@link WakeupsFile}. */
export type WakeupsFile = z.infer<typeof WakeupsFile>;

/**
 * The stored wakeups. Opening an invalid wakeups.json moves it to `wakeups.json.invalid-<time>` (never overwritten),
 * logs the problem and starts empty; {@link problem} keeps the sentence for the UI and CLI.
 */
export class WakeupStore {
  private constructor(private readonly doc: JsonDocument<WakeupsFile>) {}

  /** Opens `<home>/wakeups.json` (missing = no wakeups). Throws when the file exists but cannot be read. */
  static async open(home: string, log: Logger): Promise<WakeupStore> {
    const doc = await JsonDocument.open({
      path: join(home, WAKEUPS_FILE),
      schema: WakeupsFile,
      initial: () => ({ version: 1 as const, wakeups: [], digestSeenAt: null }),
      version: 1,
      log,
    });
    return new WakeupStore(doc);
  }

  /** Absolute path of wakeups.json. */
  get path(): string {
    return this.doc.path;
  }

  /** What was wrong with the file when it was opened (and where it was moved), or null. */
  get problem(): string | null {
    return this.doc.problem
      ? `${this.doc.path} was invalid (${this.doc.problem}); it was moved to ${this.doc.backup}.`
      : null;
  }

  /** Every wakeup (read-only view, in creation order). */
  all(): readonly Wakeup[] {
    return this.doc.get().wakeups;
  }

  /** One wakeup by id (read-only), or undefined. */
  get(id: string): Wakeup | undefined {
    return this.doc.get().wakeups.find((w) => w.id === id);
  }

  /** Adds a wakeup; rejects when the id exists or the write fails. */
  async add(wakeup: Wakeup): Promise<Wakeup> {
    await this.doc.update((draft) => {
      if (draft.wakeups.some((w) => w.id === wakeup.id)) throw new Error(`A wakeup ${wakeup.id} already exists.`);
      draft.wakeups.push(wakeup);
    });
    return this.get(wakeup.id)!;
  }

  /**
   * Changes one wakeup with `change` (mutate the draft); resolves to the saved wakeup, or undefined when it no longer
   * exists. Rejects when the result fails the schema or the write fails.
   */
  async update(id: string, change: (draft: Wakeup) => void): Promise<Wakeup | undefined> {
    let found = false;
    await this.doc.update((draft) => {
      const w = draft.wakeups.find((x) => x.id === id);
      if (!w) return;
      found = true;
      change(w);
    });
    return found ? this.get(id) : undefined;
  }

  /** Removes a wakeup; resolves to whether it existed. */
  async remove(id: string): Promise<boolean> {
    const before = this.all().length;
    await this.doc.update((draft) => {
      draft.wakeups = draft.wakeups.filter((w) => w.id !== id);
    });
    return this.all().length < before;
  }

  /** When the user last saw the away digest (ISO), or null. */
  get digestSeenAt(): string | null {
    return this.doc.get().digestSeenAt;
  }

  /** Records when the user saw the away digest. */
  async setDigestSeenAt(at: string): Promise<void> {
    await this.doc.update((draft) => {
      draft.digestSeenAt = at;
    });
  }

  /** Resolves when every write issued so far has settled. */
  flush(): Promise<void> {
    return this.doc.flush();
  }
}
