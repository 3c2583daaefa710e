import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api';
import { App } from './App';
import { getApi } from './bridge';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('no #root element');
createRoot(root).render(
  <StrictMode>
    <ApiProvider api={getApi()}>
      <App />
    </ApiProvider>
  </StrictMode>,
);
