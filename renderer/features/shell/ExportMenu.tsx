// Header menu that saves the open chat as Markdown or JSON (`session/export`).
import { useEffect, useRef, useState } from 'react';
import { exportChat } from '../../stores/chatControls';
import { Icon } from '../../ui/Icon';

/** "Export chat" button with a two-item menu; closes on a pick, Escape or a click elsewhere. */
export function ExportMenu() {
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: Event) => {
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !ref.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', close);
    };
  }, [open]);
  const pick = (format: 'md' | 'json') => {
    setOpen(false);
    void exportChat(format);
  };
  return (
    <div className="menu-anchor" ref={ref}>
      <button
        type="button"
        className="icon-button header-button"
        aria-label="Export chat"
        title="Export chat"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
      >
        <Icon name="download" size={18} />
      </button>
      {open && (
        <div className="popover-menu" role="menu" aria-label="Export chat as">
          <button type="button" role="menuitem" onClick={() => pick('md')}>
            Markdown (.md)
          </button>
          <button type="button" role="menuitem" onClick={() => pick('json')}>
            JSON (.json)
          </button>
        </div>
      )}
    </div>
  );
}
