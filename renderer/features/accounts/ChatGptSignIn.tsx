// "Sign in with ChatGPT": the browser (PKCE) flow and the device-code flow, with live status until approved,
// expired or cancelled. Used by the onboarding card and the Settings Accounts section.
import { useEffect, useState } from 'react';
import type { ChatGptLoginStart } from '../../../preload/contract';
import { useAccounts } from '../../stores/accounts';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { copyText } from '../chat/copyText';

/** What this sign-in is, said plainly (issue 12). */
export const CHATGPT_SIGN_IN_NOTE =
  'This uses the same sign-in as the Codex CLI, against the ChatGPT backend: your ChatGPT plan and its usage limits ' +
  'apply. An OpenAI API key or a local server are the alternatives.';

/** Opens `url` in a new tab (web) or the system browser (Electron routes https: window.open there). */
function openInBrowser(url: string): void {
  window.open(url, '_blank', 'noopener,noreferrer');
}

/** Sign-in buttons, then the flow in progress and its outcome. */
export function ChatGptSignIn() {
  const login = useAccounts((s) => s.login);
  const signIn = useAccounts((s) => s.signIn);
  const cancel = useAccounts((s) => s.cancelSignIn);
  const busy = login.state === 'starting' || login.state === 'waiting';

  const startBrowser = async () => {
    const before = useAccounts.getState().login;
    const run = signIn('browser');
    // Open the page as soon as the start answered (the wait goes on in the store).
    const unsubscribe = useAccounts.subscribe((s) => {
      if (s.login !== before && s.login.state === 'waiting' && s.login.start.flow === 'browser') {
        unsubscribe();
        openInBrowser(s.login.start.authorizeUrl);
      } else if (s.login.state === 'failed' || s.login.state === 'done') unsubscribe();
    });
    await run;
    unsubscribe();
  };

  return (
    <div className="signin" data-testid="chatgpt-signin">
      <div className="signin-actions">
        <button type="button" className="btn btn-primary" disabled={busy} onClick={() => void startBrowser()}>
          Sign in with ChatGPT
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => void signIn('device-code')}>
          Use a device code
        </button>
      </div>
      {login.state === 'starting' && <Spinner label="Starting the sign-in" />}
      {login.state === 'waiting' && login.start.flow === 'browser' && (
        <div className="signin-progress" role="status">
          <Spinner label="Waiting for the browser" />
          <p>
            Finish signing in in the browser tab that opened. No tab?{' '}
            <a href={login.start.authorizeUrl} target="_blank" rel="noopener noreferrer">
              Open the sign-in page
            </a>
            .
          </p>
          <button type="button" className="btn" onClick={() => void cancel()}>
            Cancel
          </button>
        </div>
      )}
      {login.state === 'waiting' && login.start.flow === 'device-code' && (
        <DeviceCode start={login.start} onCancel={() => void cancel()} />
      )}
      {login.state === 'done' && (
        <p className="ok-text" role="status">
          <Icon name="check" size={14} /> {login.message}
        </p>
      )}
      {login.state === 'failed' && (
        <p className="error-text" role="alert">
          {login.message}
        </p>
      )}
    </div>
  );
}

type DeviceStart = Extract<ChatGptLoginStart, { flow: 'device-code' }>;

/** The device code, large, with a copy button, the verification URL and the time left. */
function DeviceCode({ start, onCancel }: { start: DeviceStart; onCancel: () => void }) {
  const [now, setNow] = useState(() => Date.now());
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const left = Math.max(0, Date.parse(start.expiresAt) - now);
  const minutes = Math.floor(left / 60_000);
  const seconds = String(Math.floor((left % 60_000) / 1000)).padStart(2, '0');
  return (
    <div className="device-code" data-testid="device-code">
      <p>
        Open{' '}
        <a href={start.verificationUrl} target="_blank" rel="noopener noreferrer">
          {start.verificationUrl}
        </a>{' '}
        on any device and enter this code:
      </p>
      <div className="device-code-row">
        <code className="device-code-value" aria-label="Device code">
          {start.userCode}
        </code>
        <button type="button" className="btn" onClick={() => void copyText(start.userCode).then((ok) => setCopied(ok))}>
          <Icon name={copied ? 'check' : 'copy'} size={14} /> {copied ? 'Copied' : 'Copy code'}
        </button>
      </div>
      <p className="device-code-status" role="status">
        {left > 0 ? (
          <>
            <Spinner label="Waiting for approval" /> Waiting for approval… the code expires in {minutes}:{seconds}.
          </>
        ) : (
          'The code has expired: start again.'
        )}
      </p>
      <button type="button" className="btn" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
