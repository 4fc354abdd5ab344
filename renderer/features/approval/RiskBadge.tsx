// Colored badge for a tool's risk level (DESIGN.md §6).
import type { Risk } from '../../../preload/contract';
import { Badge, type BadgeTone } from '../../ui/Badge';

const tones: Record<Risk, BadgeTone> = { read: 'info', write: 'warn', external: 'accent', destructive: 'danger' };
const descriptions: Record<Risk, string> = {
  read: 'Reads data, changes nothing',
  write: 'Changes files or data',
  external: 'Reaches the network or other apps',
  destructive: 'Runs commands, controls the desktop or deletes data',
};

/** A badge reading e.g. "destructive", colored by risk, with an explanatory tooltip. */
export function RiskBadge({ risk }: { risk: Risk }) {
  return (
    <Badge tone={tones[risk]} title={descriptions[risk]}>
      {risk}
    </Badge>
  );
}
