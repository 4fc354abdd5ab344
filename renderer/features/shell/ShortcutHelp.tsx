// Keyboard shortcuts: the window-wide listener that runs them, and the `?` help listing them.
import { useEffect } from 'react';
import { useChat } from '../../stores/chat';
import { useUi } from '../../stores/ui';
import { Dialog } from '../../ui/Dialog';
import { SHORTCUTS, matchShortcut, shortcutKeys, type ShortcutAction } from './shortcuts';

const MAC = /Mac|iPhone|iPad/.test(navigator.platform);

/** True when the focus is in a text field (typing there must not trigger single-key shortcuts). */
function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type);
}

function run(action: ShortcutAction): void {
  const ui = useUi.getState();
  const chat = useChat.getState();
  switch (action) {
    case 'newChat':
      chat.newChat();
      ui.focusComposer();
      return;
    case 'search':
      ui.focusSearch();
      return;
    case 'settings':
      ui.openSettings();
      return;
    case 'stop':
      if (chat.model.running) void chat.interrupt();
      return;
    case 'focusComposer':
      ui.focusComposer();
      return;
    case 'help':
      ui.setShortcutsOpen(true);
      return;
  }
}

/** Runs the app's shortcuts while mounted (skipped while a dialog is open, except the help's own toggle). */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const shortcut = matchShortcut(e, inTextField(e.target), MAC);
      if (!shortcut || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      run(shortcut.action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** The shortcut help dialog (opened with `?` or Ctrl+/). */
export function ShortcutHelp() {
  const open = useUi((s) => s.shortcutsOpen);
  const setOpen = useUi((s) => s.setShortcutsOpen);
  useShortcuts();
  return (
    <Dialog open={open} title="Keyboard shortcuts" onClose={() => setOpen(false)} className="dialog-small">
      <table className="shortcut-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={`${s.action}-${s.key}-${s.mod ? 'm' : ''}`}>
              <td>{s.label}</td>
              <td className="shortcut-keys">
                {shortcutKeys(s, MAC).map((k, i) => (
                  <span key={k}>
                    {i > 0 && ' + '}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
