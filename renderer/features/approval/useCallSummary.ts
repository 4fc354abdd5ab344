// What a pending call will do, in words (`approval/describe`), e.g. `click button "Place order" (e12) on shop.example`.
import { useEffect, useState } from 'react';
import { api } from '../../api';

/** The summary of pending call `callId`, or null while loading, when the tool describes nothing or the call is gone. */
export function useCallSummary(callId: string): string | null {
  const [summary, setSummary] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setSummary(null);
    void api.invoke('approval/describe', { callId }).then((r) => {
      if (live && r.ok) setSummary(r.value.summary);
    });
    return () => {
      live = false;
    };
  }, [callId]);
  return summary;
}
