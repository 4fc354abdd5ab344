// Small colored labels: a tool's risk, a status, a count.
import type { ReactNode } from 'react';

/** Visual tone of a badge; each maps to a color pair in styles.css. */
export type BadgeTone = 'neutral' | 'info' | 'ok' | 'warn' | 'danger' | 'accent';

/** A pill-shaped label. */
export function Badge({
  tone = 'neutral',
  children,
  title,
}: {
  tone?: BadgeTone;
  children: ReactNode;
  title?: string;
}) {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}
