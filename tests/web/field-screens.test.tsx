// @vitest-environment happy-dom
// Field mode's screens in a DOM, over a stub of the field engine (our browser module, not our database): the PIN
// screen says how many attempts are left after a wrong PIN; a conflict shows her version beside the current one,
// and offers "Kirim versi saya" only when sending again can succeed.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { OutboxItem } from '../../src/web/field/index.ts';
import { loadAreas, setLanguage } from '../../src/web/i18n/index.ts';
import { FieldContext, type FieldApi } from '../../src/web/routes/field/FieldProvider.tsx';
import { UnlockPage } from '../../src/web/routes/field/Unlock.tsx';
import { FieldPinPage } from '../../src/web/routes/field/Pin.tsx';
import { ConflictView } from '../../src/web/routes/field/Conflicts.tsx';

vi.mock('../../src/web/field/index.ts', () => {
  class WrongPinError extends Error {
    constructor(readonly remaining: number) {
      super('wrong PIN');
    }
  }
  class VaultErasedError extends Error {
    constructor(readonly reason: string) {
      super('erased');
    }
  }
  return { WrongPinError, VaultErasedError, readMeta: async () => null };
});

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

beforeAll(async () => {
  await setLanguage('id');
  await loadAreas(['field', 'programme', 'followup', 'casework']);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

function fieldApi(over: Partial<FieldApi> = {}): FieldApi {
  const none = async () => undefined;
  return {
    checked: true,
    status: 'locked',
    meta: null,
    erasedReason: null,
    sync: null,
    snapshot: null,
    outbox: [],
    turnOn: none,
    unlock: none,
    setPin: none,
    lock: none,
    eraseHere: none,
    record: async () => {
      throw new Error('not used');
    },
    resend: none,
    discard: none,
    syncNow: none,
    ...over,
  };
}

const withField = (api: FieldApi, children: ReactNode) => (
  <FieldContext.Provider value={api}>{children}</FieldContext.Provider>
);

describe('the PIN screen', () => {
  it('says how many attempts are left after a wrong PIN', async () => {
    const { WrongPinError } = await import('../../src/web/field/index.ts');
    const unlock = vi.fn(async () => {
      throw new (WrongPinError as unknown as new (n: number) => Error)(3);
    });
    render(withField(fieldApi({ unlock }), <UnlockPage />));
    const pin = screen.getByLabelText('PIN');
    expect(pin.getAttribute('inputmode')).toBe('numeric');
    expect(pin.getAttribute('autocomplete')).toBe('off');
    fireEvent.change(pin, { target: { value: '123456' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Buka' }));
    });
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('Sisa 3 kali percobaan'));
    expect(unlock).toHaveBeenCalledWith('123456');
  });

  it('refuses a PIN that is not 6–12 digits without trying it', async () => {
    const unlock = vi.fn(async () => undefined);
    render(withField(fieldApi({ unlock }), <UnlockPage />));
    fireEvent.change(screen.getByLabelText('PIN'), { target: { value: '12a' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Buka' }));
    });
    await waitFor(() => expect(document.body.textContent).toContain('PIN terdiri dari 6 sampai 12 angka.'));
    expect(unlock).not.toHaveBeenCalled();
  });

  it('says the data was erased after the fifth wrong PIN', () => {
    render(withField(fieldApi({ status: 'erased', erasedReason: 'pin_failures' }), <UnlockPage />));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Data lapangan sudah dihapus');
    expect(document.body.textContent).toContain('PIN salah lima kali');
  });
});

describe('a new PIN', () => {
  it('asks for the new PIN twice, refuses two that differ, and saves one through the server key', async () => {
    const setPin = vi.fn(async () => undefined);
    render(withField(fieldApi({ status: 'open', setPin }), <FieldPinPage />));
    const pin = screen.getByLabelText('PIN (6–12 angka)');
    const again = screen.getByLabelText('Ulangi PIN');
    fireEvent.change(pin, { target: { value: '12345678' } });
    fireEvent.change(again, { target: { value: '12345679' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Simpan PIN baru' }));
    });
    await waitFor(() => expect(document.body.textContent).toContain('Kedua PIN tidak sama.'));
    expect(setPin).not.toHaveBeenCalled();
    fireEvent.change(again, { target: { value: '12345678' } });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Simpan PIN baru' }));
    });
    await waitFor(() => expect(setPin).toHaveBeenCalledWith('12345678'));
    await waitFor(() => expect(document.body.textContent).toContain('PIN baru tersimpan.'));
  });
});

const P1 = '0b6d9a55-54d5-4e8e-9f0e-5b0b7c0f0a01';
const P2 = '0b6d9a55-54d5-4e8e-9f0e-5b0b7c0f0a02';
function attendanceConflict(canResend: boolean): OutboxItem {
  return {
    id: 'c1a7f3c2-3d1e-4f57-a1e8-9d6c4b2a1f00',
    seq: 1,
    kind: 'attendance',
    route: 'PUT /api/sessions/:id/attendance',
    params: { id: 'session-1' },
    body: [
      { participantId: P1, status: 'PRESENT' },
      { participantId: P2, status: 'ABSENT' },
    ],
    ifMatch: 2,
    deviceTime: '2026-12-07T01:00:00.000Z',
    summary: 'Senin, 7 Desember 2026 · Angkatan Menjahit',
    state: 'conflict',
    attempts: 1,
    nextAttemptAt: null,
    conflict: {
      status: canResend ? 412 : 409,
      code: canResend ? 'stale_version' : 'attendance_locked',
      openedAt: '2026-12-07T02:00:00.000Z',
      current: {
        sessionId: 'session-1',
        locked: false,
        version: 3,
        items: [
          { participantId: P1, code: 'PRT-0001', preferredName: 'Sari', status: 'LATE' },
          { participantId: P2, code: 'PRT-0002', preferredName: 'Wati', status: 'ABSENT' },
        ],
      },
      canResend,
    },
  };
}

describe('a conflict', () => {
  it('shows her version beside the current one, person by person, with both choices', () => {
    render(withField(fieldApi({ status: 'open' }), <ConflictView item={attendanceConflict(true)} />));
    const table = screen.getByRole('table');
    expect(table.textContent).toContain('Versi saya');
    expect(table.textContent).toContain('Versi sekarang di server');
    const sari = screen.getByRole('row', { name: /PRT-0001 Sari/ });
    expect(sari.textContent).toContain('Hadir');
    expect(sari.textContent).toContain('Terlambat');
    expect(screen.getByRole('button', { name: 'Kirim versi saya' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Pakai versi sekarang / Buang versi saya' })).toBeTruthy();
  });

  it('offers no resend when a rule refuses her version, and discards only after she confirms', async () => {
    const discard = vi.fn(async () => undefined);
    render(withField(fieldApi({ status: 'open', discard }), <ConflictView item={attendanceConflict(false)} />));
    expect(screen.queryByRole('button', { name: 'Kirim versi saya' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Pakai versi sekarang / Buang versi saya' }));
    expect(discard).not.toHaveBeenCalled();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Ya, buang versi saya' }));
    });
    expect(discard).toHaveBeenCalledWith('c1a7f3c2-3d1e-4f57-a1e8-9d6c4b2a1f00');
  });
});
