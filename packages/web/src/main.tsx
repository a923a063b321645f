import './app/mantine-styles.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { connectivity } from './api/connectivity.ts';
import { App } from './app/App.tsx';
import { initI18n } from './i18n/index.ts';

connectivity.install();
await initI18n();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
