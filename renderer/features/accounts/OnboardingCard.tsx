// First run (issue 12): with no model configured the chat view shows this card instead of an error. Four ways to a
// working model: ChatGPT sign-in, the Codex CLI login, an API key, a local server Deskpilot already looked for.
import { useEffect } from 'react';
import { useAccounts } from '../../stores/accounts';
import { ApiKeyForm } from './ApiKeyForm';
import { CHATGPT_SIGN_IN_NOTE, ChatGptSignIn } from './ChatGptSignIn';
import { CodexImport } from './CodexImport';
import { LocalServers } from './LocalServers';

/** The onboarding card (loads the accounts status and probes local servers on mount). */
export function OnboardingCard() {
  const refresh = useAccounts((s) => s.refresh);
  const hasCodex = useAccounts((s) => Boolean(s.status?.codexLoginPath));
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return (
    <div className="onboarding" role="region" aria-label="Set up a model">
      <div className="onboarding-card">
        <h1>Connect Deskpilot to a model</h1>
        <p className="muted">Choose one of these to start chatting. You can change it later in Settings → Accounts.</p>
        <section className="onboarding-option" aria-labelledby="ob-chatgpt">
          <h2 id="ob-chatgpt">Sign in with ChatGPT</h2>
          <p className="hint">{CHATGPT_SIGN_IN_NOTE}</p>
          <ChatGptSignIn />
        </section>
        {hasCodex && (
          <section className="onboarding-option" aria-labelledby="ob-codex">
            <h2 id="ob-codex">Import Codex CLI login</h2>
            <CodexImport />
          </section>
        )}
        <section className="onboarding-option" aria-labelledby="ob-key">
          <h2 id="ob-key">Paste an API key</h2>
          <p className="hint">
            Billed to your OpenAI API account. The key is kept in the system keychain (or a private file when there is
            none).
          </p>
          <ApiKeyForm />
        </section>
        <section className="onboarding-option" aria-labelledby="ob-local">
          <h2 id="ob-local">Use a local server</h2>
          <p className="hint">Models running on this computer (Ollama, LM Studio): nothing leaves the machine.</p>
          <LocalServers />
        </section>
      </div>
    </div>
  );
}
