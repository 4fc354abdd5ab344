// The answer streaming in, as markdown: block-wise rendering, each delta rendered the moment it arrives.
import { useLayoutEffect, useRef } from 'react';
import { useChat } from '../../stores/chat';
import { onLiveText } from '../../stores/liveText';
import { createLiveMarkdownView, type LiveMarkdownView } from './liveMarkdown';
import { onCopyClick } from './Markdown';

/**
 * Live answer text of `turnId` in the open chat. React renders an empty `.markdown` element; a
 * {@link LiveMarkdownView} owns its content, fed by `text` on each commit and by deltas as they arrive.
 */
export function LiveMarkdown({ text, turnId }: { text: string; turnId: string }) {
  const sessionId = useChat((s) => s.model.sessionId);
  const ref = useRef<HTMLDivElement>(null);
  const view = useRef<LiveMarkdownView | null>(null);
  useLayoutEffect(() => {
    const live = createLiveMarkdownView(ref.current!);
    view.current = live;
    const off = sessionId ? onLiveText(sessionId, turnId, (delta) => live.append(delta)) : () => {};
    return () => {
      off();
      live.dispose();
      view.current = null;
    };
  }, [sessionId, turnId]);
  useLayoutEffect(() => {
    view.current?.update(text);
  }, [text, sessionId, turnId]);
  return <div ref={ref} className="markdown" onClick={(e) => void onCopyClick(e)} />;
}
