// The attendance sheet (daftar hadir) of a session and the certificate (sertifikat) of a graduate.
import type { Content } from 'pdfmake/interfaces.js';
import { renderLetter, tanggal, waktu } from '../../documents/pdf.ts';
import type { Office } from '../../documents/offices.ts';
import { localInstant, ZONE_ABBREVIATION } from '../../../shared/calendar.ts';
import { sessionTypeLabel } from '../../../shared/codes.ts';

const STATUS_ID: Record<string, string> = {
  PRESENT: 'Hadir',
  LATE: 'Terlambat',
  EXCUSED: 'Izin',
  ABSENT: 'Tidak hadir',
};

export async function attendanceSheetPdf(
  d: {
    cohortName: string;
    session: {
      id: string;
      type: string;
      title: string | null;
      date: string;
      startTime: string;
      endTime: string;
      facilitator: string | null;
      place: string | null;
      /** The partner organisation that leads it, and its person (absent: none). */
      partner?: string | null;
      partnerPerson?: string | null;
    };
    rows: { code: string; preferredName: string; status: string | null }[];
    printedBy: string;
  },
  now: Date,
  office: Office,
): Promise<Buffer> {
  const body: Content[] = [
    { columns: [{ width: 110, text: 'Angkatan' }, { text: `: ${d.cohortName}` }] },
    {
      columns: [
        { width: 110, text: 'Kegiatan' },
        { text: `: ${sessionTypeLabel(d.session.type)}${d.session.title ? ` — ${d.session.title}` : ''}` },
      ],
    },
    {
      columns: [
        { width: 110, text: 'Hari, tanggal' },
        {
          text: `: ${tanggal(d.session.date, office.zone)}, pukul ${d.session.startTime}–${d.session.endTime} ${ZONE_ABBREVIATION[office.zone]}`,
        },
      ],
    },
    { columns: [{ width: 110, text: 'Tempat' }, { text: `: ${d.session.place ?? '-'}` }] },
    ...(d.session.partner
      ? [
          {
            columns: [
              { width: 110, text: 'Mitra' },
              { text: `: ${withPerson(d.session.partner, d.session.partnerPerson)}` },
            ],
          },
        ]
      : []),
    {
      columns: [{ width: 110, text: 'Fasilitator' }, { text: `: ${d.session.facilitator ?? '-'}` }],
      margin: [0, 0, 0, 10],
    },
    {
      table: {
        headerRows: 1,
        widths: [22, 110, '*', 70, 110],
        body: [
          ['No', 'Kode peserta', 'Nama panggilan', 'Keterangan', 'Tanda tangan / cap jempol'].map((t) => ({
            text: t,
            bold: true,
            fillColor: '#eeeeee',
          })),
          ...d.rows.map((r, i) => [
            String(i + 1),
            r.code,
            r.preferredName,
            r.status ? (STATUS_ID[r.status] ?? r.status) : '',
            { text: ' ', margin: [0, 8, 0, 8] as [number, number, number, number] },
          ]),
        ],
      },
    },
  ];
  return renderLetter({
    office,
    number: `DH/${d.session.date}/${d.session.id.slice(0, 8)}`,
    title: 'Daftar Hadir',
    date: now,
    body,
    signatories: [
      { role: 'Fasilitator', name: d.session.facilitator },
      { role: 'Pekerja Sosial', name: null },
    ],
    footer: `Dicetak oleh ${d.printedBy} pada ${waktu(now, office.zone)}`,
  });
}

export async function certificatePdf(
  d: {
    code: string;
    fullName: string;
    track: string | null;
    cohort: {
      name: string;
      start_date: string;
      end_date: string;
      programme: string;
      graduation_confirmed_at: string | null;
    };
    printedBy: string;
  },
  now: Date,
  office: Office,
): Promise<Buffer> {
  // Never back-dated, never post-dated: the paper bears the day the course ended, says when the graduation was
  // recorded, and (in its footer) when it was printed.
  return renderLetter({
    office,
    number: `SERT/${d.code}`,
    title: 'Sertifikat',
    date: localInstant(d.cohort.end_date, office.zone, '12:00'),
    body: [
      { text: 'Diberikan kepada', alignment: 'center', margin: [0, 10, 0, 6] },
      { text: d.fullName, alignment: 'center', bold: true, fontSize: 18 },
      { text: `(${d.code})`, alignment: 'center', margin: [0, 2, 0, 12] },
      {
        text: `yang telah menyelesaikan ${d.cohort.programme} — ${d.cohort.name}${d.track ? `, bidang ${d.track.toLowerCase().replace(/_/g, ' ')}` : ''}, yang diselenggarakan oleh ${office.office} ${office.government
          .replace('PEMERINTAH ', '')
          .toLowerCase()
          .replace(/\b\w/g, (c) =>
            c.toUpperCase(),
          )} pada ${tanggal(d.cohort.start_date, office.zone)} sampai dengan ${tanggal(d.cohort.end_date, office.zone)}.`,
        alignment: 'center',
        margin: [30, 0, 30, 0],
      },
      ...(d.cohort.graduation_confirmed_at
        ? [
            {
              text: `Kelulusan dicatat pada ${tanggal(d.cohort.graduation_confirmed_at, office.zone)}.`,
              alignment: 'center',
              fontSize: 8,
              margin: [0, 10, 0, 0],
            } as Content,
          ]
        : []),
    ],
    signatories: [{ role: 'Kepala Dinas Sosial', name: null }],
    footer: `Dicetak oleh ${d.printedBy} pada ${waktu(now, office.zone)}`,
  });
}

/** "Kemenag Kota Banjarbaru (Ustadzah Rahmah)": a partner with its person, as the papers name them. */
const withPerson = (partner: string, person: string | null | undefined) =>
  person ? `${partner} (${person})` : partner;

/** The printable schedule of a cohort: every session by date, with type, time, place and facilitator. */
export async function schedulePdf(
  d: {
    cohortName: string;
    startDate: string;
    endDate: string;
    sessions: {
      date: string;
      startTime: string;
      endTime: string;
      type: string;
      title: string | null;
      place: string | null;
      facilitator: string | null;
      /** The partner organisation that leads it, and its person (absent: none). */
      partner?: string | null;
      partnerPerson?: string | null;
      cancelled: boolean;
      movedFrom: string | null;
    }[];
    printedBy: string;
  },
  now: Date,
  office: Office,
): Promise<Buffer> {
  const DAY = new Intl.DateTimeFormat('id-ID', { weekday: 'long', timeZone: office.zone });
  return renderLetter({
    office,
    number: `JDW/${d.startDate}/${d.cohortName.replace(/\s+/g, '-')}`,
    title: 'Jadwal Kegiatan',
    date: now,
    body: [
      {
        text: `${d.cohortName}, ${tanggal(d.startDate, office.zone)} s.d. ${tanggal(d.endDate, office.zone)}`,
        alignment: 'center',
        margin: [0, 0, 0, 8],
      },
      {
        table: {
          headerRows: 1,
          widths: [95, 55, '*', 90, 90],
          body: [
            ['Hari, tanggal', `Pukul (${ZONE_ABBREVIATION[office.zone]})`, 'Kegiatan', 'Tempat', 'Fasilitator'].map(
              (t) => ({
                text: t,
                bold: true,
                fillColor: '#eeeeee',
              }),
            ),
            ...d.sessions.map((s) => [
              `${DAY.format(localInstant(s.date, office.zone, '12:00'))}, ${tanggal(s.date, office.zone)}`,
              `${s.startTime}–${s.endTime}`,
              `${sessionTypeLabel(s.type)}${s.title ? ` — ${s.title}` : ''}${s.cancelled ? ' (DIBATALKAN)' : ''}${s.movedFrom ? ` (dipindah dari ${tanggal(s.movedFrom, office.zone)})` : ''}`,
              s.place ?? '-',
              // The partner that leads the session stands with its facilitator.
              [s.facilitator, s.partner ? withPerson(s.partner, s.partnerPerson) : null].filter(Boolean).join('; ') ||
                '-',
            ]),
          ],
        },
        fontSize: 8,
      },
    ],
    signatories: [{ role: 'Kepala Seksi', name: null }],
    footer: `Dicetak oleh ${d.printedBy} pada ${waktu(now, office.zone)}`,
  });
}
