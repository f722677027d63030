// Her copy as a readable PDF (the access right), in simple Bahasa Indonesia.
import type { Content } from 'pdfmake/interfaces.js';
import { renderLetter, tanggal, waktu } from '../../documents/pdf.ts';
import type { Office } from '../../documents/offices.ts';

type Export = import('./store.ts').HerCopy;

const table = (header: string[], rows: string[][]): Content => ({
  table: {
    headerRows: 1,
    widths: header.map(() => '*'),
    body: [header.map((h) => ({ text: h, bold: true, fillColor: '#eeeeee' })), ...rows],
  },
  fontSize: 8,
  margin: [0, 0, 0, 8],
});

export async function exportPdf(d: Export, printedBy: string, now: Date, office: Office): Promise<Buffer> {
  const id = d.identity as Record<string, string | null>;
  const body: Content[] = [
    {
      text: 'Ini adalah semua data tentang Anda yang disimpan oleh program. Anda boleh meminta data yang salah diperbaiki, atau meminta data dihapus.',
      margin: [0, 0, 0, 8],
    },
    { text: 'Data diri', bold: true, margin: [0, 4, 0, 4] },
    table(
      ['Keterangan', 'Isi'],
      [
        ['Kode peserta', d.code],
        ['Nama lengkap', id.fullName ?? '-'],
        ['Nama panggilan', id.preferredName ?? '-'],
        ['NIK', id.nik ?? 'tidak ada'],
        ['Tanggal lahir', id.birthDate ? tanggal(id.birthDate, office.zone) : '-'],
        ['Alamat', id.address ?? '-'],
        ['Telepon', id.phone ?? '-'],
        ['Kontak keluarga / darurat', id.emergencyContact ?? '-'],
        ['Terdaftar', tanggal(d.registeredAt, office.zone)],
      ],
    ),
    { text: 'Persetujuan', bold: true, margin: [0, 4, 0, 4] },
    table(
      ['Untuk', 'Status', 'Tanggal', 'Dicabut'],
      d.consents.map((c) => [
        c.purpose,
        c.status === 'given' ? 'Diberikan' : 'Dicabut',
        tanggal(c.given_at, office.zone),
        c.withdrawn_at ? tanggal(c.withdrawn_at, office.zone) : '-',
      ]),
    ),
    { text: 'Tahapan layanan', bold: true, margin: [0, 4, 0, 4] },
    table(
      ['Tanggal', 'Dari', 'Ke', 'Alasan'],
      d.stages.map((s) => [tanggal(s.at, office.zone), s.from ?? '-', s.to, s.reason ?? '-']),
    ),
    { text: 'Catatan', bold: true, margin: [0, 4, 0, 4] },
    table(
      ['Tanggal', 'Jenis', 'Isi'],
      d.notes.map((n) => [
        tanggal(n.createdAt, office.zone),
        n.type,
        n.withheld ? '(catatan psikolog: dapat diminta melalui psikolog)' : (n.body ?? ''),
      ]),
    ),
    { text: 'Asesmen', bold: true, margin: [0, 4, 0, 4] },
    table(
      ['Versi', 'Tanggal', 'Skor SRQ-20', 'Tingkat risiko'],
      d.assessments.map((a) => [String(a.version), tanggal(a.assessedAt, office.zone), String(a.srq20Score), a.risk]),
    ),
    { text: 'Keikutsertaan pelatihan', bold: true, margin: [0, 4, 0, 4] },
    table(
      ['Angkatan', 'Mulai', 'Selesai', 'Status'],
      d.enrollments.map((e) => [
        e.name,
        tanggal(e.start_date, office.zone),
        tanggal(e.end_date, office.zone),
        e.status,
      ]),
    ),
    { text: 'Siapa yang membuka, mencetak atau mengubah data Anda', bold: true, margin: [0, 4, 0, 4] },
    table(
      ['Waktu', 'Petugas', 'Kegiatan'],
      d.processingLog.map((l) => [waktu(l.at, office.zone), l.who || l.actorName || '-', l.what || l.action]),
    ),
  ];
  return renderLetter({
    office,
    number: `SALINAN/${d.code}`,
    title: 'Salinan Data Pribadi',
    date: now,
    body,
    signatories: [{ role: 'Petugas pelindungan data', name: printedBy }],
    footer: `Dokumen rahasia untuk yang bersangkutan — dicetak oleh ${printedBy} pada ${waktu(now, office.zone)}`,
  });
}
