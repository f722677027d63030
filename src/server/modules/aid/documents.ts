// The handover paper (berita acara serah terima, BAST): office header, the items and their value, and
// signature blocks for both sides.
import { renderLetter, tanggal, waktu } from '../../documents/pdf.ts';
import type { Office } from '../../documents/offices.ts';
import { localInstant } from '../../../shared/calendar.ts';
import { rupiahInWords } from '../../../shared/terbilang.ts';

const rp = (n: number) => `Rp ${n.toLocaleString('id-ID')}`;

export async function bastPdf(
  d: {
    /** Her full name from her record, and her NIK masked (null without one). */
    fullName: string;
    nikMasked: string | null;
    /** Who handed over: the account that recorded the handover. */
    handedOverBy: string;
    printedBy: string;
    allocation: {
      id: string;
      code: string;
      kitName: string;
      items: { name: string; quantity: number; unit: string; unitPrice: number; serial: string | null }[];
      value: number;
      handover: { date: string; place: string; handedOverBy: string; receivedBy: string } | null;
    };
  },
  now: Date,
  office: Office,
): Promise<Buffer> {
  const h = d.allocation.handover!;
  return renderLetter({
    office,
    number: `BAST/${d.allocation.code}/${d.allocation.id.slice(0, 8)}`,
    title: 'Berita Acara Serah Terima',
    date: localInstant(h.date, office.zone, '12:00'),
    body: [
      {
        text: `Pada hari ini, ${tanggal(h.date, office.zone)}, bertempat di ${h.place}, telah dilakukan serah terima bantuan usaha berupa ${d.allocation.kitName} dari:`,
        margin: [0, 0, 0, 6],
      },
      {
        columns: [
          { width: 140, text: 'Pihak Pertama (yang menyerahkan)' },
          { text: `: ${d.handedOverBy}, Dinas Sosial ${office.area}` },
        ],
      },
      {
        columns: [
          { width: 140, text: 'Pihak Kedua (yang menerima)' },
          { text: `: ${d.fullName} (${d.allocation.code})${d.nikMasked ? `, NIK ${d.nikMasked}` : ''}` },
        ],
        margin: [0, 0, 0, 8],
      },
      {
        table: {
          headerRows: 1,
          widths: [20, '*', 45, 45, 70, 75, 70],
          body: [
            ['No', 'Barang', 'Jumlah', 'Satuan', 'Harga satuan', 'Nilai', 'No. seri'].map((t) => ({
              text: t,
              bold: true,
              fillColor: '#eeeeee',
            })),
            ...d.allocation.items.map((i, n) => [
              String(n + 1),
              i.name,
              String(i.quantity),
              i.unit,
              rp(i.unitPrice),
              rp(i.quantity * i.unitPrice),
              i.serial ?? '-',
            ]),
            [
              { text: 'Jumlah nilai', colSpan: 5, bold: true, alignment: 'right' },
              '',
              '',
              '',
              '',
              { text: rp(d.allocation.value), bold: true },
              '',
            ],
          ],
        },
        fontSize: 9,
      },
      { text: `Terbilang: ${rupiahInWords(d.allocation.value)}.`, italics: true, margin: [0, 6, 0, 0] },
      {
        text: 'Barang tersebut diterima dalam keadaan baik dan lengkap untuk digunakan dalam usaha Pihak Kedua, dan tidak untuk dipindahtangankan.',
        margin: [0, 10, 0, 0],
      },
    ],
    signatories: [
      { role: 'Pihak Kedua (yang menerima)', name: d.fullName },
      { role: 'Pihak Pertama (yang menyerahkan)', name: d.handedOverBy },
    ],
    footer: `Dicetak oleh ${d.printedBy} pada ${waktu(now, office.zone)}`,
  });
}

/** "Plh. <title>" when the letter is signed by a colleague acting for the approver. */
const signedAs = (title: string, acting: { type: 'PLH' | 'PLT' } | null) =>
  acting ? `${acting.type === 'PLH' ? 'Plh.' : 'Plt.'} ${title}` : title;

/**
 * The beneficiary decision (Keputusan … tentang penetapan penerima manfaat bantuan usaha): its number, date and
 * signatory, and the list of recipients with their items and amounts, the total also in words.
 */
export async function decreePdf(
  d: {
    decree: {
      number: string;
      date: string;
      signatory: { name: string; title: string };
      actingAs: { type: 'PLH' | 'PLT'; forName: string; letterNumber: string } | null;
      total: number;
      createdAt: string;
    };
    cohortName: string;
    programmeName: string;
    recipients: {
      code: string;
      fullName: string | null;
      kitName: string;
      items: { name: string; quantity: number; unit: string }[];
      value: number;
    }[];
    printedBy: string;
  },
  now: Date,
  office: Office,
): Promise<Buffer> {
  const k = d.decree;
  return renderLetter({
    office,
    number: k.number,
    title: 'Keputusan Penetapan Penerima Manfaat Bantuan Usaha',
    date: localInstant(k.date, office.zone, '12:00'),
    body: [
      {
        text: `Menetapkan penerima manfaat bantuan usaha program ${d.programmeName}, angkatan ${d.cohortName}, sebagaimana tercantum dalam daftar berikut, dengan bantuan berupa peralatan usaha sesuai keterampilan masing-masing:`,
        margin: [0, 0, 0, 8],
      },
      {
        table: {
          headerRows: 1,
          widths: [20, 95, '*', '*', 80],
          body: [
            ['No', 'Kode', 'Nama penerima', 'Bantuan', 'Nilai'].map((t) => ({
              text: t,
              bold: true,
              fillColor: '#eeeeee',
            })),
            ...d.recipients.map((r, n) => [
              String(n + 1),
              r.code,
              r.fullName ?? '(data identitas telah dihapus)',
              {
                stack: [r.kitName, ...r.items.map((i) => ({ text: `${i.quantity} ${i.unit} ${i.name}`, fontSize: 8 }))],
              },
              rp(r.value),
            ]),
            [
              { text: 'Jumlah', colSpan: 4, bold: true, alignment: 'right' },
              '',
              '',
              '',
              { text: rp(k.total), bold: true },
            ],
          ],
        },
        fontSize: 9,
      },
      { text: `Terbilang: ${rupiahInWords(k.total)}.`, italics: true, margin: [0, 6, 0, 0] },
      {
        text: 'Bantuan diserahkan kepada penerima manfaat dengan berita acara serah terima, setelah barang diadakan.',
        margin: [0, 10, 0, 0],
      },
      { text: `Dicatat pada ${tanggal(k.createdAt, office.zone)}.`, fontSize: 8, margin: [0, 6, 0, 0] },
      ...(k.actingAs
        ? [
            {
              text: `Ditandatangani oleh ${k.actingAs.type === 'PLH' ? 'Pelaksana Harian' : 'Pelaksana Tugas'} atas nama ${k.actingAs.forName}, berdasarkan surat perintah nomor ${k.actingAs.letterNumber}.`,
              fontSize: 8,
              margin: [0, 6, 0, 0] as [number, number, number, number],
            },
          ]
        : []),
    ],
    signatories: [{ role: signedAs(k.signatory.title, k.actingAs), name: k.signatory.name }],
    footer: `Dicetak oleh ${d.printedBy} pada ${waktu(now, office.zone)}`,
  });
}
