// Settings → Accounts (issue 12): the active provider, where secrets live, the ChatGPT account and plan, the OpenAI
// API key and the local server; several can be configured at once and any one made active.
import { useEffect, useState } from 'react';
import type { Provider, ProviderTest } from '../../../preload/contract';
import { useAccounts } from '../../stores/accounts';
import { Badge } from '../../ui/Badge';
import { ApiKeyForm, pickOpenAiModel, Verdict } from '../accounts/ApiKeyForm';
import { CHATGPT_SIGN_IN_NOTE, ChatGptSignIn } from '../accounts/ChatGptSignIn';
import { CodexImport } from '../accounts/CodexImport';
import { LocalServers } from '../accounts/LocalServers';

/** Display names of the providers. */
export const PROVIDER_LABELS: Record<Provider, string> = {
  chatgpt: 'ChatGPT',
  openai: 'OpenAI API',
  'openai-compatible': 'Local server',
};

/** Test / Make active / Sign out buttons of one configured provider, with the last verdict. */
function ProviderActions({ provider, removeLabel }: { provider: Provider; removeLabel: string }) {
  const status = useAccounts((s) => s.status);
  const test = useAccounts((s) => s.test);
  const use = useAccounts((s) => s.use);
  const logout = useAccounts((s) => s.logout);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ProviderTest | null>(null);
  const active = status?.provider === provider;

  const run = async (work: () => Promise<ProviderTest | null>) => {
    setBusy(true);
    setResult(await work());
    setBusy(false);
  };
  const makeActive = async (): Promise<ProviderTest> => {
    const t = await test(provider);
    if (!t.ok) return t;
    const model = provider === 'openai' ? pickOpenAiModel(t.models, status?.model ?? '') : (t.models[0] ?? '');
    const problem = model ? await use(provider, model) : 'it lists no models';
    return problem
      ? { ok: false, verdict: `Could not switch: ${problem}`, models: [] }
      : { ok: true, verdict: `${PROVIDER_LABELS[provider]} is active, with ${model}.`, models: t.models };
  };
  return (
    <>
      <div className="account-actions">
        <button type="button" className="btn" disabled={busy} onClick={() => void run(() => test(provider))}>
          Test
        </button>
        {!active && (
          <button type="button" className="btn" disabled={busy} onClick={() => void run(makeActive)}>
            Make active
          </button>
        )}
        <button
          type="button"
          className="btn btn-danger-quiet"
          disabled={busy}
          onClick={() =>
            void run(async () => {
              const problem = await logout(provider);
              return problem ? { ok: false, verdict: problem, models: [] } : null;
            })
          }
        >
          {removeLabel}
        </button>
      </div>
      {result && <Verdict test={result} />}
    </>
  );
}

/** The Accounts section (action-based: nothing here waits for the dialog's Save). */
export function AccountsSection() {
  const status = useAccounts((s) => s.status);
  const refresh = useAccounts((s) => s.refresh);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  if (!status) return <p className="muted">Loading accounts…</p>;
  const { chatgpt, openai } = status;
  return (
    <div className="section accounts" data-testid="accounts-section">
      <div className="account-summary">
        <div>
          <span className="muted small">Active provider</span>
          <p>
            <strong>{PROVIDER_LABELS[status.provider]}</strong> · {status.model}{' '}
            <Badge tone={status.ready ? 'ok' : 'warn'}>{status.ready ? 'ready' : 'not set up'}</Badge>
          </p>
        </div>
        <div>
          <span className="muted small">Secrets stored</span>
          <p>
            {status.credentialBackend === 'keychain'
              ? 'In the system keychain (service "Deskpilot")'
              : 'In a private file (mode 0600) in the Deskpilot folder'}
          </p>
        </div>
      </div>
      {/* The file-fallback warning (status.credentialWarning) is shown atop every Settings section. */}

      <h3>ChatGPT</h3>
      {chatgpt.signedIn ? (
        <div className="account-card" data-testid="account-chatgpt">
          <p>
            Signed in as <strong>{chatgpt.email ?? chatgpt.accountId}</strong>
            {chatgpt.planType && (
              <>
                {' '}
                <Badge tone="accent">{chatgpt.planType} plan</Badge>
              </>
            )}
          </p>
          <p className="muted small">
            Account {chatgpt.accountId}
            {chatgpt.source ? ` · signed in via ${chatgpt.source}` : ''}
          </p>
          <p className="hint">{CHATGPT_SIGN_IN_NOTE}</p>
          <ProviderActions provider="chatgpt" removeLabel="Sign out" />
        </div>
      ) : (
        <div className="account-card">
          <p className="hint">{CHATGPT_SIGN_IN_NOTE}</p>
          <ChatGptSignIn />
          <CodexImport />
        </div>
      )}

      <h3>OpenAI API key</h3>
      <div className="account-card" data-testid="account-openai">
        {openai.configured ? (
          <>
            <p>
              A key is stored
              {openai.last4 ? (
                <>
                  {' '}
                  (ending in <code>{openai.last4}</code>)
                </>
              ) : null}
              . It is never shown again.
            </p>
            <ProviderActions provider="openai" removeLabel="Remove API key" />
          </>
        ) : (
          <p className="muted small">No key stored.</p>
        )}
        <ApiKeyForm switchTo={!openai.configured} />
      </div>

      <h3>Local server</h3>
      <div className="account-card" data-testid="account-local">
        <p>
          Configured server: <code>{status.compatible.baseUrl}</code>
        </p>
        <LocalServers />
      </div>
    </div>
  );
}
