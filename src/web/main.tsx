// Entry point: i18n first (it sets <html lang>), then the app.
import './styles.css';
import { languageReady } from './i18n/index.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { SessionProvider } from './session.tsx';
import { makeQueryClient } from './data/query.ts';
import { ConflictProvider } from './data/conflict.tsx';
import { App } from './App.tsx';
import { FieldProvider } from './routes/field/FieldProvider.tsx';

const queryClient = makeQueryClient();
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
void languageReady.then(() =>
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <FieldProvider>
            <ConflictProvider>
              <App />
            </ConflictProvider>
          </FieldProvider>
        </SessionProvider>
      </QueryClientProvider>
    </StrictMode>,
  ),
);
