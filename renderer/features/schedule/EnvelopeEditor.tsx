// The grant envelope editor: tools a run may use without asking (each optionally constrained) and the run's budget.
import { useEffect, useState } from 'react';
import { api } from '../../api';
import { Icon } from '../../ui/Icon';
import type { GrantRow, WakeupForm } from './scheduleModel';

/** Props of {@link EnvelopeEditor}. */
export interface EnvelopeEditorProps {
  grants: GrantRow[];
  budget: WakeupForm['budget'];
  onGrants(grants: GrantRow[]): void;
  onBudget(budget: WakeupForm['budget']): void;
}

/** Rows of tool + constraint with add/remove, then the three budget fields. Read-only tools are always allowed. */
export function EnvelopeEditor({ grants, budget, onGrants, onBudget }: EnvelopeEditorProps) {
  const [tools, setTools] = useState<string[]>([]);
  useEffect(() => {
    void api
      .invoke('tool/list', {})
      .then((r) => r.ok && setTools(r.value.filter((t) => t.risk !== 'read').map((t) => t.name)));
  }, []);
  const setRow = (i: number, row: Partial<GrantRow>) =>
    onGrants(grants.map((g, j) => (j === i ? { ...g, ...row } : g)));
  return (
    <fieldset className="schedule-fieldset">
      <legend>Allowed without asking</legend>
      <p className="schedule-hint">
        Read-only tools always run. Anything else asks you first (the run waits in the inbox). Constraint: a path root
        for file tools, a command pattern for bash (e.g. <code>git status</code>), a host for web tools.
      </p>
      <datalist id="schedule-tools">
        {tools.map((t) => (
          <option key={t} value={t} />
        ))}
      </datalist>
      {grants.map((g, i) => (
        <div className="schedule-grant" key={i}>
          <input
            aria-label={`Tool ${i + 1}`}
            list="schedule-tools"
            placeholder="tool, e.g. bash"
            value={g.tool}
            onChange={(e) => setRow(i, { tool: e.target.value })}
          />
          <input
            aria-label={`Constraint ${i + 1}`}
            placeholder="constraint (optional)"
            value={g.constraint}
            onChange={(e) => setRow(i, { constraint: e.target.value })}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove tool ${i + 1}`}
            onClick={() => onGrants(grants.filter((_, j) => j !== i))}
          >
            <Icon name="x" />
          </button>
        </div>
      ))}
      <button type="button" className="btn" onClick={() => onGrants([...grants, { tool: '', constraint: '' }])}>
        <Icon name="plus" size={14} /> Allow a tool
      </button>
      <div className="schedule-row">
        <label>
          Tool calls
          <input
            type="number"
            min={0}
            value={budget.toolCalls}
            onChange={(e) => onBudget({ ...budget, toolCalls: e.target.value })}
          />
        </label>
        <label>
          Minutes
          <input
            type="number"
            min={1}
            value={budget.minutes}
            onChange={(e) => onBudget({ ...budget, minutes: e.target.value })}
          />
        </label>
        <label>
          Tokens
          <input
            type="number"
            min={1}
            value={budget.tokens}
            onChange={(e) => onBudget({ ...budget, tokens: e.target.value })}
          />
        </label>
      </div>
    </fieldset>
  );
}
