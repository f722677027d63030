// The printed case plan and referral letter (PDF). Data comes from the scoped repository, which audits it.
import type { Content } from 'pdfmake/interfaces.js';
import { renderLetter, tanggal, waktu } from '../../documents/pdf.ts';
import type { Office } from '../../documents/offices.ts';

const COMPONENT_ID: Record<string, string> = {
  HIDUP_LAYAK: 'Pemenuhan hidup layak',
  PERAWATAN: 'Perawatan sosial',
  KELUARGA: 'Dukungan keluarga',
  TERAPI: 'Terapi',
  VOKASI_USAHA: 'Pelatihan vokasi dan kewirausahaan',
  BANSOS: 'Bantuan sosial',
  AKSESIBILITAS: 'Dukungan aksesibilitas',
};
const STATUS_ID: Record<string, string> = {
  PLANNED: 'Direncanakan',
  IN_PROGRESS: 'Berjalan',
  DONE: 'Selesai',
  CANCELLED: 'Dibatalkan',
};

export async function casePlanPdf(
  d: {
    code: string;
    name: string | null;
    printedBy: string;
    plan: {
      version: number;
      status: string;
      items: {
        goal: string;
        component: string;
        subtype?: string;
        responsible: string | null;
        partner: string | null;
        dueDate: string;
        status: string;
      }[];
      conference: { date: string; attendees: string[]; minutes?: string } | null;
      approvedBy: string | null;
      approvedAt: string | null;
    };
  },
  now: Date,
  office: Office,
): Promise<Buffer> {
  const body: Content[] = [
    { columns: [{ width: 120, text: 'Kode peserta' }, { text: `: ${d.code}` }] },
    { columns: [{ width: 120, text: 'Nama' }, { text: `: ${d.name ?? '-'}` }] },
    {
      columns: [
        { width: 120, text: 'Status rencana' },
        {
          text: `: ${d.plan.status === 'APPROVED' ? `Disetujui ${d.plan.approvedAt ? tanggal(d.plan.approvedAt, office.zone) : ''}` : 'Draf (belum disetujui)'} — versi ${d.plan.version}`,
        },
      ],
      margin: [0, 0, 0, 10],
    },
    {
      table: {
        headerRows: 1,
        widths: [18, '*', 90, 80, 60, 50],
        body: [
          ['No', 'Tujuan', 'Komponen layanan', 'Penanggung jawab', 'Target', 'Status'].map((t) => ({
            text: t,
            bold: true,
            fillColor: '#eeeeee',
          })),
          ...d.plan.items.map((i, n) => [
            String(n + 1),
            i.goal,
            `${COMPONENT_ID[i.component] ?? i.component}${i.subtype ? ` (${i.subtype.toLowerCase().replace('_', ' ')})` : ''}`,
            i.partner ?? i.responsible ?? '-',
            tanggal(i.dueDate, office.zone),
            STATUS_ID[i.status] ?? i.status,
          ]),
        ],
      },
      fontSize: 9,
    },
  ];
  if (d.plan.conference) {
    body.push(
      { text: 'Pembahasan kasus (case conference)', bold: true, margin: [0, 12, 0, 4] },
      { text: `Tanggal: ${tanggal(d.plan.conference.date, office.zone)}` },
      { text: `Peserta rapat: ${d.plan.conference.attendees.join(', ') || '-'}` },
      ...(d.plan.conference.minutes ? [{ text: `Notulen: ${d.plan.conference.minutes}` }] : []),
    );
  }
  return renderLetter({
    office,
    number: `RI/${d.code}/v${d.plan.version}`,
    title: 'Rencana Intervensi',
    date: now,
    body,
    signatories: [
      { role: 'Pekerja Sosial', name: null },
      { role: 'Kepala Seksi', name: d.plan.approvedBy },
    ],
    footer: `Dokumen rahasia — dicetak oleh ${d.printedBy} pada ${waktu(now, office.zone)}`,
  });
}

export async function referralLetterPdf(
  d: {
    referralId: string;
    code: string;
    partnerName: string;
    reason: string;
    sentAt: string;
    items: { label: string; value: string }[];
    printedBy: string;
  },
  now: Date,
  office: Office,
): Promise<Buffer> {
  return renderLetter({
    office,
    number: `RUJ/${d.code}/${d.referralId.slice(0, 8)}`,
    title: 'Surat Rujukan',
    date: now,
    body: [
      { text: `Kepada Yth.\n${d.partnerName}\ndi tempat`, margin: [0, 0, 0, 10] },
      {
        text: 'Dengan hormat, bersama ini kami merujuk penerima manfaat dengan keterangan berikut, sesuai persetujuan yang telah diberikannya:',
        margin: [0, 0, 0, 8],
      },
      { columns: [{ width: 120, text: 'Kode peserta' }, { text: `: ${d.code}` }] },
      ...d.items.map((i) => ({ columns: [{ width: 120, text: i.label }, { text: `: ${i.value}` }] }) as Content),
      { text: `Alasan rujukan: ${d.reason}`, margin: [0, 8, 0, 0] },
      { text: `Tanggal rujukan: ${tanggal(d.sentAt, office.zone)}` },
      {
        text: 'Mohon informasi ini dijaga kerahasiaannya dan tidak diteruskan kepada pihak lain.',
        italics: true,
        margin: [0, 10, 0, 0],
      },
    ],
    signatories: [{ role: 'Kepala Seksi', name: null }],
    footer: `Dokumen rahasia — dicetak oleh ${d.printedBy} pada ${waktu(now, office.zone)}`,
  });
}
