// Disclosure block on native <details>/<summary> (keyboard and screen-reader support built in).
import type { ReactNode } from 'react';

/** Props of {@link Collapsible}. */
export interface CollapsibleProps {
  summary: ReactNode;
  children: ReactNode;
  defaultOpen?: boolean;
  className?: string;
}

/** A block that expands and collapses. */
export function Collapsible({ summary, children, defaultOpen, className }: CollapsibleProps) {
  return (
    <details className={className ? `collapsible ${className}` : 'collapsible'} open={defaultOpen}>
      <summary>
        <svg
          className="icon chevron"
          width="12"
          height="12"
          viewBox="0 0 24 24"
          stroke="currentColor"
          strokeWidth="2.5"
          fill="none"
          aria-hidden="true"
        >
          <path d="M9 6l6 6-6 6" />
        </svg>
        {summary}
      </summary>
      <div className="collapsible-body">{children}</div>
    </details>
  );
}
