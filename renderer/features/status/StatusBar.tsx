// The status bar: link state, provider and model, the open chat's token usage, pending approvals, version.
import { useApprovals } from '../../stores/approvals';
import { useChat } from '../../stores/chat';
import { useConnection } from '../../stores/connection';
import { useSessions } from '../../stores/sessions';
import { useStatus } from '../../stores/status';
import { useUi } from '../../stores/ui';
import { formatTokens } from '../../ui/format';

const connectionText = {
  connecting: 'Connecting…',
  connected: 'Connected',
  disconnected: 'Disconnected — retrying',
} as const;

const providerNames = { chatgpt: 'ChatGPT', openai: 'OpenAI', 'openai-compatible': 'Local' } as const;

/** Bottom status bar. */
export function StatusBar() {
  const connection = useConnection((s) => s.state);
  const status = useStatus((s) => s.status);
  const usageLimit = useStatus((s) => s.usageLimit);
  const sessionId = useChat((s) => s.model.sessionId);
  const liveUsage = useChat((s) => s.model.sessionUsage);
  const summaryUsage = useSessions((s) => s.items.find((x) => x.id === sessionId)?.usage);
  const pending = useApprovals((s) => s.items.length);
  const openSettings = useUi((s) => s.openSettings);
  const setInboxOpen = useUi((s) => s.setInboxOpen);
  const usage = liveUsage ?? summaryUsage;

  return (
    <footer className="status-bar">
      <span className={`status-conn conn-${connection}`} role="status" aria-live="polite">
        <span className="dot" aria-hidden="true" />
        {connectionText[connection]}
      </span>
      {status && (
        <button
          type="button"
          className="status-item status-model"
          title="Accounts and providers in Settings"
          onClick={() => openSettings('accounts')}
        >
          {providerNames[status.provider]} · {status.model}
          {!status.modelConfigured && <span className="warn-text"> (not configured)</span>}
        </button>
      )}
      {status?.provider === 'chatgpt' && (usageLimit || status.planUsage) && (
        <span
          className={`status-item${usageLimit ? ' warn-text' : ''}`}
          data-testid="status-plan-usage"
          title="Your ChatGPT plan's usage, as the backend last reported it"
        >
          {usageLimit ? `ChatGPT ${usageLimit}` : status.planUsage}
        </span>
      )}
      {sessionId && usage && usage.totalTokens > 0 && (
        <span
          className="status-item"
          title={`This chat: ${usage.inputTokens} input (${usage.cachedInputTokens} cached), ${usage.outputTokens} output (${usage.reasoningTokens} reasoning) tokens`}
        >
          {formatTokens(usage.totalTokens)} tokens
        </span>
      )}
      <span className="status-spacer" />
      {status?.sandbox && (
        <button
          type="button"
          className={`status-item${status.sandbox.os === 'none' && status.sandbox.policy !== 'full-access' ? ' warn-text' : ''}`}
          data-testid="status-sandbox"
          title={
            status.sandbox.os === 'none'
              ? `No OS sandbox: ${status.sandbox.reason ?? 'unavailable'}. Every shell command asks.`
              : `Shell commands run in ${status.sandbox.os}. Change the sandbox in Settings.`
          }
          onClick={() => openSettings('approvals')}
        >
          {status.approvalPolicy ? `Approvals: ${status.approvalPolicy} · ` : ''}Sandbox: {status.sandbox.policy}
          {status.sandbox.os === 'none' && status.sandbox.policy !== 'full-access' ? ' (no OS sandbox)' : ''}
        </button>
      )}
      {pending > 0 && (
        <button type="button" className="status-item warn-text" onClick={() => setInboxOpen(true)}>
          {pending} approval{pending === 1 ? '' : 's'} waiting
        </button>
      )}
      {status?.autonomousPaused && <span className="status-item">Autonomous runs paused</span>}
      {status && <span className="status-item muted">v{status.version}</span>}
    </footer>
  );
}
