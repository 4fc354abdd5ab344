// Picks the view from the URL hash: the quick prompt at #/quick, the full app everywhere else; follows hash changes.
import { useSyncExternalStore } from 'react';
import { App } from './App';
import { QuickPrompt } from './features/quick/QuickPrompt';
import { isQuickRoute } from './stores/route';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** The renderer's root component. */
export function Root() {
  const quick = useSyncExternalStore(subscribe, () => isQuickRoute());
  return quick ? <QuickPrompt /> : <App />;
}
