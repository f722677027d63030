// Her access report in words: what each audit entry that names her did, in Bahasa Indonesia or English, and who
// did it. A look at her among others (a list, a search, a printed sheet) says where she appeared; a paper that
// printed her name says which paper; a refused look says so. Every other action has the words the audit log
// screen gives it (src/web/i18n/audit.*.ts; kept in step by tests/access-report.test.ts).
import type { AuditAction } from '../../audit/events.ts';
import { regionName } from '../../../shared/regions.ts';
import type { Role } from '../../../shared/roles.ts';

export type ReportLang = 'id' | 'en';
type Words = { id: string; en: string };

/** Every action of the catalogue, as the audit log screen words it. */
export const ACTION_WORDS: Record<AuditAction, Words> = {
  'auth.login': { id: 'Masuk', en: 'Sign-in' },
  'auth.login_failed': { id: 'Gagal masuk', en: 'Failed sign-in' },
  'auth.login_throttled': {
    id: 'Masuk ditahan (terlalu banyak percobaan)',
    en: 'Sign-in held back (too many attempts)',
  },
  'auth.logout': { id: 'Keluar', en: 'Sign-out' },
  'auth.password_change': { id: 'Ganti kata sandi', en: 'Password change' },
  'auth.mfa_enrol': { id: 'Aktifkan verifikasi dua langkah', en: 'Two-step verification set up' },
  'auth.session_expired': { id: 'Sesi berakhir', en: 'Session ended' },
  'setup.first_admin': { id: 'Penyiapan administrator pertama', en: 'First administrator set up' },
  'user.create': { id: 'Buat akun', en: 'Account created' },
  'user.read': { id: 'Lihat akun', en: 'Account viewed' },
  'user.list': { id: 'Lihat daftar akun', en: 'Account list viewed' },
  'user.update': { id: 'Ubah akun', en: 'Account changed' },
  'user.deactivate': { id: 'Nonaktifkan akun', en: 'Account deactivated' },
  'user.mfa_reset': { id: 'Atur ulang verifikasi dua langkah', en: 'Two-step verification reset' },
  'user.password_reset': { id: 'Atur ulang kata sandi', en: 'Password reset' },
  'user.approval_request': { id: 'Akun menunggu persetujuan orang kedua', en: 'Account waits for a second person' },
  'user.approve': { id: 'Setujui akun', en: 'Account approved' },
  'user.refuse': { id: 'Tolak akun', en: 'Account refused' },
  'user.request_withdraw': { id: 'Tarik permintaan persetujuan akun', en: 'Account approval request withdrawn' },
  'user.first_approver': {
    id: 'Kepala seksi pertama dibuat tanpa orang kedua',
    en: 'First head of section made without a second person',
  },
  'user.notice_acknowledge': { id: 'Tandai pemberitahuan akun sudah dilihat', en: 'Account notice marked as seen' },
  'audit.read': { id: 'Buka log audit', en: 'Audit log opened' },
  'participant.create': { id: 'Daftarkan peserta', en: 'Participant registered' },
  'participant.read': { id: 'Lihat data peserta', en: 'Participant record viewed' },
  'participant.access_denied': {
    id: 'Percobaan membuka data peserta tanpa hak akses',
    en: 'Attempt to open a participant record without access',
  },
  'participant.update': { id: 'Ubah data peserta', en: 'Participant record changed' },
  'participant.search': { id: 'Cari peserta', en: 'Participant search' },
  'participant.nik_reveal': { id: 'Tampilkan NIK lengkap', en: 'Full NIK shown' },
  'participant.assign': { id: 'Tugaskan petugas pendamping', en: 'Staff member assigned' },
  'participant.unassign': { id: 'Lepaskan petugas dari kasus', en: 'Staff member taken off the case' },
  'participant.reassign': { id: 'Pindahkan kasus ke petugas lain', en: 'Case moved to another staff member' },
  'assignment.request': { id: 'Minta ditugaskan pada kasus', en: 'Assignment to a case requested' },
  'assignment.list': { id: 'Lihat permintaan penugasan', en: 'Assignment requests viewed' },
  'assignment.approve': { id: 'Setujui permintaan penugasan', en: 'Assignment request approved' },
  'assignment.decline': { id: 'Tolak permintaan penugasan', en: 'Assignment request declined' },
  'assignment.history_read': { id: 'Lihat riwayat penugasan', en: 'Assignment history viewed' },
  'workqueue.read': { id: 'Lihat daftar pekerjaan yang menunggu', en: 'Work queue viewed' },
  'transfer.request': { id: 'Pindahkan kasus ke wilayah lain', en: 'Case transfer to another region requested' },
  'transfer.accept': { id: 'Terima pemindahan kasus', en: 'Case transfer accepted' },
  'transfer.decline': { id: 'Tolak pemindahan kasus', en: 'Case transfer declined' },
  'transfer.list': { id: 'Lihat pemindahan kasus yang masuk', en: 'Incoming case transfers viewed' },
  'participant.duplicate_blocked': { id: 'Pendaftaran ganda dicegah', en: 'Duplicate registration prevented' },
  'participant.duplicate_matched': {
    id: 'NIK-nya cocok dengan pendaftaran baru (ditahan untuk ditinjau)',
    en: 'Her NIK matched a new registration (held for review)',
  },
  'duplicate.decide': { id: 'Kemungkinan data ganda diputuskan', en: 'Possible duplicate decided' },
  'participant.transition': { id: 'Pindahkan tahap', en: 'Stage moved' },
  'participant.closure_request': { id: 'Ajukan penutupan kasus', en: 'Case closure requested' },
  'participant.closure_approve': { id: 'Setujui penutupan kasus', en: 'Case closure approved' },
  'participant.closure_reject': { id: 'Tolak penutupan kasus', en: 'Case closure rejected' },
  'participant.timeline_read': { id: 'Lihat riwayat tahapan', en: 'Stage history viewed' },
  'consent.read': { id: 'Lihat persetujuan', en: 'Consents viewed' },
  'consent.give': { id: 'Catat persetujuan', en: 'Consent recorded' },
  'consent.withdraw': { id: 'Cabut persetujuan', en: 'Consent withdrawn' },
  'note.list': { id: 'Lihat daftar catatan', en: 'Note list viewed' },
  'note.read': { id: 'Buka catatan', en: 'Note opened' },
  'note.create': { id: 'Tulis catatan', en: 'Note written' },
  'note.update': { id: 'Ubah catatan', en: 'Note changed' },
  'attachment.list': { id: 'Lihat daftar lampiran', en: 'Attachment list viewed' },
  'attachment.read': { id: 'Buka lampiran', en: 'Attachment opened' },
  'attachment.create': { id: 'Unggah lampiran', en: 'Attachment uploaded' },
  'outreach.create': { id: 'Catat kontak penjangkauan', en: 'Outreach contact recorded' },
  'outreach.read': { id: 'Lihat kontak penjangkauan', en: 'Outreach contact viewed' },
  'outreach.update': { id: 'Ubah kontak penjangkauan', en: 'Outreach contact changed' },
  'outreach.list': { id: 'Lihat daftar penjangkauan', en: 'Outreach list viewed' },
  'assessment.create': { id: 'Catat asesmen', en: 'Assessment recorded' },
  'assessment.read': { id: 'Lihat asesmen', en: 'Assessment viewed' },
  'assessment.review': { id: 'Tinjau asesmen', en: 'Assessment reviewed' },
  'caseplan.read': { id: 'Lihat rencana intervensi', en: 'Intervention plan viewed' },
  'caseplan.write': { id: 'Simpan rencana intervensi', en: 'Intervention plan saved' },
  'caseplan.approve': { id: 'Setujui rencana intervensi', en: 'Intervention plan approved' },
  'partner.create': { id: 'Tambah mitra', en: 'Partner added' },
  'partner.update': { id: 'Ubah mitra', en: 'Partner changed' },
  'referral.create': { id: 'Buat rujukan', en: 'Referral made' },
  'referral.read': { id: 'Lihat rujukan', en: 'Referrals viewed' },
  'referral.update': { id: 'Ubah rujukan', en: 'Referral changed' },
  'document.print': { id: 'Cetak dokumen', en: 'Document printed' },
  'programme.write': { id: 'Simpan program', en: 'Programme saved' },
  'venue.write': { id: 'Simpan tempat', en: 'Venue saved' },
  'venue.contract_upload': { id: 'Unggah kontrak sewa tempat', en: 'Venue rent contract uploaded' },
  'venue.contract_read': { id: 'Unduh kontrak sewa tempat', en: 'Venue rent contract downloaded' },
  'cohort.write': { id: 'Simpan angkatan', en: 'Cohort saved' },
  'enrollment.write': { id: 'Ubah keikutsertaan angkatan', en: 'Cohort enrolment changed' },
  'enrollment.read': { id: 'Lihat peserta angkatan', en: 'Cohort participants viewed' },
  'session.write': { id: 'Simpan sesi kegiatan', en: 'Activity session saved' },
  'session.report': {
    id: 'Catat kehadiran mitra dan laporan sesi',
    en: 'Partner attendance and session report recorded',
  },
  'attendance.write': { id: 'Catat kehadiran', en: 'Attendance recorded' },
  'attendance.read': { id: 'Lihat kehadiran', en: 'Attendance viewed' },
  'attendance.correction_request': { id: 'Minta koreksi kehadiran', en: 'Attendance correction requested' },
  'attendance.correction_list': {
    id: 'Lihat permintaan koreksi kehadiran',
    en: 'Attendance correction requests viewed',
  },
  'attendance.correction_approve': { id: 'Setujui koreksi kehadiran', en: 'Attendance correction approved' },
  'attendance.correction_decline': { id: 'Tolak koreksi kehadiran', en: 'Attendance correction declined' },
  'graduation.evaluate': { id: 'Nilai kelulusan', en: 'Graduation assessed' },
  'graduation.confirm': { id: 'Tetapkan kelulusan', en: 'Graduation confirmed' },
  'graduation.exception_request': {
    id: 'Beri pengecualian kelulusan',
    en: 'Graduation exception granted (awaiting approval)',
  },
  'graduation.exception_list': { id: 'Lihat pengecualian kelulusan', en: 'Graduation exceptions viewed' },
  'graduation.exception_confirm': { id: 'Setujui pengecualian kelulusan', en: 'Graduation exception confirmed' },
  'graduation.exception_decline': { id: 'Tolak pengecualian kelulusan', en: 'Graduation exception declined' },
  'graduation.reopen': { id: 'Buka kembali kelulusan', en: 'Graduation reopened' },
  'kit.write': { id: 'Simpan paket bantuan', en: 'Aid kit saved' },
  'budget.write': { id: 'Simpan anggaran', en: 'Budget saved' },
  'allocation.write': { id: 'Ubah alokasi bantuan', en: 'Aid allocation changed' },
  'allocation.read': { id: 'Lihat alokasi bantuan', en: 'Aid allocation viewed' },
  'allocation.handover': { id: 'Serah terima bantuan', en: 'Aid handed over' },
  'allocation.procurement_exception': {
    id: 'Izinkan serah terima sebelum semua barang diadakan',
    en: 'Handover allowed before every item was procured',
  },
  'allocation.item_event': { id: 'Catat kejadian barang bantuan', en: 'Aid item event recorded' },
  'aid.decree': { id: 'Terbitkan SK penetapan penerima manfaat', en: 'Issue the beneficiary decision (SK)' },
  'approval.setting': { id: 'Ubah pejabat yang menyetujui', en: 'Change who approves' },
  'delegation.write': {
    id: 'Catat atau cabut pelimpahan (Plh./Plt.)',
    en: 'Record or revoke a delegation (Plh./Plt.)',
  },
  'followup.read': { id: 'Lihat tindak lanjut', en: 'Follow-up viewed' },
  'followup.visit': { id: 'Catat kunjungan tindak lanjut', en: 'Follow-up visit recorded' },
  'followup.update': { id: 'Ubah tindak lanjut', en: 'Follow-up changed' },
  'participant.reopen': { id: 'Buka kembali kasus', en: 'Case reopened' },
  'report.read': { id: 'Lihat laporan', en: 'Report viewed' },
  'report.narrative': { id: 'Simpan narasi laporan', en: 'Report narrative saved' },
  'report.export': { id: 'Unduh laporan', en: 'Report downloaded' },
  'import.validate': { id: 'Periksa berkas impor', en: 'Import file checked' },
  'import.commit': { id: 'Impor data', en: 'Data imported' },
  'import.mapping_save': { id: 'Simpan pemetaan kolom impor', en: 'Import column mapping saved' },
  'import.mapping_delete': { id: 'Hapus pemetaan kolom impor', en: 'Import column mapping deleted' },
  'report.identified_export': {
    id: 'Unduh daftar peserta dengan identitas',
    en: 'Participant list with identities downloaded',
  },
  'protection.request_open': { id: 'Buka permintaan hak subjek data', en: 'Data-subject request opened' },
  'protection.request_approve': { id: 'Setujui permintaan hak subjek data', en: 'Data-subject request approved' },
  'protection.request_decline': { id: 'Tolak permintaan hak subjek data', en: 'Data-subject request declined' },
  'protection.request_list': { id: 'Lihat daftar permintaan hak subjek data', en: 'Data-subject requests listed' },
  'protection.export': { id: 'Buat salinan data pribadi', en: 'Copy of personal data made' },
  'protection.erase': { id: 'Hapus data pribadi', en: 'Personal data erased' },
  'protection.legal_hold': { id: 'Ubah penahanan data untuk keperluan hukum', en: 'Legal hold changed' },
  'protection.access_report': { id: 'Lihat catatan akses data peserta', en: 'Participant data access record viewed' },
  'session.revoke_all': { id: 'Akhiri semua sesi masuk', en: 'All sign-in sessions ended' },
  'keys.rotate': { id: 'Ganti kunci enkripsi', en: 'Encryption keys rotated' },
  'keys.province_rotate': { id: 'Ganti kunci enkripsi provinsi', en: 'Province encryption key rotated' },
  'keys.province_erase': { id: 'Hapus data pribadi satu provinsi', en: "A province's personal data erased" },
  'alert.acknowledge': { id: 'Tandai peringatan sudah ditangani', en: 'Alert marked as handled' },
  'followup.continue': { id: 'Lanjutkan tindak lanjut', en: 'Follow-up continued' },
  'notification.email_sent': { id: 'E-mail pemberitahuan terkirim', en: 'Notification e-mail sent' },
  'notification.email_failed': { id: 'E-mail pemberitahuan gagal terkirim', en: 'Notification e-mail not delivered' },
  'audit.export': { id: 'Unduh log audit', en: 'Audit log downloaded' },
  'audit.archive': { id: 'Bulan lama log audit diarsipkan', en: 'Old months of the audit log archived' },
  'device.registered': { id: 'Perangkat didaftarkan untuk mode lapangan', en: 'Device registered for field mode' },
  'device.key_released': { id: 'Kunci perangkat mode lapangan diberikan', en: 'Field mode device key released' },
  'device.revoked': { id: 'Perangkat mode lapangan dicabut', en: 'Field mode device revoked' },
  'device.cache_filled': { id: 'Data mode lapangan diisi ke perangkat', en: 'Field mode data filled on a device' },
  'device.cache_erased': {
    id: 'Data mode lapangan dihapus dari perangkat',
    en: 'Field mode data erased from a device',
  },
  'device.list': { id: 'Lihat perangkat mode lapangan staf', en: "Staff member's field mode devices viewed" },
};

/** What happened when she appeared among others, or when a paper printed her name (`{{cohort}}`, `{{session}}`). */
const SPECIFIC = {
  certificate: { id: 'Sertifikat dicetak', en: 'Certificate printed' },
  bast: { id: 'Berita acara serah terima (BAST) bantuan dicetak', en: 'Aid handover record (BAST) printed' },
  aid_decree: {
    id: 'Tercantum dalam SK penerima bantuan yang dicetak',
    en: 'Listed in the printed aid beneficiary decision letter (SK)',
  },
  attendance_sheet: {
    id: 'Tercantum dalam daftar hadir sesi {{session}} yang dicetak',
    en: 'Listed on the printed attendance sheet of session {{session}}',
  },
  case_plan: { id: 'Rencana intervensi dicetak', en: 'Intervention plan printed' },
  referral_letter: { id: 'Surat rujukan dicetak', en: 'Referral letter printed' },
  print: { id: 'Dokumen dicetak', en: 'Document printed' },
  enrolmentList: {
    id: 'Tercantum dalam daftar peserta angkatan {{cohort}}',
    en: 'Listed in the participant list of cohort {{cohort}}',
  },
  attendance: {
    id: 'Tercantum dalam daftar hadir sesi {{session}}',
    en: 'Listed in the attendance register of session {{session}}',
  },
  allocationList: {
    id: 'Tercantum dalam daftar alokasi bantuan angkatan {{cohort}}',
    en: 'Listed in the aid allocations of cohort {{cohort}}',
  },
  search: { id: 'Muncul di hasil pencarian', en: 'Appeared in search results' },
  workQueue: { id: 'Tercantum dalam daftar pekerjaan petugas', en: 'Listed in a staff member’s work queue' },
  followUps: { id: 'Tercantum dalam daftar tindak lanjut', en: 'Listed in the follow-up worklist' },
  otherList: { id: 'Tercantum dalam daftar: {{list}}', en: 'Listed in: {{list}}' },
  denied: { id: 'Percobaan membuka data tanpa hak akses', en: 'Attempt to open her record without access' },
  refusedSuffix: { id: ' (ditolak)', en: ' (refused)' },
  failedSuffix: { id: ' (gagal)', en: ' (failed)' },
  system: { id: 'Sistem', en: 'System' },
} satisfies Record<string, Words>;

/** The roles in words, as the web's catalogues name them. */
const ROLE_WORDS: Record<Role, Words> = {
  admin: { id: 'Administrator (operator data)', en: 'Administrator (data officer)' },
  manager: { id: 'Kepala Seksi', en: 'Head of section' },
  caseworker: { id: 'Pekerja sosial / pendamping', en: 'Social worker / companion' },
  facilitator: { id: 'Fasilitator', en: 'Facilitator' },
  psychologist: { id: 'Psikolog', en: 'Psychologist' },
  auditor: { id: 'Auditor', en: 'Auditor' },
  head_of_division: { id: 'Kepala Bidang', en: 'Head of division (Kepala Bidang)' },
  ppk: { id: 'Pejabat Pembuat Komitmen (PPK)', en: 'Commitment official (PPK)' },
  ministry: { id: 'Kementerian Sosial (nasional)', en: 'Ministry of Social Affairs (national)' },
};

/** One audit entry that names her, as the report reads it. */
export interface NamingEntry {
  action: string;
  outcome: string;
  resourceType: string | null;
  /** Whether the entry's record is hers (her record itself), rather than a list or paper she appears in. */
  aboutHer: boolean;
  detail: Record<string, unknown> | null;
  /** The cohort or session the entry names, in words, when it names one. */
  cohort?: string;
  session?: string;
}

const fill = (text: string, vars: Record<string, string | undefined>) =>
  text.replace(/\{\{(\w+)\}\}/g, (_, k: string) => vars[k] ?? '—');

/** What the entry did, in words. */
export function whatHappened(e: NamingEntry, lang: ReportLang): string {
  const vars = { cohort: e.cohort, session: e.session };
  const base = Object.hasOwn(ACTION_WORDS, e.action) ? ACTION_WORDS[e.action as AuditAction][lang] : e.action;
  let text: string;
  const kind = typeof e.detail?.kind === 'string' ? e.detail.kind : null;
  switch (e.action) {
    case 'participant.access_denied':
      return SPECIFIC.denied[lang];
    case 'document.print':
      text = fill((kind && kind in SPECIFIC ? SPECIFIC[kind as keyof typeof SPECIFIC] : SPECIFIC.print)[lang], vars);
      break;
    case 'participant.search':
      text = SPECIFIC.search[lang];
      break;
    case 'enrollment.read':
      text = e.aboutHer ? base : fill(SPECIFIC.enrolmentList[lang], vars);
      break;
    case 'attendance.read':
      text = fill(SPECIFIC.attendance[lang], vars);
      break;
    case 'allocation.read':
      text = e.aboutHer || e.resourceType !== 'cohort' ? base : fill(SPECIFIC.allocationList[lang], vars);
      break;
    case 'workqueue.read':
      text = SPECIFIC.workQueue[lang];
      break;
    case 'followup.read':
      text = e.aboutHer || e.resourceType !== 'follow_up' ? base : SPECIFIC.followUps[lang];
      break;
    default:
      text =
        e.aboutHer || !Array.isArray(e.detail?.participantIds) ? base : fill(SPECIFIC.otherList[lang], { list: base });
  }
  if (e.outcome === 'denied') text += SPECIFIC.refusedSuffix[lang];
  else if (e.outcome === 'failure') text += SPECIFIC.failedSuffix[lang];
  return text;
}

/** Who did it: her name (else her username) as the log's rule gives it, her role and her regions; or the system. */
export function whoDidIt(
  a: { actorName: string | null; role: string | null; regions: string[]; system: boolean },
  lang: ReportLang,
): string {
  if (a.system) return `${SPECIFIC.system[lang]} (${a.actorName ?? '—'})`;
  const role = a.role && Object.hasOwn(ROLE_WORDS, a.role) ? ROLE_WORDS[a.role as Role][lang] : a.role;
  const regions = a.regions.map(regionName).join(', ');
  return [a.actorName ?? '—', [role, regions].filter(Boolean).join(', ')].filter(Boolean).join(' — ');
}
