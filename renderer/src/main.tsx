import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { CommandBar } from './features/commandbar/CommandBar';
import { isCommandBarHash } from './features/commandbar/model';
import { initI18n } from './i18n';
import './styles.css';

async function boot(): Promise<void> {
  // Electron's preload defines window.frontdesk; only a plain browser (web harness) needs the shim.
  if (!window.frontdesk) {
    const { installWebShim } = await import('./bridge/web-shim');
    installWebShim();
  }
  initI18n();
  const root = document.getElementById('root');
  if (!root) throw new Error('#root is missing from index.html');
  createRoot(root).render(
    <StrictMode>
      {/* The command bar window (and its web harness page) is the same page at #/commandbar. */}
      {isCommandBarHash(window.location.hash) ? <CommandBar /> : <App />}
    </StrictMode>,
  );
}

void boot();
