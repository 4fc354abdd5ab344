// Renderer entry: applies the remembered theme, starts store sync with the runtime, mounts the app (or the quick prompt).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Root } from './Root';
import { startSync } from './stores/sync';
import { applyStoredTheme } from './stores/theme';
import './styles.css';

applyStoredTheme();
startSync();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element; the renderer cannot mount.');
createRoot(root).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
