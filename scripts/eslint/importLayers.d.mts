// Types of importLayers.mjs (the import layers of DESIGN.md §3).

/** What an import specifier points at. */
export type Target =
  { kind: 'file'; rel: string } | { kind: 'node' } | { kind: 'electron' } | { kind: 'npm'; name: string };

/** Classifies `spec` written in the absolute file `fromFile`, relative to the project `root`. */
export function classify(root: string, fromFile: string, spec: string): Target;

/** Why `from` (project-relative, `/`-separated) may not import `target`, or null when it may. */
export function violation(from: string, target: Target): string | null;
