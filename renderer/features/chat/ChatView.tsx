// The chat area: model banner, transcript (or welcome, the first-run onboarding card, or a load error), composer, and file drop target.
import { useMemo, useState, type DragEvent } from 'react';
import { useApprovals } from '../../stores/approvals';
import { useChat } from '../../stores/chat';
import { useComposer } from '../../stores/composer';
import { useStatus } from '../../stores/status';
import { transcriptRowsFor } from '../../stores/transcriptRows';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { OnboardingCard } from '../accounts/OnboardingCard';
import { Composer } from '../composer/Composer';
import { ConfigBanner } from './ConfigBanner';
import { EmptyChat } from './EmptyChat';
import { Transcript } from './Transcript';

function hasFiles(e: DragEvent): boolean {
  return [...e.dataTransfer.types].includes('Files');
}

/** The main chat column. */
export function ChatView() {
  const model = useChat((s) => s.model);
  const loading = useChat((s) => s.loading);
  const loadError = useChat((s) => s.loadError);
  const historyError = useChat((s) => s.historyError);
  const retryHistory = useChat((s) => s.retryHistory);
  const retry = useChat((s) => s.retry);
  const reload = useChat((s) => s.reload);
  const approvals = useApprovals((s) => s.items);
  const addFiles = useComposer((s) => s.addFiles);
  const needsModel = useStatus((s) => s.status !== null && !s.status.modelConfigured);
  const [dragging, setDragging] = useState(false);

  const rows = useMemo(() => transcriptRowsFor(model, approvals), [model, approvals]);
  const pendingCount = useMemo(
    () => approvals.filter((a) => a.sessionId === model.sessionId).length,
    [approvals, model.sessionId],
  );
  const onRetry = useMemo(() => () => void retry(), [retry]);

  let body;
  if (loadError) {
    body = (
      <div className="center-state" role="alert">
        <Icon name="alert" size={24} />
        <p>Could not open this chat: {loadError}</p>
        <button type="button" className="btn" onClick={() => void reload()}>
          Try again
        </button>
      </div>
    );
  } else if (loading && rows.length === 0) {
    body = (
      <div className="center-state">
        <Spinner label="Loading chat" />
      </div>
    );
  } else if (rows.length === 0) {
    body = needsModel ? <OnboardingCard /> : <EmptyChat />;
  } else {
    const history = model.historyBefore === null ? 'complete' : historyError ? 'failed' : 'loading';
    body = (
      <Transcript
        key={model.sessionId ?? 'new'}
        rows={rows}
        sessionId={model.sessionId}
        activeTurnId={model.activeTurnId}
        pendingCount={pendingCount}
        onRetry={onRetry}
        history={history}
        onRetryHistory={retryHistory}
      />
    );
  }

  return (
    <section
      className={`chat${dragging ? ' is-dragging' : ''}`}
      aria-label="Chat"
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget.contains(e.relatedTarget as Node | null)) return;
        setDragging(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDragging(false);
        void addFiles([...e.dataTransfer.files]);
      }}
    >
      {(!needsModel || rows.length > 0) && <ConfigBanner />}
      {model.warnings.length > 0 && (
        <div className="banner banner-info" role="status">
          <Icon name="info" size={16} />
          <p>{model.warnings.join(' ')}</p>
        </div>
      )}
      {body}
      <Composer />
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <Icon name="clip" size={28} />
          <p>Drop images or files to attach them</p>
        </div>
      )}
    </section>
  );
}
