// Domain codes (from the practice of social rehabilitation in Indonesia; see ../shared/domain.md).
// Kept as data so that labels and lists can change without code paths changing. Labels are respectful:
// official PPKS codes stay internal, for statistics; the UI never labels a person with them.

/** Participant categories. `ppks` is the official welfare-category code, kept for statistics only. */
export const CATEGORIES = [
  {
    code: 'PEREMPUAN_RENTAN',
    ppks: '23',
    id: 'Perempuan rentan sosial ekonomi',
    en: 'Woman at social and economic risk',
  },
  {
    code: 'PENYINTAS_TPPO',
    ppks: '18',
    id: 'Penyintas eksploitasi / perdagangan orang',
    en: 'Survivor of exploitation / trafficking',
  },
  {
    code: 'MANTAN_PEKERJA_SEKS',
    ppks: '10',
    id: 'Perempuan yang keluar dari pekerjaan seks',
    en: 'Woman leaving sex work',
  },
  { code: 'KORBAN_KEKERASAN', ppks: '19', id: 'Penyintas kekerasan', en: 'Survivor of violence' },
  {
    code: 'PEKERJA_MIGRAN_BERMASALAH',
    ppks: '20',
    id: 'Pekerja migran bermasalah sosial',
    en: 'Migrant worker with social problems',
  },
] as const;
export const CATEGORY_CODES = CATEGORIES.map((c) => c.code) as [string, ...string[]];

export const REFERRAL_SOURCES = [
  'MANDIRI',
  'KELUARGA',
  'SATPOL_PP',
  'POLISI',
  'UPTD_PPA',
  'PUSKESMAS',
  'LKS_LSM',
  'RUMAH_SINGGAH',
  'KEMENSOS_SENTRA',
  'LAINNYA',
] as const;
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

export const CLOSURE_REASONS = [
  'TUJUAN_TERCAPAI',
  'MENGUNDURKAN_DIRI',
  'DIRUJUK',
  'PINDAH',
  'MENINGGAL',
  'PERSETUJUAN_DICABUT',
  'TIDAK_TERJANGKAU',
  'LAINNYA',
] as const;

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
  /** Keeping health data such as voluntary test results (otherwise only "referred / done" is kept). */
  'HEALTH_DATA',
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const REQUIRED_CONSENTS: readonly ConsentPurpose[] = ['PARTICIPATION', 'DATA_PROCESSING'];
export const CONSENT_METHODS = ['SIGNED_FORM', 'THUMBPRINT', 'VERBAL_WITH_WITNESS'] as const;

export const NO_NIK_REASONS = ['NEVER_REGISTERED', 'LOST', 'HELD_BY_OTHERS', 'UNKNOWN', 'OTHER'] as const;
export const NOTE_TYPES = ['GENERAL', 'HOME_VISIT', 'PHONE', 'PSYCHOLOGICAL'] as const;
export const ATTACHMENT_KINDS = ['CONSENT_SCAN', 'DOCUMENT', 'PHOTO'] as const;
export const SEXES = ['F', 'M'] as const;

// ---- outreach (pendekatan awal): no identity, ever
/** Kinds of place: never an exact address. */
export const PLACE_KINDS = [
  'JALAN',
  'WARUNG_KAFE',
  'TEMPAT_HIBURAN',
  'PENGINAPAN',
  'RUMAH_KOS',
  'FASILITAS_KESEHATAN',
  'RUMAH_SINGGAH',
  'DARING',
  'LAINNYA',
] as const;
export const OUTREACH_CHANNELS = [
  'JANGKAUAN_JALANAN',
  'PUSKESMAS',
  'LSM',
  'TOKOH_MASYARAKAT',
  'KELUARGA',
  'MANDIRI',
  'POLISI',
  'SATPOL_PP',
] as const;
/** Channels through which a person may not have come of her own will: ask, and alert a manager if not. */
export const ENFORCEMENT_CHANNELS: readonly string[] = ['POLISI', 'SATPOL_PP'];
export const OUTREACH_TOPICS = [
  'PROGRAM',
  'KESEHATAN',
  'HAK_HUKUM',
  'PELATIHAN',
  'USAHA',
  'KEAGAMAAN',
  'KEAMANAN',
  'LAINNYA',
] as const;
export const OUTREACH_MATERIALS = ['BROSUR', 'KONTAK_LAYANAN', 'KIT_KESEHATAN', 'LAINNYA'] as const;
export const INTEREST_LEVELS = ['LOW', 'MEDIUM', 'HIGH'] as const;
export const OUTREACH_OUTCOMES = ['INTERESTED', 'NOT_NOW', 'DECLINED', 'REFERRED_ELSEWHERE'] as const;
export const VOLUNTARY_ANSWERS = ['YES', 'NO', 'UNKNOWN'] as const;

// ---- assessment (asesmen)
/** ILO indicators of forced labour / trafficking, each answered yes / no / unknown. */
export const TRAFFICKING_INDICATORS = [
  'DECEPTION',
  'RESTRICTED_MOVEMENT',
  'DEBT_BONDAGE',
  'WITHHELD_DOCUMENTS',
  'WITHHELD_WAGES',
  'THREATS',
  'VIOLENCE',
  'ISOLATION',
  'ABUSIVE_CONDITIONS',
] as const;
export const TRI_STATE = ['YES', 'NO', 'UNKNOWN'] as const;
export const RISK_LEVELS = ['LOW', 'MEDIUM', 'HIGH'] as const;
export const SAFETY_RISKS = [
  'THREAT_FROM_EXPLOITER',
  'DOMESTIC_VIOLENCE',
  'HOMELESSNESS',
  'SELF_HARM',
  'HEALTH_EMERGENCY',
  'NONE',
] as const;
export const TESTING_REFERRAL = ['NOT_DISCUSSED', 'OFFERED_DECLINED', 'REFERRED', 'DONE'] as const;
export const EDUCATION_LEVELS = ['NONE', 'SD', 'SMP', 'SMA', 'DIPLOMA', 'SARJANA'] as const;

// ---- case plan: national rehabilitation assistance components (ATENSI)
export const SERVICE_COMPONENTS = [
  'HIDUP_LAYAK',
  'PERAWATAN',
  'KELUARGA',
  'TERAPI',
  'VOKASI_USAHA',
  'BANSOS',
  'AKSESIBILITAS',
] as const;
export const THERAPY_SUBTYPES = ['FISIK', 'PSIKOSOSIAL', 'MENTAL_SPIRITUAL'] as const;
export const PLAN_ITEM_STATUSES = ['PLANNED', 'IN_PROGRESS', 'DONE', 'CANCELLED'] as const;

// ---- partners and referrals
/** Partner kinds, each with the consent purpose that sharing with it needs. */
export const PARTNER_KINDS = [
  { code: 'KEMENAG', purpose: 'SHARING_RELIGIOUS' },
  { code: 'PSIKOLOG', purpose: 'SHARING_PSYCHOLOGIST' },
  { code: 'PUSKESMAS', purpose: 'SHARING_HEALTH' },
  { code: 'RUMAH_SAKIT', purpose: 'SHARING_HEALTH' },
  { code: 'UPTD_PPA', purpose: 'SHARING_LEGAL_AID' },
  { code: 'LPSK', purpose: 'SHARING_LEGAL_AID' },
  { code: 'BANTUAN_HUKUM', purpose: 'SHARING_LEGAL_AID' },
  { code: 'DUKCAPIL', purpose: 'SHARING_IDENTITY_DOCS' },
  { code: 'BPJS', purpose: 'SHARING_IDENTITY_DOCS' },
  { code: 'LSM', purpose: 'SHARING_NGO' },
  { code: 'PELATIH', purpose: 'SHARING_NGO' },
] as const;
export const PARTNER_KIND_CODES = PARTNER_KINDS.map((k) => k.code) as [string, ...string[]];
export function sharingPurposeFor(kind: string): string | undefined {
  return PARTNER_KINDS.find((k) => k.code === kind)?.purpose;
}
export const REFERRAL_STATUSES = ['SENT', 'ACCEPTED', 'DECLINED', 'DONE', 'BLOCKED'] as const;
/** What a referral may share; each item needs the sharing consent for the partner's kind. */
export const REFERRAL_SHARE_ITEMS = ['NAME', 'BIRTH_DATE', 'PHONE', 'ADDRESS', 'NIK', 'ASSESSMENT_SUMMARY'] as const;

// ---- programme delivery
export const TRADE_TRACKS = [
  'TATA_BOGA',
  'MENJAHIT',
  'SALON_KECANTIKAN',
  'KATERING',
  'KERAJINAN',
  'TATA_RIAS',
  'HIDROPONIK',
  'PANGKAS_RAMBUT',
  'LAINNYA',
] as const;
export const COHORT_STATUSES = ['PLANNED', 'RECRUITING', 'RUNNING', 'COMPLETED', 'CANCELLED'] as const;
export const SESSION_TYPES = [
  'TRADE_SKILL',
  'ENTREPRENEURSHIP',
  'RELIGIOUS_GUIDANCE',
  'PSYCHOLOGICAL_GROUP',
  'PSYCHOLOGICAL_INDIVIDUAL',
  'HEALTH_EDUCATION',
  'OTHER',
] as const;
export type SessionType = (typeof SESSION_TYPES)[number];
/**
 * The words for each activity type, one vocabulary for screens, printed papers and spreadsheets: the web's
 * catalogues (programme.id.ts, programme.en.ts) and the server's papers both take them from here.
 */
export const SESSION_TYPE_LABELS: Record<SessionType, { id: string; en: string }> = {
  TRADE_SKILL: { id: 'Pelatihan keterampilan', en: 'Trade skills' },
  ENTREPRENEURSHIP: { id: 'Kewirausahaan', en: 'Entrepreneurship' },
  RELIGIOUS_GUIDANCE: { id: 'Bimbingan agama', en: 'Religious guidance' },
  PSYCHOLOGICAL_GROUP: { id: 'Bimbingan psikologis (kelompok)', en: 'Psychological guidance (group)' },
  PSYCHOLOGICAL_INDIVIDUAL: { id: 'Konseling psikologis (perorangan)', en: 'Psychological counselling (individual)' },
  HEALTH_EDUCATION: { id: 'Penyuluhan kesehatan', en: 'Health education' },
  OTHER: { id: 'Kegiatan lain', en: 'Other activity' },
};
/** The words of every activity type in one language, as a catalogue takes them. */
export function sessionTypeWords(lang: 'id' | 'en'): Record<SessionType, string> {
  return Object.fromEntries(SESSION_TYPES.map((t) => [t, SESSION_TYPE_LABELS[t][lang]])) as Record<SessionType, string>;
}
/** The Indonesian words of an activity type, as papers print them; a code not in the list as it is. */
export function sessionTypeLabel(code: string): string {
  return Object.hasOwn(SESSION_TYPE_LABELS, code) ? SESSION_TYPE_LABELS[code as SessionType].id : code;
}
export const ATTENDANCE_STATUSES = ['PRESENT', 'LATE', 'EXCUSED', 'ABSENT'] as const;
export const ENROLLMENT_STATUSES = [
  'ENROLLED',
  'WAITLISTED',
  'DROPPED_OUT',
  'WITHDRAWN',
  'GRADUATED',
  'NOT_GRADUATED',
] as const;

// ---- business aid and budget
export const BUDGET_KINDS = [
  'VENUE_RENT',
  'FACILITATOR_FEES',
  'MEALS_TRANSPORT',
  'KITS',
  'MATERIALS',
  'OTHER',
] as const;
export const ALLOCATION_STATUSES = ['PROPOSED', 'APPROVED', 'HANDED_OVER'] as const;
export const PROCUREMENT_STATUSES = ['ORDERED', 'RECEIVED', 'READY'] as const;
export const BUSINESS_KINDS = [
  'KUE_ROTI',
  'WARUNG_MAKAN',
  'KATERING',
  'JAHIT',
  'SALON',
  'KERAJINAN',
  'PERTANIAN',
  'LAINNYA',
] as const;

// ---- follow-up (bimbingan lanjut)
export const FOLLOW_UP_STATUSES = ['DUE', 'DONE', 'MISSED', 'UNREACHABLE', 'CANCELLED'] as const;
export const CONTACT_METHODS = ['HOME_VISIT', 'PHONE', 'MESSAGE', 'OFFICE'] as const;
export const BUSINESS_STATUSES = ['RUNNING', 'PAUSED', 'CLOSED', 'NEVER_STARTED'] as const;
/**
 * What became of the equipment (her kit) handed over, as a follow-up visit finds it: in use, sold, broken, or
 * not yet started with. Screens, papers and spreadsheets share these words.
 */
export const EQUIPMENT_USES = ['USED', 'SOLD', 'BROKEN', 'NOT_STARTED'] as const;
export type EquipmentUse = (typeof EQUIPMENT_USES)[number];
export const EQUIPMENT_USE_LABELS: Record<EquipmentUse, { id: string; en: string }> = {
  USED: { id: 'Dipakai', en: 'In use' },
  SOLD: { id: 'Dijual', en: 'Sold' },
  BROKEN: { id: 'Rusak', en: 'Broken' },
  NOT_STARTED: { id: 'Belum dipakai', en: 'Not started' },
};
export function equipmentUseWords(lang: 'id' | 'en'): Record<EquipmentUse, string> {
  return Object.fromEntries(EQUIPMENT_USES.map((u) => [u, EQUIPMENT_USE_LABELS[u][lang]])) as Record<
    EquipmentUse,
    string
  >;
}
export function equipmentUseLabel(code: string, lang: 'id' | 'en' = 'id'): string {
  return Object.hasOwn(EQUIPMENT_USE_LABELS, code) ? EQUIPMENT_USE_LABELS[code as EquipmentUse][lang] : code;
}
/** Monthly income bands in rupiah (upper bounds): used to compare with the assessment without exact sums. */
export const INCOME_BANDS = [
  { code: 'NONE', max: 0 },
  { code: 'UNDER_500K', max: 499_999 },
  { code: '500K_1M', max: 999_999 },
  { code: '1M_2M', max: 1_999_999 },
  { code: '2M_3M', max: 2_999_999 },
  { code: 'OVER_3M', max: Number.MAX_SAFE_INTEGER },
] as const;
export const INCOME_BAND_CODES = INCOME_BANDS.map((b) => b.code) as [string, ...string[]];
export function incomeBand(amount: number): string {
  return INCOME_BANDS.find((b) => amount <= b.max)!.code;
}
export const RETURN_RISKS = ['NO', 'SOME', 'HIGH', 'RETURNED'] as const;
export const TERMINATION_REASONS = [
  'TUJUAN_TERCAPAI',
  'PINDAH',
  'PERSETUJUAN_DICABUT',
  'TIDAK_TERJANGKAU',
  'MENINGGAL',
  'LAINNYA',
] as const;
