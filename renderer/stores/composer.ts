// Composer draft: text and attachments (kept outside the component so drag-and-drop on the chat can add files).
import { create } from 'zustand';
import { checkFiles, readAsDataUrl, type ComposerAttachment } from './attachments';

interface ComposerStore {
  text: string;
  attachments: ComposerAttachment[];
  /** Why the last files were (partly) refused; cleared on the next change. */
  attachError: string | null;
  setText(text: string): void;
  /** Checks limits, reads accepted files as data: URLs and adds them as chips. */
  addFiles(files: readonly File[]): Promise<void>;
  removeAttachment(id: string): void;
  /** Clears text and attachments after a successful send. */
  reset(): void;
}

let nextId = 1;

/** Store of the message being written. */
export const useComposer = create<ComposerStore>()((set, get) => ({
  text: '',
  attachments: [],
  attachError: null,
  setText: (text) => set({ text }),
  async addFiles(files) {
    const { accepted, errors } = checkFiles(get().attachments.length, files);
    const added: ComposerAttachment[] = [];
    for (const file of accepted) {
      try {
        added.push({
          id: `a${nextId++}`,
          name: file.name.slice(0, 255),
          mimeType: (file.type || 'application/octet-stream').slice(0, 100),
          dataUrl: await readAsDataUrl(file),
          sizeBytes: file.size,
        });
      } catch (error) {
        errors.push((error as Error).message);
      }
    }
    set({ attachments: [...get().attachments, ...added], attachError: errors.length ? errors.join(' ') : null });
  },
  removeAttachment: (id) => set({ attachments: get().attachments.filter((a) => a.id !== id), attachError: null }),
  reset: () => set({ text: '', attachments: [], attachError: null }),
}));
