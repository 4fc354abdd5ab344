// The context panel: every context provider (switch, last injected text, token estimate) and the turn's receipt.
import { useMemo } from 'react';
import type { ContextReceiptEntry } from '../../../preload/contract';
import { useChat } from '../../stores/chat';
import { useContextProviders } from '../../stores/context';
import { Badge } from '../../ui/Badge';
import { Collapsible } from '../../ui/Collapsible';
import { Switch } from '../../ui/Switch';
import { formatTokens } from '../../ui/format';
import { ReceiptMemories } from '../memory/ReceiptMemories';

function ReceiptList({ receipt }: { receipt: readonly ContextReceiptEntry[] }) {
  const total = receipt.reduce((sum, r) => sum + r.tokens, 0);
  return (
    <div className="receipt">
      <div className="receipt-head">
        <span>
          {receipt.length} provider{receipt.length === 1 ? '' : 's'} ran
        </span>
        <span className="muted">≈ {formatTokens(total)} tokens</span>
      </div>
      <ul>
        {receipt.map((r) => (
          <li key={r.providerId} className={r.error ? 'is-error' : undefined}>
            <Collapsible
              summary={
                <>
                  <span className="truncate">{r.title}</span>
                  <span className="muted small">{r.error ? 'failed' : `≈ ${formatTokens(r.tokens)}`}</span>
                </>
              }
            >
              {r.error ? (
                <p className="error-text">{r.error}</p>
              ) : (
                <pre className="context-text">{r.text || '(nothing injected)'}</pre>
              )}
            </Collapsible>
            {!r.error && <ReceiptMemories entry={r} />}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Side panel tab listing context providers and the latest turn's context receipt. */
export function ContextPanel() {
  const { providers, loaded, setEnabled } = useContextProviders();
  const model = useChat((s) => s.model);
  const receipt = useMemo(() => {
    for (let i = model.turnOrder.length - 1; i >= 0; i--) {
      const r = model.turns[model.turnOrder[i]!]?.receipt;
      if (r) return r;
    }
    return null;
  }, [model.turnOrder, model.turns]);

  return (
    <div className="context-panel">
      <section aria-labelledby="ctx-turn">
        <h3 id="ctx-turn">This turn</h3>
        {receipt ? (
          <ReceiptList receipt={receipt} />
        ) : (
          <p className="muted small">The context given to the model appears here when a turn starts.</p>
        )}
      </section>
      <section aria-labelledby="ctx-providers">
        <h3 id="ctx-providers">Providers</h3>
        {loaded && providers.length === 0 && <p className="muted small">No context providers are installed.</p>}
        <ul className="provider-list">
          {providers.map((p) => (
            <li key={p.id} className={`provider${p.enabled ? '' : ' is-off'}`}>
              <div className="provider-head">
                <div className="provider-title">
                  <strong className="truncate">{p.title}</strong>
                  <Badge>{p.source}</Badge>
                </div>
                <Switch checked={p.enabled} label={`Use ${p.title}`} onChange={(on) => void setEnabled(p.id, on)} />
              </div>
              {p.last ? (
                <Collapsible
                  summary={
                    <span className="muted small">
                      {p.last.error ? 'Last run failed' : `Last injected ≈ ${formatTokens(p.last.tokens)} tokens`}
                    </span>
                  }
                >
                  {p.last.error ? (
                    <p className="error-text">{p.last.error}</p>
                  ) : (
                    <>
                      <ReceiptMemories entry={p.last} />
                      <pre className="context-text">{p.last.text || '(nothing)'}</pre>
                    </>
                  )}
                </Collapsible>
              ) : (
                <p className="muted small">Not used yet.</p>
              )}
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
