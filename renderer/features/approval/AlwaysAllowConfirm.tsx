// Preview of the "always allow" rule before it is saved: tool plus editable argument patterns.
import { useState } from 'react';
import type { ApprovalRuleDraft } from '../../../preload/contract';

/** Props of {@link AlwaysAllowConfirm}. */
export interface AlwaysAllowConfirmProps {
  suggested: ApprovalRuleDraft;
  busy: boolean;
  onSave: (rule: ApprovalRuleDraft) => void;
  onCancel: () => void;
}

/**
 * Shows the rule "Always allow" will persist (DESIGN.md §6): the tool and, per argument, the glob pattern
 * (`*` any run of characters, `?` one character). Patterns can be tightened before saving.
 */
export function AlwaysAllowConfirm({ suggested, busy, onSave, onCancel }: AlwaysAllowConfirmProps) {
  const [match, setMatch] = useState<Record<string, string>>(suggested.match);
  const keys = Object.keys(match);
  return (
    <div
      className="rule-confirm"
      role="group"
      aria-label="Rule to save"
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          e.stopPropagation();
          onCancel();
        }
      }}
    >
      <p className="rule-confirm-title">
        Always allow <code>{suggested.tool}</code> {keys.length ? 'when its arguments match:' : 'with any arguments.'}
      </p>
      {keys.length > 0 && (
        <div className="rule-patterns">
          {keys.map((k) => (
            <label key={k} className="rule-pattern">
              <span className="rule-key">{k}</span>
              <input
                type="text"
                value={match[k]}
                spellCheck={false}
                onChange={(e) => setMatch({ ...match, [k]: e.target.value })}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    onSave({ tool: suggested.tool, match });
                  }
                }}
              />
            </label>
          ))}
          <p className="hint">
            Patterns: * matches any text, ? one character. You can revoke rules in Settings → Approvals.
          </p>
        </div>
      )}
      <div className="row-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          onClick={() => onSave({ tool: suggested.tool, match })}
          autoFocus
        >
          Save rule and allow
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
