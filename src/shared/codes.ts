// Domain codes (from the practice of social rehabilitation in Indonesia; see ../shared/domain.md).
// Kept as data so that labels and lists can change without code paths changing. Labels are respectful:
// official PPKS codes stay internal, for statistics; the UI never labels a person with them.

/** Participant categories. `ppks` is the official welfare-category code, kept for statistics only. */
export const CATEGORIES = [
  { code: 'PEREMPUAN_RENTAN', ppks: '23', id: 'Perempuan rentan sosial ekonomi', en: 'Woman at social and economic risk' },
  { code: 'PENYINTAS_TPPO', ppks: '18', id: 'Penyintas eksploitasi / perdagangan orang', en: 'Survivor of exploitation / trafficking' },
  { code: 'MANTAN_PEKERJA_SEKS', ppks: '10', id: 'Perempuan yang keluar dari pekerjaan seks', en: 'Woman leaving sex work' },
  { code: 'KORBAN_KEKERASAN', ppks: '19', id: 'Penyintas kekerasan', en: 'Survivor of violence' },
  { code: 'PEKERJA_MIGRAN_BERMASALAH', ppks: '20', id: 'Pekerja migran bermasalah sosial', en: 'Migrant worker with social problems' },
] as const;
export const CATEGORY_CODES = CATEGORIES.map((c) => c.code) as [string, ...string[]];

export const REFERRAL_SOURCES = ['MANDIRI', 'KELUARGA', 'SATPOL_PP', 'POLISI', 'UPTD_PPA', 'PUSKESMAS', 'LKS_LSM', 'RUMAH_SINGGAH', 'KEMENSOS_SENTRA', 'LAINNYA'] as const;
export const PARTICIPATION_BASES = ['SUKARELA', 'RUJUKAN_PENEGAKAN_PERDA', 'RUJUKAN_LEMBAGA'] as const;

/** Stages of rehabilitation practice and the moves allowed between them. */
export const STAGES = [
  'PENDEKATAN_AWAL',
  'PENERIMAAN',
  'ASESMEN',
  'RENCANA_INTERVENSI',
  'INTERVENSI',
  'RESOSIALISASI_REINTEGRASI',
  'TERMINASI',
  'BIMBINGAN_LANJUT',
] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_MOVES: Record<Stage, readonly Stage[]> = {
  PENDEKATAN_AWAL: ['PENERIMAAN', 'TERMINASI'],
  PENERIMAAN: ['ASESMEN', 'PENDEKATAN_AWAL', 'TERMINASI'],
  ASESMEN: ['RENCANA_INTERVENSI', 'PENERIMAAN', 'TERMINASI'],
  RENCANA_INTERVENSI: ['INTERVENSI', 'ASESMEN', 'TERMINASI'],
  INTERVENSI: ['RESOSIALISASI_REINTEGRASI', 'RENCANA_INTERVENSI', 'TERMINASI'],
  RESOSIALISASI_REINTEGRASI: ['TERMINASI', 'INTERVENSI'],
  TERMINASI: ['BIMBINGAN_LANJUT'],
  BIMBINGAN_LANJUT: ['TERMINASI'],
};

export const CLOSURE_REASONS = ['TUJUAN_TERCAPAI', 'MENGUNDURKAN_DIRI', 'DIRUJUK', 'PINDAH', 'MENINGGAL', 'PERSETUJUAN_DICABUT'] as const;

/** Consent purposes. Participation and data processing are required to register a participant. */
export const CONSENT_PURPOSES = [
  'PARTICIPATION',
  'DATA_PROCESSING',
  'SHARING_HEALTH',
  'SHARING_LEGAL_AID',
  'SHARING_RELIGIOUS',
  'SHARING_PSYCHOLOGIST',
  'SHARING_IDENTITY_DOCS',
  'SHARING_NGO',
  'PHOTO',
  'FOLLOW_UP_CONTACT',
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const REQUIRED_CONSENTS: readonly ConsentPurpose[] = ['PARTICIPATION', 'DATA_PROCESSING'];
export const CONSENT_METHODS = ['SIGNED_FORM', 'THUMBPRINT', 'VERBAL_WITH_WITNESS'] as const;

export const NO_NIK_REASONS = ['NEVER_REGISTERED', 'LOST', 'HELD_BY_OTHERS', 'UNKNOWN', 'OTHER'] as const;
export const NOTE_TYPES = ['GENERAL', 'HOME_VISIT', 'PHONE', 'PSYCHOLOGICAL'] as const;
export const ATTACHMENT_KINDS = ['CONSENT_SCAN', 'DOCUMENT', 'PHOTO'] as const;
export const SEXES = ['F', 'M'] as const;
