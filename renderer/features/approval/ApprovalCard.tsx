// One pending approval: tool, what it will do (site, element), exact arguments, risk, and the four decisions with keyboard shortcuts.
import { useEffect, useRef, useState, type KeyboardEvent as ReactKeyboardEvent, type ReactNode } from 'react';
import type { PendingApproval } from '../../../preload/contract';
import { useApprovals } from '../../stores/approvals';
import { Icon } from '../../ui/Icon';
import { prettyJson } from '../../ui/format';
import { AlwaysAllowConfirm } from './AlwaysAllowConfirm';
import { APPROVAL_SHORTCUTS, approvalActionForKey, isTypingTarget, type ApprovalAction } from './approvalKeys';
import { RiskBadge } from './RiskBadge';
import { useCallSummary } from './useCallSummary';
import { useCountdown } from './useCountdown';

/** Props of {@link ApprovalCard}. */
export interface ApprovalCardProps {
  approval: PendingApproval;
  /** When true the shortcuts also work while the card is not focused (it is the only one pending in view). */
  globalShortcuts?: boolean;
  /** Shown above the tool in the inbox (which chat asked). */
  context?: ReactNode;
  /** Hide the tool/arguments block (when the surrounding tool card already shows them). */
  compact?: boolean;
}

/** The approval card used inline in the chat and in the inbox. */
export function ApprovalCard({ approval, globalShortcuts, context, compact }: ApprovalCardProps) {
  const decide = useApprovals((s) => s.decide);
  const busy = useApprovals((s) => Boolean(s.busy[approval.callId]));
  const [confirmAlways, setConfirmAlways] = useState(false);
  const [reasonOpen, setReasonOpen] = useState(false);
  const [reason, setReason] = useState('');
  const cardRef = useRef<HTMLDivElement>(null);
  const remaining = useCountdown(approval.expiresAt);
  const summary = useCallSummary(approval.callId);

  const act = (action: ApprovalAction) => {
    if (busy) return;
    if (action === 'allow_once') void decide(approval.callId, { type: 'allow_once' }, approval.sessionId);
    const rulesOffered = !approval.ruleUnusable;
    if (action === 'allow_session' && rulesOffered)
      void decide(approval.callId, { type: 'allow_session' }, approval.sessionId);
    if (action === 'allow_always' && rulesOffered) setConfirmAlways(true);
    if (action === 'deny')
      void decide(approval.callId, { type: 'deny', reason: reason.trim() || undefined }, approval.sessionId);
  };
  const actRef = useRef(act);
  actRef.current = act;
  const confirmRef = useRef(confirmAlways);
  confirmRef.current = confirmAlways;

  useEffect(() => {
    if (!globalShortcuts) return;
    const onKey = (e: KeyboardEvent) => {
      if (
        e.defaultPrevented ||
        confirmRef.current ||
        isTypingTarget(e.target) ||
        document.querySelector('dialog[open]')
      )
        return;
      const action = approvalActionForKey(e);
      if (!action) return;
      e.preventDefault();
      actRef.current(action);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [globalShortcuts]);

  const onCardKey = (e: ReactKeyboardEvent) => {
    if (confirmAlways || isTypingTarget(e.target)) return;
    const action = approvalActionForKey(e);
    if (!action) return;
    e.preventDefault();
    act(action);
  };

  const button = (action: ApprovalAction, label: string, className: string) => (
    <button
      type="button"
      className={`btn ${className}`}
      disabled={busy}
      aria-keyshortcuts={APPROVAL_SHORTCUTS[action].aria}
      title={`Shortcut: ${APPROVAL_SHORTCUTS[action].keys.join(' or ')}`}
      onClick={() => act(action)}
    >
      {label}
      <kbd aria-hidden="true">{APPROVAL_SHORTCUTS[action].hint}</kbd>
    </button>
  );

  return (
    <div
      ref={cardRef}
      className={`approval-card risk-${approval.risk}`}
      tabIndex={0}
      role="group"
      aria-label={`Approval needed: ${approval.tool}`}
      onKeyDown={onCardKey}
    >
      {context}
      <div className="approval-head">
        <Icon name="shield" />
        <span className="approval-title">
          Allow <code>{approval.tool}</code>?
        </span>
        <RiskBadge risk={approval.risk} />
        <span
          className="approval-expiry"
          title={`Denied automatically at ${new Date(approval.expiresAt).toLocaleTimeString()}`}
        >
          {remaining}
        </span>
      </div>
      {summary && (
        <p className="approval-summary" aria-label="What it will do">
          {summary}
        </p>
      )}
      {!compact && (
        <pre className="json-block" aria-label="Arguments">
          {prettyJson(approval.arguments)}
        </pre>
      )}
      {approval.ruleUnusable && (
        <p className="hint" aria-label="Why no rule is offered">
          Only this once: no rule can allow it later ({approval.ruleUnusable}).
        </p>
      )}
      {confirmAlways ? (
        <AlwaysAllowConfirm
          suggested={approval.suggestedRule}
          busy={busy}
          onCancel={() => {
            setConfirmAlways(false);
            cardRef.current?.focus();
          }}
          onSave={(rule) => void decide(approval.callId, { type: 'allow_always', rule }, approval.sessionId)}
        />
      ) : (
        <>
          <div className="approval-actions">
            {button('allow_once', 'Allow once', 'btn-primary')}
            {!approval.ruleUnusable && button('allow_session', 'Allow for session', '')}
            {!approval.ruleUnusable && button('allow_always', 'Always allow', '')}
            {button('deny', 'Deny', 'btn-danger')}
            <button
              type="button"
              className="btn-link"
              aria-expanded={reasonOpen}
              onClick={() => setReasonOpen(!reasonOpen)}
            >
              {reasonOpen ? 'No reason' : 'Add a reason'}
            </button>
          </div>
          <p className="hint">
            {globalShortcuts
              ? 'Tip: press Esc to leave the message box, then 1–4.'
              : 'Tip: focus this card, then press 1–4 (or a, s, Shift+A, d).'}
          </p>
          {reasonOpen && (
            <input
              type="text"
              className="deny-reason"
              aria-label="Reason for denying (sent to the model)"
              placeholder="Reason for denying (optional, sent to the model)"
              value={reason}
              maxLength={2000}
              autoFocus
              onChange={(e) => setReason(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter') {
                  e.preventDefault();
                  act('deny');
                }
              }}
            />
          )}
        </>
      )}
    </div>
  );
}
