// @vitest-environment happy-dom
// The form kit in a DOM: a form over a shared schema words its fields in Bahasa Indonesia and English (never zod's
// English) and focuses the first invalid one; the server's validation_failed and date_out_of_order details land
// on their fields; the submit button cannot submit twice; dates, rupiah and phone numbers are read as typed; the
// dirty guard asks before a link leaves unsaved changes.
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { passwordChangeBody, totpCodeSchema } from '../../src/shared/api.ts';
import { issueFromZod, withCode } from '../../src/shared/messages.ts';
import { isoDate } from '../../src/shared/participants-api.ts';
import { singleLine } from '../../src/shared/text.ts';
import { ApiError } from '../../src/web/data/client.ts';
import { DateField, MoneyField, PhoneField, SelectInput, TextInput } from '../../src/web/forms/fields.tsx';
import { useDirtyGuard } from '../../src/web/forms/dirty-guard.ts';
import { SchemaForm, useSchemaForm, type FieldMessages } from '../../src/web/forms/form.tsx';
import { SubmitButton } from '../../src/web/forms/SubmitButton.tsx';
import i18next, { setLanguage } from '../../src/web/i18n/index.ts';

// React's act() warnings are for test environments that say they are one.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

beforeAll(async () => {
  // The real catalogues: Indonesian at start, English fetched as the app fetches it.
  await setLanguage('en');
  await setLanguage('id');
});
beforeEach(async () => {
  await act(() => setLanguage('id'));
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const errorOf = (id: string) => document.getElementById(`${id}-error`)?.textContent;

/** A form over `schema` with the given fields; `onSubmit` receives the schema's output. */
function Harness<S extends z.ZodType<unknown, Record<string, unknown>>>({
  schema,
  defaultValues,
  onSubmit,
  onError,
  messages,
  children,
}: {
  schema: S;
  defaultValues?: Record<string, unknown>;
  onSubmit(values: unknown): unknown;
  onError?(err: unknown): void;
  messages?: FieldMessages;
  children: ReactNode;
}) {
  const form = useSchemaForm(schema, { defaultValues: defaultValues as never, messages });
  return (
    <SchemaForm form={form} onSubmit={onSubmit} onError={onError} aria-label="test form">
      {children}
      <SubmitButton>Kirim</SubmitButton>
    </SchemaForm>
  );
}

const submit = () => fireEvent.submit(screen.getByRole('form', { name: 'test form' }));

describe('a form over a shared schema', () => {
  const schema = passwordChangeBody.extend({ code: totpCodeSchema, note: z.string().max(5).optional() });
  const fields = (
    <>
      <TextInput name="currentPassword" id="current-password" label="Kata sandi sekarang" type="password" />
      <TextInput name="newPassword" id="new-password" label="Kata sandi baru" hint="12+" type="password" />
      <TextInput name="code" label="Kode" />
      <TextInput name="note" label="Catatan" />
    </>
  );

  it('words every issue from its code and parameters, never in zod English, and focuses the first', async () => {
    const onSubmit = vi.fn();
    render(
      <Harness schema={schema} onSubmit={onSubmit}>
        {fields}
      </Harness>,
    );
    fireEvent.change(screen.getByLabelText('Kata sandi baru'), { target: { value: 'pendek' } });
    fireEvent.change(screen.getByLabelText('Kode'), { target: { value: '12ab' } });
    fireEvent.change(screen.getByLabelText('Catatan'), { target: { value: 'terlalu panjang' } });
    submit();
    await waitFor(() => expect(errorOf('current-password')).toBe('Wajib diisi.'));
    expect(errorOf('new-password')).toBe('Terlalu pendek: paling sedikit 12 karakter.');
    // totpCodeSchema's own message ("Six digits") is zod English: the kit words it by its code.
    expect(errorOf('code')).toBe('Bentuk isian ini belum benar.');
    expect(errorOf('note')).toBe('Terlalu panjang: paling banyak 5 karakter.');
    expect(onSubmit).not.toHaveBeenCalled();
    const current = screen.getByLabelText('Kata sandi sekarang');
    expect(current.getAttribute('aria-invalid')).toBe('true');
    expect(current.getAttribute('aria-describedby')).toBe('current-password-error');
    expect(screen.getByLabelText('Kata sandi baru').getAttribute('aria-describedby')).toBe(
      'new-password-hint new-password-error',
    );
    await waitFor(() => expect(document.activeElement).toBe(current));
  });

  it('says the same in English', async () => {
    await act(() => setLanguage('en'));
    render(
      <Harness schema={schema} onSubmit={vi.fn()}>
        {fields}
      </Harness>,
    );
    fireEvent.change(screen.getByLabelText('Kata sandi baru'), { target: { value: 'short' } });
    submit();
    await waitFor(() => expect(errorOf('current-password')).toBe('Required.'));
    expect(errorOf('new-password')).toBe('Too short: at least 12 characters.');
  });

  it('takes a per-field wording, and clears a message once the field is put right', async () => {
    render(
      <Harness schema={schema} onSubmit={vi.fn()} messages={{ newPassword: 'Kata sandi minimal 12 karakter.' }}>
        {fields}
      </Harness>,
    );
    submit();
    await waitFor(() => expect(errorOf('new-password')).toBe('Kata sandi minimal 12 karakter.'));
    fireEvent.change(screen.getByLabelText('Kata sandi sekarang'), { target: { value: 'x' } });
    await waitFor(() => expect(errorOf('current-password')).toBeUndefined());
  });

  it('submits the schema output once valid', async () => {
    const onSubmit = vi.fn();
    render(
      <Harness schema={schema} onSubmit={onSubmit}>
        {fields}
      </Harness>,
    );
    fireEvent.change(screen.getByLabelText('Kata sandi sekarang'), { target: { value: 'lama' } });
    fireEvent.change(screen.getByLabelText('Kata sandi baru'), { target: { value: 'kalimat panjang baru' } });
    fireEvent.change(screen.getByLabelText('Kode'), { target: { value: '123456' } });
    submit();
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    // The empty optional field is left out, not sent as ''.
    expect(onSubmit.mock.calls[0]![0]).toEqual({
      currentPassword: 'lama',
      newPassword: 'kalimat panjang baru',
      code: '123456',
    });
  });
});

/** A sign-in form whose schema is fetched on first use. */
function Lazy({ onSubmit }: { onSubmit(v: unknown): void }) {
  const form = useSchemaForm(() => import('../../src/shared/api.ts').then((m) => m.loginBody), {
    messages: { username: 'Isi nama pengguna.' },
  });
  return (
    <SchemaForm form={form} onSubmit={onSubmit} aria-label="test form">
      <TextInput name="username" label="Nama pengguna" />
      <TextInput name="password" label="Kata sandi" type="password" />
      <SubmitButton>Masuk</SubmitButton>
    </SchemaForm>
  );
}

describe('a schema loaded when needed', () => {
  it('validates with it once fetched, and sends its output', async () => {
    const onSubmit = vi.fn();
    render(<Lazy onSubmit={onSubmit} />);
    submit();
    await waitFor(() => expect(errorOf('username')).toBe('Isi nama pengguna.'));
    expect(errorOf('password')).toBe('Wajib diisi.');
    fireEvent.change(screen.getByLabelText('Nama pengguna'), { target: { value: ' Siti.Aminah ' } });
    fireEvent.change(screen.getByLabelText('Kata sandi'), { target: { value: 'rahasia' } });
    submit();
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0]).toEqual({ username: 'siti.aminah', password: 'rahasia' });
  });
});

describe("the server's field errors", () => {
  const schema = z.object({
    username: z.string().min(1),
    email: z.string().min(1),
    role: z.enum(['A', 'B']),
    registeredOn: isoDate,
  });
  const fill = () => {
    fireEvent.change(screen.getByLabelText('Nama pengguna'), { target: { value: 'siti' } });
    fireEvent.change(screen.getByLabelText('E-mail'), { target: { value: 'siti@example.id' } });
    fireEvent.change(screen.getByLabelText('Tanggal daftar'), { target: { value: '01/03/2026' } });
  };
  const form = (onSubmit: () => unknown, onError = vi.fn()) =>
    render(
      <Harness schema={schema} defaultValues={{ role: 'A' }} onSubmit={onSubmit} onError={onError}>
        <TextInput name="username" label="Nama pengguna" />
        <TextInput name="email" label="E-mail" />
        <SelectInput name="role" label="Peran">
          <option value="A">A</option>
          <option value="B">B</option>
        </SelectInput>
        <DateField name="registeredOn" label="Tanggal daftar" />
      </Harness>,
    );

  it('validation_failed details land on their fields, worded by code and params, and the first is focused', async () => {
    const onError = vi.fn();
    const err = new ApiError(400, 'validation_failed', 'Some fields are not valid', [
      { field: 'body.email', message: 'Invalid email address', code: 'invalid_format', params: { format: 'email' } },
      { field: 'body.username', message: 'Too small', code: 'too_small', params: { minimum: 3, origin: 'string' } },
      { field: 'body.unknownThing', message: 'Unrecognized key', code: 'unrecognized_keys' },
    ]);
    form(() => Promise.reject(err), onError);
    fill();
    submit();
    await waitFor(() => expect(errorOf('username')).toBe('Terlalu pendek: paling sedikit 3 karakter.'));
    expect(errorOf('email')).toBe('Tulis alamat e-mail yang benar, misalnya nama@dinsos.kalselprov.go.id.');
    expect(onError).toHaveBeenCalledWith(err);
    // The first invalid field in the page's order, not in the server's.
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Nama pengguna')));
  });

  it('a detail without params still gets our words', async () => {
    form(() =>
      Promise.reject(new ApiError(400, 'validation_failed', 'x', [{ field: 'body.role', message: 'Invalid option' }])),
    );
    fill();
    submit();
    await waitFor(() => expect(errorOf('role')).toBe('Isian ini belum benar.'));
  });

  it('date_out_of_order names the rule the date broke, on the date field', async () => {
    form(() =>
      Promise.reject(
        new ApiError(400, 'date_out_of_order', 'x', [{ field: 'body.registeredOn', code: 'before_consent' }]),
      ),
    );
    fill();
    submit();
    await waitFor(() => expect(errorOf('registeredOn')).toBe(i18next.t('dates.problems.before_consent')));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Tanggal daftar')));
  });

  it('a single {field, problem} detail (a taken username) lands on its field', async () => {
    form(() =>
      Promise.reject(new ApiError(409, 'username_taken', 'x', { field: 'username', problem: 'username_taken' })),
    );
    fill();
    submit();
    await waitFor(() => expect(errorOf('username')).toBe(i18next.t('errors.username_taken')));
  });
});

describe('every code of the catalogue, on the field it names', () => {
  const schema = z.object({
    nik: z.string().min(1),
    partnerId: z.string().min(1),
    participantId: z.string().min(1),
    registeredOn: isoDate,
  });
  const fill = () => {
    fireEvent.change(screen.getByLabelText('NIK'), { target: { value: '6371011302900001' } });
    fireEvent.change(screen.getByLabelText('Mitra'), { target: { value: 'p-1' } });
    fireEvent.change(screen.getByLabelText('Peserta'), { target: { value: 'x-1' } });
    fireEvent.change(screen.getByLabelText('Tanggal daftar'), { target: { value: '01/03/2026' } });
  };
  const form = (err: unknown, messages?: FieldMessages) =>
    render(
      <Harness schema={schema} onSubmit={() => Promise.reject(err)} messages={messages}>
        <TextInput name="nik" label="NIK" />
        <TextInput name="partnerId" label="Mitra" />
        <TextInput name="participantId" label="Peserta" />
        <DateField name="registeredOn" label="Tanggal daftar" />
      </Harness>,
    );

  it("words the server's rules (unknown, not_enrolled, required, a date ahead) by their codes", async () => {
    form(
      new ApiError(400, 'validation_failed', 'x', [
        { field: 'body.partnerId', message: 'Unknown partner', code: 'unknown' },
        { field: 'body.participantId', message: 'Not in this cohort', code: 'not_enrolled' },
        { field: 'body.nik', message: 'Required', code: 'required' },
        { field: 'body.registeredOn', message: 'In the future', code: 'future_date' },
      ]),
    );
    fill();
    submit();
    await waitFor(() => expect(errorOf('partnerId')).toBe(i18next.t('messages.issues.unknown')));
    expect(errorOf('participantId')).toBe('Peserta ini tidak terdaftar di angkatan ini.');
    expect(errorOf('nik')).toBe('Wajib diisi.');
    expect(errorOf('registeredOn')).toBe(i18next.t('dates.problems.future_date'));
  });

  it("a field's own wording replaces a generic issue only: a code that says more is worded by the catalogue", async () => {
    form(
      new ApiError(400, 'validation_failed', 'x', [
        { field: 'body.partnerId', code: 'unknown' },
        { field: 'body.nik', code: 'too_big', params: { maximum: 16, origin: 'string' } },
      ]),
      { partnerId: 'Pilih mitra.', nik: 'Isi 16 angka NIK.' },
    );
    fill();
    submit();
    await waitFor(() => expect(errorOf('nik')).toBe('Isi 16 angka NIK.'));
    expect(errorOf('partnerId')).toBe(i18next.t('messages.issues.unknown'));
  });

  it("a refusal's own details land on their fields: the NIK's problem, or the refusal's words", async () => {
    form(new ApiError(400, 'invalid_nik', 'x', [{ field: 'body.nik', message: 'Month 13', code: 'month' }]));
    fill();
    submit();
    await waitFor(() => expect(errorOf('nik')).toBe(i18next.t('codes.nikProblems.month')));
    cleanup();
    form(
      new ApiError(400, 'partner_unavailable', 'x', [
        { field: 'body.partnerId', message: 'Unknown or inactive partner', code: 'unknown' },
      ]),
    );
    fill();
    submit();
    await waitFor(() => expect(errorOf('partnerId')).toBe(i18next.t('errors.partner_unavailable')));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText('Mitra')));
  });

  it('date_out_of_order with its params, in the date problem words', async () => {
    form(
      new ApiError(400, 'date_out_of_order', 'x', [
        { field: 'body.registeredOn', code: 'before_handover', params: { date: '2026-02-01' } },
      ]),
    );
    fill();
    submit();
    await waitFor(() => expect(errorOf('registeredOn')).toBe(i18next.t('dates.problems.before_handover')));
  });
});

describe('a refinement that names its catalogue code', () => {
  const schema = z
    .object({ startsOn: isoDate, endsOn: isoDate, name: singleLine(50) })
    .refine((v) => v.endsOn >= v.startsOn, {
      message: 'The end is before the start',
      path: ['endsOn'],
      ...withCode('before_start'),
    });
  const fields = (
    <>
      <DateField name="startsOn" label="Mulai" />
      <DateField name="endsOn" label="Selesai" />
      <TextInput name="name" label="Nama" />
    </>
  );

  it('is worded from the catalogue, never by its English message, even where the field has its own words', async () => {
    render(
      <Harness schema={schema} onSubmit={vi.fn()} messages={{ endsOn: 'Isi tanggal selesai.' }}>
        {fields}
      </Harness>,
    );
    fireEvent.change(screen.getByLabelText('Mulai'), { target: { value: '10/03/2026' } });
    fireEvent.change(screen.getByLabelText('Selesai'), { target: { value: '01/03/2026' } });
    // A shared text's own refinement (control characters) names its code too.
    fireEvent.change(screen.getByLabelText('Nama'), { target: { value: 'Siti\u0007' } });
    submit();
    await waitFor(() => expect(errorOf('endsOn')).toBe('Tanggal ini sebelum tanggal mulai.'));
    expect(errorOf('name')).toBe(i18next.t('messages.issues.control_characters'));
    // The field's own words still say what a generic issue (an empty date) is.
    fireEvent.change(screen.getByLabelText('Selesai'), { target: { value: '' } });
    await waitFor(() => expect(errorOf('endsOn')).toBe('Isi tanggal selesai.'));
  });

  it('is sent by the server as the same code (issueFromZod reads it)', () => {
    const parsed = schema.safeParse({ startsOn: '2026-03-10', endsOn: '2026-03-01', name: 'Siti' });
    expect(parsed.success).toBe(false);
    expect(issueFromZod(parsed.error!.issues[0]!)).toEqual({ code: 'before_start', params: {} });
  });
});

/** A form whose messages follow a language switch. */
const switchSchema = z
  .object({ startsOn: isoDate, endsOn: isoDate, note: z.string().max(5).optional(), partnerId: z.string() })
  .refine((v) => v.endsOn >= v.startsOn, { path: ['endsOn'], ...withCode('before_start') });

/** A screen whose own words come from the catalogue, as a screen's `t(...)` does. */
function Screen({ err }: { err: unknown }) {
  const { t } = useTranslation();
  const form = useSchemaForm(switchSchema, {
    defaultValues: { startsOn: '2026-03-10', partnerId: 'p-1' },
    messages: { note: t('forms.money.tooLarge') },
  });
  return (
    <SchemaForm form={form} onSubmit={() => Promise.reject(err)} aria-label="test form">
      <DateField name="startsOn" label="Mulai" />
      <DateField name="endsOn" label="Selesai" />
      <TextInput name="note" label="Catatan" />
      <TextInput name="partnerId" label="Mitra" />
      <SubmitButton>Kirim</SubmitButton>
    </SchemaForm>
  );
}

/** A form whose screen sets a message of its own on a field. */
function Manual() {
  const form = useSchemaForm(switchSchema, { defaultValues: { startsOn: '2026-03-10', partnerId: 'p-1' } });
  return (
    <SchemaForm form={form} onSubmit={vi.fn()} aria-label="test form">
      <DateField name="endsOn" label="Selesai" />
      <button type="button" onClick={() => form.setError('endsOn', { type: 'x', message: 'Pesan layar.' })}>
        set
      </button>
    </SchemaForm>
  );
}

describe('messages shown follow a language switch', () => {
  it("words again the form's own messages, a field's own words and the server's", async () => {
    render(
      <Screen err={new ApiError(400, 'validation_failed', 'x', [{ field: 'body.partnerId', code: 'not_enrolled' }])} />,
    );
    // The form's own check: an empty date (required), a note too long (the screen's words).
    fireEvent.change(screen.getByLabelText('Catatan'), { target: { value: 'terlalu panjang' } });
    submit();
    await waitFor(() => expect(errorOf('endsOn')).toBe('Wajib diisi.'));
    expect(errorOf('note')).toBe('Jumlah ini terlalu besar.');
    await act(() => setLanguage('en'));
    await waitFor(() => expect(errorOf('endsOn')).toBe('Required.'));
    expect(errorOf('note')).toBe(i18next.t('forms.money.tooLarge'));
    expect(errorOf('note')).not.toBe('Jumlah ini terlalu besar.');
    // A refinement's code, then the server's refusal, worded in English and again in Indonesian.
    fireEvent.change(screen.getByLabelText('Selesai'), { target: { value: '01/03/2026' } });
    await waitFor(() => expect(errorOf('endsOn')).toBe('This date is before the start date.'));
    await act(() => setLanguage('id'));
    await waitFor(() => expect(errorOf('endsOn')).toBe('Tanggal ini sebelum tanggal mulai.'));
    fireEvent.change(screen.getByLabelText('Selesai'), { target: { value: '20/03/2026' } });
    fireEvent.change(screen.getByLabelText('Catatan'), { target: { value: 'baik' } });
    await waitFor(() => expect(errorOf('endsOn')).toBeUndefined());
    submit();
    await waitFor(() => expect(errorOf('partnerId')).toBe('Peserta ini tidak terdaftar di angkatan ini.'));
    await act(() => setLanguage('en'));
    await waitFor(() => expect(errorOf('partnerId')).toBe(i18next.t('messages.issues.not_enrolled')));
    expect(errorOf('partnerId')).not.toBe('Peserta ini tidak terdaftar di angkatan ini.');
  });

  it('leaves alone a message that was replaced since', async () => {
    render(<Manual />);
    submit();
    await waitFor(() => expect(errorOf('endsOn')).toBe('Wajib diisi.'));
    fireEvent.click(screen.getByRole('button', { name: 'set' }));
    await waitFor(() => expect(errorOf('endsOn')).toBe('Pesan layar.'));
    await act(() => setLanguage('en'));
    expect(errorOf('endsOn')).toBe('Pesan layar.');
  });
});

describe('the submit button', () => {
  it('shows progress and takes one submit at a time', async () => {
    let finish!: () => void;
    const onSubmit = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    render(
      <Harness schema={z.object({ name: z.string().min(1) })} defaultValues={{ name: 'Siti' }} onSubmit={onSubmit}>
        <TextInput name="name" label="Nama" />
      </Harness>,
    );
    const button = screen.getByRole('button', { name: 'Kirim' });
    fireEvent.click(button);
    await waitFor(() => expect(button.getAttribute('aria-busy')).toBe('true'));
    expect(button.textContent).toBe('Menyimpan…');
    expect((button as HTMLButtonElement).disabled).toBe(true);
    // Enter in a field and a second click while the first submit runs.
    submit();
    fireEvent.click(button);
    submit();
    await act(async () => finish());
    await waitFor(() => expect(button.getAttribute('aria-busy')).toBeNull());
    expect(button.textContent).toBe('Kirim');
    expect(onSubmit).toHaveBeenCalledTimes(1);
  });

  it('two submits in the same tick still send once', async () => {
    const onSubmit = vi.fn(() => new Promise<void>(() => {}));
    render(
      <Harness schema={z.object({ name: z.string().min(1) })} defaultValues={{ name: 'Siti' }} onSubmit={onSubmit}>
        <TextInput name="name" label="Nama" />
      </Harness>,
    );
    submit();
    submit();
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
  });
});

describe('fields typed as people write them', () => {
  const schema = z.object({
    birthDate: isoDate,
    amount: z.number().int().min(1),
    phone: z
      .string()
      .regex(/^\+?[0-9 ()-]{6,20}$/)
      .optional(),
  });
  function render3(onSubmit = vi.fn()) {
    render(
      <Harness schema={schema} onSubmit={onSubmit}>
        <DateField name="birthDate" label="Tanggal lahir" />
        <MoneyField name="amount" label="Jumlah" />
        <PhoneField name="phone" label="Telepon" />
      </Harness>,
    );
    return {
      onSubmit,
      date: screen.getByLabelText('Tanggal lahir') as HTMLInputElement,
      money: screen.getByLabelText('Jumlah') as HTMLInputElement,
      phone: screen.getByLabelText('Telepon') as HTMLInputElement,
    };
  }

  it('holds ISO dates, integer rupiah and +62 numbers while showing what people read', async () => {
    const { onSubmit, date, money, phone } = render3();
    fireEvent.change(date, { target: { value: '28112026' } });
    expect(date.value).toBe('28/11/2026');
    fireEvent.change(money, { target: { value: '3000000' } });
    expect(money.value).toBe('Rp 3.000.000');
    fireEvent.change(phone, { target: { value: '+62 812 3456 7890' } });
    fireEvent.blur(phone);
    expect(phone.value).toBe('0812-3456-7890');
    submit();
    await waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(1));
    expect(onSubmit.mock.calls[0]![0]).toEqual({ birthDate: '2026-11-28', amount: 3_000_000, phone: '+6281234567890' });
  });

  it('a date that does not exist, sen and a short phone number are field errors in both languages', async () => {
    const { onSubmit, date, money, phone } = render3();
    fireEvent.change(date, { target: { value: '31/02/2026' } });
    fireEvent.change(money, { target: { value: 'Rp 3.000,50' } });
    fireEvent.change(phone, { target: { value: '0812' } });
    submit();
    await waitFor(() =>
      expect(errorOf('birthDate')).toBe('Tanggal ini tidak ada di kalender. Periksa hari dan bulannya.'),
    );
    expect(errorOf('amount')).toBe('Tulis jumlah rupiah tanpa sen.');
    expect(errorOf('phone')).toBe('Nomor telepon Indonesia berisi 9 sampai 13 angka, termasuk 0 di depan.');
    expect(onSubmit).not.toHaveBeenCalled();
    await waitFor(() => expect(document.activeElement).toBe(date));

    await act(() => setLanguage('en'));
    submit();
    await waitFor(() => expect(errorOf('birthDate')).toBe('This date does not exist. Check the day and the month.'));
    expect(errorOf('amount')).toBe('Write the amount in whole rupiah, without cents.');

    // Put right, the message goes as it is typed (validation runs again on change after a submit).
    fireEvent.change(date, { target: { value: '28/02/2026' } });
    await waitFor(() => expect(errorOf('birthDate')).toBeUndefined());
  });

  it('an empty required date or amount is required, not a format error', async () => {
    render3();
    submit();
    await waitFor(() => expect(errorOf('birthDate')).toBe('Wajib diisi.'));
    expect(errorOf('amount')).toBe('Wajib diisi.');
    expect(errorOf('phone')).toBeUndefined();
  });

  it('shows the value a form starts with as people read it', () => {
    render(
      <Harness
        schema={schema}
        defaultValues={{ birthDate: '1990-01-05', amount: 2_500_000, phone: '+625113352211' }}
        onSubmit={vi.fn()}
      >
        <DateField name="birthDate" label="Tanggal lahir" />
        <MoneyField name="amount" label="Jumlah" />
        <PhoneField name="phone" label="Telepon" />
      </Harness>,
    );
    expect((screen.getByLabelText('Tanggal lahir') as HTMLInputElement).value).toBe('05/01/1990');
    expect((screen.getByLabelText('Jumlah') as HTMLInputElement).value).toBe('Rp 2.500.000');
    expect((screen.getByLabelText('Telepon') as HTMLInputElement).value).toBe('0511-3352211');
  });
});

/** A page with unsaved changes or not, and a link away. */
function Page({ dirty }: { dirty: boolean }) {
  useDirtyGuard(dirty);
  return (
    <a href="/participants" onClick={(e) => e.preventDefault()}>
      Peserta
    </a>
  );
}

describe('the dirty guard', () => {
  // happy-dom has no window.confirm: each test gives its answer.
  const stubConfirm = (answer: boolean) => {
    const confirm = vi.fn(() => answer);
    window.confirm = confirm;
    return confirm;
  };

  it('asks before a link leaves unsaved changes, and stays when told to', () => {
    const confirm = stubConfirm(false);
    const followed = vi.fn();
    document.addEventListener('click', followed);
    render(<Page dirty />);
    fireEvent.click(screen.getByText('Peserta'));
    expect(confirm).toHaveBeenCalledWith(
      'Ada perubahan yang belum disimpan. Tinggalkan halaman ini dan buang perubahan itu?',
    );
    expect(followed).not.toHaveBeenCalled();
    document.removeEventListener('click', followed);
  });

  it('lets the link go when confirmed, and asks nothing when nothing changed', () => {
    const confirm = stubConfirm(true);
    const followed = vi.fn();
    document.addEventListener('click', followed);
    const { rerender } = render(<Page dirty />);
    fireEvent.click(screen.getByText('Peserta'));
    expect(followed).toHaveBeenCalledTimes(1);
    rerender(<Page dirty={false} />);
    fireEvent.click(screen.getByText('Peserta'));
    expect(confirm).toHaveBeenCalledTimes(1);
    expect(followed).toHaveBeenCalledTimes(2);
    document.removeEventListener('click', followed);
  });

  it('asks the browser on tab close or reload', () => {
    render(<Page dirty />);
    const e = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(e);
    expect(e.defaultPrevented).toBe(true);
  });
});
