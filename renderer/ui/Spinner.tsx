// A small activity indicator; `label` is announced to screen readers.

/** Spinner with an accessible label (default "Working"). */
export function Spinner({ label = 'Working' }: { label?: string }) {
  return <span className="spinner" role="status" aria-label={label} />;
}
