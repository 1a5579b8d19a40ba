import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '@renderer/app/App';
import { startFirstCalls } from '@renderer/app/firstCalls';
import { AppProviders } from '@renderer/app/providers';
import { createQueryClient } from '@renderer/data/api';
import { detectTransport } from '@renderer/data/transport';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from index.html');
const transport = detectTransport();
const client = createQueryClient();
startFirstCalls(client, transport, window.location.hash);
createRoot(root).render(
  <StrictMode>
    <AppProviders transport={transport} client={client}>
      <App />
    </AppProviders>
  </StrictMode>,
);
