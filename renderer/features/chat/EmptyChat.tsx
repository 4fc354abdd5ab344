// The blank-chat welcome: what the assistant can do, with a few starter prompts that fill the composer.
import { useComposer } from '../../stores/composer';
import { useUi } from '../../stores/ui';
import { Icon } from '../../ui/Icon';

const starters = [
  'Summarize the files in my working directory',
  'Draft a polite reply declining a meeting',
  'Explain this error message and how to fix it:',
  'Plan my afternoon around two calls at 2 and 4 pm',
];

/** Welcome screen for a chat with no messages yet. */
export function EmptyChat() {
  const setText = useComposer((s) => s.setText);
  const focusComposer = useUi((s) => s.focusComposer);
  return (
    <div className="empty-chat">
      <div className="empty-mark" aria-hidden="true">
        <Icon name="sparkle" size={28} />
      </div>
      <h1>What can I help you with?</h1>
      <p className="muted">
        Ask anything, attach images or files, or type <kbd>/</kbd> for commands. Tools that change things ask you first.
      </p>
      <div className="starters">
        {starters.map((s) => (
          <button
            key={s}
            type="button"
            className="starter"
            onClick={() => {
              setText(s);
              focusComposer();
            }}
          >
            {s}
          </button>
        ))}
      </div>
    </div>
  );
}
