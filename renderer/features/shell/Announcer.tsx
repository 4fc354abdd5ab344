// Screen-reader announcements for things that happen off-focus: a response finished, an approval is needed.
import { useEffect, useRef, useState } from 'react';
import { useApprovals } from '../../stores/approvals';
import { useChat } from '../../stores/chat';

/** A visually hidden polite live region. */
export function Announcer() {
  const running = useChat((s) => s.model.running);
  const sessionId = useChat((s) => s.model.sessionId);
  const approvals = useApprovals((s) => s.items);
  const [message, setMessage] = useState('');
  const wasRunning = useRef(running);
  const known = useRef(new Set(approvals.map((a) => a.callId)));

  useEffect(() => {
    if (wasRunning.current && !running) setMessage('The assistant finished responding.');
    wasRunning.current = running;
  }, [running]);

  useEffect(() => {
    const fresh = approvals.filter((a) => !known.current.has(a.callId));
    known.current = new Set(approvals.map((a) => a.callId));
    const here = fresh.find((a) => a.sessionId === sessionId);
    if (here) setMessage(`Approval needed: ${here.tool} wants to run.`);
    else if (fresh.length)
      setMessage(`${fresh.length} approval${fresh.length === 1 ? '' : 's'} waiting in another chat.`);
  }, [approvals, sessionId]);

  return (
    <div className="sr-only" aria-live="polite" aria-atomic="true">
      {message}
    </div>
  );
}
