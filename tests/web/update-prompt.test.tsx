// @vitest-environment happy-dom
// The update prompt in a component test: it registers no service worker (the alias in vitest.config.ts) and
// shows nothing when no update waits.
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from '@testing-library/react';
import { UpdatePrompt } from '../../src/web/components/UpdatePrompt.tsx';

describe('UpdatePrompt', () => {
  afterEach(cleanup);
  it('renders nothing and registers no service worker when no update waits', () => {
    const { container } = render(<UpdatePrompt />);
    expect(container.innerHTML).toBe('');
    expect(navigator.serviceWorker?.controller ?? null).toBeNull();
  });
});
