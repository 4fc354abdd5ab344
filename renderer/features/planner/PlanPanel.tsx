// The Plan side-panel tab: the open chat's plan (or the pinned one) with progress, check-offs, add, remove and pin;
// other plans collapsed.
import { useEffect, useId, useMemo, useState } from 'react';
import { useChat } from '../../stores/chat';
import { usePlanner } from '../../stores/planner';
import { Collapsible } from '../../ui/Collapsible';
import { Icon } from '../../ui/Icon';
import { Spinner } from '../../ui/Spinner';
import { PluginUnavailable } from '../shell/PluginUnavailable';
import { planProgress, planView } from './planModel';
import type { PlanList } from '../../../plugins/planner/contract';

/** "3/5" with a bar; the bar is a progressbar for assistive technology. */
function Progress({ list }: { list: PlanList }) {
  const { done, total, percent } = planProgress(list);
  return (
    <div className="plan-progress">
      <div
        className="progress-bar"
        role="progressbar"
        aria-label={`${list.name} progress`}
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${total} done`}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <span className="plan-count">
        {done}/{total}
      </span>
    </div>
  );
}

/** The items of one list as checkboxes; `editable` adds remove buttons. */
function Items({ list, editable }: { list: PlanList; editable: boolean }) {
  const setDone = usePlanner((s) => s.setDone);
  const remove = usePlanner((s) => s.remove);
  if (list.items.length === 0) return <p className="muted small">No items yet.</p>;
  return (
    <ul className="plan-items">
      {list.items.map((item) => (
        <li key={item.id} className={item.done ? 'is-done' : undefined}>
          <label className="plan-item">
            <input
              type="checkbox"
              checked={item.done}
              onChange={(e) => void setDone(list.id, item.id, e.target.checked)}
            />
            <span className="plan-text">
              {item.text}
              {item.note && <span className="plan-note muted small">{item.note}</span>}
            </span>
          </label>
          {editable && (
            <button
              type="button"
              className="icon-button danger plan-remove"
              aria-label={`Remove “${item.text}”`}
              title="Remove"
              onClick={() => void remove(item.id, list.id)}
            >
              <Icon name="x" size={14} />
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The field that appends an item to the active list. */
function AddItem({ listId }: { listId: string }) {
  const add = usePlanner((s) => s.add);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    if (!text.trim() || busy) return;
    setBusy(true);
    const added = await add(text.trim(), listId);
    setBusy(false);
    if (added) setText('');
  };
  return (
    <form
      className="plan-add"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <input
        type="text"
        aria-label="Add item"
        placeholder="Add an item…"
        value={text}
        maxLength={2000}
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" className="btn" disabled={!text.trim() || busy}>
        <Icon name="plus" size={14} /> Add
      </button>
    </form>
  );
}

/** Side panel tab showing the plan the user and the agent share (planner plugin). */
export function PlanPanel() {
  const { state, unavailable, loadError, refresh, watch, setActive, setSession, pin } = usePlanner();
  const sessionId = useChat((s) => s.model.sessionId);
  const headingId = useId();
  useEffect(() => setSession(sessionId), [sessionId, setSession]);
  useEffect(() => watch(), [watch]);
  const view = useMemo(() => (state ? planView(state) : null), [state]);

  if (unavailable) return <PluginUnavailable name="Planner" message={unavailable} />;
  if (loadError && !view) {
    return (
      <div className="center-state small" role="alert">
        <p className="error-text">Could not load the plan: {loadError}</p>
        <button type="button" className="btn" onClick={() => void refresh()}>
          Try again
        </button>
      </div>
    );
  }
  if (!view) {
    return (
      <div className="center-state">
        <Spinner label="Loading the plan" />
      </div>
    );
  }
  return (
    <div className="plan-panel">
      {view.active ? (
        <section aria-labelledby={headingId} className="plan-active">
          <h3 id={headingId} className="panel-section-title">
            {view.pinned ? 'Pinned plan (every chat)' : sessionId ? "This chat's plan" : 'Active plan'}
          </h3>
          <div className="plan-title-row">
            <h4 className="plan-name">{view.active.name}</h4>
            <button
              type="button"
              className="btn"
              title={
                view.pinned
                  ? 'Stop showing this plan in every chat'
                  : 'Show this plan in every chat that has no plan of its own'
              }
              onClick={() => void pin(view.pinned ? null : view.active!.id)}
            >
              <Icon name="pin" size={14} /> {view.pinned ? 'Unpin' : 'Pin for all chats'}
            </button>
          </div>
          <Progress list={view.active} />
          <Items list={view.active} editable />
          <AddItem listId={view.active.id} />
        </section>
      ) : (
        <div className="empty-small">
          <Icon name="check" size={20} />
          <p>
            {view.others.length
              ? 'This chat has no plan. Make one of the plans below active here to work on it.'
              : 'No plan yet. When the assistant plans multi-step work, the steps appear here and get checked off as it goes.'}
          </p>
        </div>
      )}
      {view.others.length > 0 && (
        <section aria-label="Other plans" className="plan-others">
          <h3 className="panel-section-title">Other plans</h3>
          <ul>
            {view.others.map((list) => {
              const { done, total } = planProgress(list);
              return (
                <li key={list.id}>
                  <Collapsible
                    summary={
                      <>
                        <span className="truncate">{list.name}</span>
                        <span className="muted small">
                          {done}/{total}
                        </span>
                      </>
                    }
                  >
                    <Items list={list} editable={false} />
                    <button type="button" className="btn" onClick={() => void setActive(list.id)}>
                      {sessionId ? 'Use in this chat' : 'Make active'}
                    </button>
                  </Collapsible>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </div>
  );
}
