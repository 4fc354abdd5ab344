// Presentational list of transient notices (errors are announced assertively).

/** One toast as the list renders it. */
export interface ToastItem {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

/** Bottom-right stack of toasts with dismiss buttons. */
export function Toasts({ items, onDismiss }: { items: readonly ToastItem[]; onDismiss: (id: number) => void }) {
  return (
    <div className="toasts" aria-live="polite">
      {items.map((t) => (
        <div key={t.id} className={`toast toast-${t.tone}`} role={t.tone === 'error' ? 'alert' : 'status'}>
          <span>{t.text}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => onDismiss(t.id)}>
            <svg
              width="14"
              height="14"
              viewBox="0 0 24 24"
              stroke="currentColor"
              strokeWidth="2"
              fill="none"
              aria-hidden="true"
            >
              <path d="M6 6l12 12M18 6L6 18" />
            </svg>
          </button>
        </div>
      ))}
    </div>
  );
}
