// Wires transport events to the stores and re-fetches everything whenever the link (re)connects.
import { api } from '../api';
import { MEMORY_PROVIDER_ID } from '../features/memory/memoryModel';
import { PLAN_PROVIDER_ID, isPlannerToolOutput, shouldAutoOpenPlan } from '../features/planner/planModel';
import { useApprovals } from './approvals';
import { useChat } from './chat';
import { useCommands } from './commands';
import { useConnection } from './connection';
import { useContextProviders } from './context';
import { animationFrameScheduler, createEventBatcher } from './eventBatcher';
import { pushLiveText } from './liveText';
import { useMemory } from './memory';
import { usePlanner } from './planner';
import { isQuickRoute, sessionFromHash } from './route';
import { useSessions } from './sessions';
import { useSettings } from './settings';
import { useNotices } from './notices';
import { useAutomation } from './automation';
import { useStatus } from './status';
import { useUi } from './ui';

/** Fetches every store's data; the open session is re-fetched too (or the one in the URL on first load). */
async function refreshAll(firstLoad: boolean): Promise<void> {
  const chat = useChat.getState();
  const fromHash = firstLoad ? sessionFromHash() : null;
  await Promise.all([
    useStatus.getState().refresh(),
    useAutomation.getState().refresh(),
    useSessions.getState().refresh(),
    useApprovals.getState().refresh(),
    useCommands.getState().refresh(),
    useContextProviders.getState().refresh(),
    useSettings.getState().refresh(),
    fromHash ? chat.open(fromHash) : chat.reload(),
  ]);
}

/** Opens the chat the URL hash names (#/chat/<id>) when it is not the one on screen (back/forward, links, the quick prompt). */
function followHash(): void {
  const id = sessionFromHash();
  if (id && id !== useChat.getState().model.sessionId) void useChat.getState().open(id);
}

/**
 * Subscribes the stores to every event channel and loads their data on each (re)connect. Agent events arrive only
 * for the chat on screen (the transport's session subscription follows `useChat`'s session, set before the chat is
 * fetched) and go through a per-frame batcher; session switches are safe because the chat store ignores other sessions.
 * Plan and memory panels re-fetch on their providers' `context/updated` and on planner tool outputs; the first
 * plan created in the chat on screen opens the Plan tab (unless the user closed the side panel).
 * Returns a function that unsubscribes everything.
 */
export function startSync(): () => void {
  const batcher = createEventBatcher((events) => useChat.getState().applyEvents(events), animationFrameScheduler());
  /** Sessions whose first plan already opened the Plan tab. */
  const planOpened = new Set<string>();
  let loadedOnce = false;
  const onConnected = () => {
    const first = !loadedOnce;
    loadedOnce = true;
    void refreshAll(first);
  };
  const offs = [
    api.on('agent/event', (event) => {
      // The inbox also learns from the turn's own events, so it stays right even if a channel event is missed.
      if (event.type === 'approval_requested') useApprovals.getState().add(event.approval);
      if (event.type === 'approval_decided') useApprovals.getState().resolve(event.callId, event.sessionId);
      // Running sessions and pending counts change at turn boundaries; the status push may not follow every one.
      if (event.type === 'turn_started' || event.type === 'turn_completed') void useStatus.getState().refresh();
      useStatus.getState().noteTurn(event);
      if (isPlannerToolOutput(event)) void usePlanner.getState().refreshIfWatched();
      if (!isQuickRoute() && shouldAutoOpenPlan(event, useChat.getState().model.sessionId, planOpened)) {
        planOpened.add(event.sessionId);
        useUi.getState().autoOpenSidePanel('plan');
      }
      pushLiveText(event);
      batcher.push(event);
    }),
    api.on('approval/requested', (approval) => useApprovals.getState().add(approval)),
    api.on('approval/resolved', ({ callId, sessionId }) => useApprovals.getState().resolve(callId, sessionId)),
    api.on('context/updated', ({ providerId }) => {
      void useContextProviders.getState().refresh();
      if (providerId === MEMORY_PROVIDER_ID) void useMemory.getState().refreshIfWatched();
      if (providerId === PLAN_PROVIDER_ID) void usePlanner.getState().refreshIfWatched();
    }),
    api.on('session/updated', ({ sessionId, summary }) => {
      useSessions.getState().applyUpdate(sessionId, summary);
      if (!summary && useChat.getState().model.sessionId === sessionId) useChat.getState().newChat();
    }),
    api.on('runtime/statusChanged', (status) => useStatus.getState().set(status)),
    api.on('automation/activityChanged', ({ running }) => useAutomation.getState().set(running)),
    api.onShell((event) => {
      if (event.type === 'navigationRequested') {
        if (event.sessionId) void useChat.getState().open(event.sessionId);
        else useChat.getState().newChat();
        useUi.getState().focusComposer();
      } else {
        useNotices
          .getState()
          .push(`The global shortcut ${event.accelerator} is not active: ${event.message}`, 'error', 15_000);
      }
    }),
    api.onConnectionChange((state) => {
      useConnection.getState().set(state);
      if (state === 'connected') onConnected();
    }),
  ];
  let shown = useChat.getState().model.sessionId;
  api.setSessions(shown ? [shown] : []);
  offs.push(
    useChat.subscribe(({ model }) => {
      if (model.sessionId === shown) return;
      shown = model.sessionId;
      api.setSessions(shown ? [shown] : []);
    }),
  );
  window.addEventListener('hashchange', followHash);
  offs.push(() => window.removeEventListener('hashchange', followHash));
  useConnection.getState().set(api.connectionState());
  if (api.connectionState() === 'connected') onConnected();
  return () => {
    batcher.flushNow();
    for (const off of offs) off();
  };
}
