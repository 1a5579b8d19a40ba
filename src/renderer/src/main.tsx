import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from '@renderer/data/api';
import { App } from '@renderer/app/App';
import { PrefsProvider } from '@renderer/lib/prefs';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
createRoot(root).render(
  <StrictMode>
    <PrefsProvider>
      <ApiProvider>
        <App />
      </ApiProvider>
    </PrefsProvider>
  </StrictMode>,
);
