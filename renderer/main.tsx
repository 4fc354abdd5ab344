// Renderer entry: applies the remembered theme, starts store sync with the runtime, mounts the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startSync } from './stores/sync';
import { applyStoredTheme } from './stores/theme';
import './styles.css';

applyStoredTheme();
startSync();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element; the renderer cannot mount.');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
