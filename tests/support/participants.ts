// Builders for participant requests in tests.
import { randomBytes } from 'node:crypto';

export const CONSENTS = [
  {
    purpose: 'PARTICIPATION',
    method: 'SIGNED_FORM',
    explainedBy: 'Pendamping Rina',
    language: 'id',
    givenAt: '2019-01-02',
  },
  {
    purpose: 'DATA_PROCESSING',
    method: 'SIGNED_FORM',
    explainedBy: 'Pendamping Rina',
    language: 'id',
    givenAt: '2019-01-02',
  },
];

let serial = 1;
/** A valid-format NIK for a woman born on the given date, in Banjarbaru (6372), serial in a test range. */
export function testNik(birth = '1995-04-12', region = '637201'): string {
  const [y, m, d] = birth.split('-');
  return `${region}${String(Number(d) + 40).padStart(2, '0')}${m}${y!.slice(2)}${String(9000 + (serial++ % 999)).padStart(4, '0')}`;
}

export function participantBody(over: Record<string, unknown> = {}, identity: Record<string, unknown> = {}) {
  const birthDate = (identity.birthDate as string) ?? '1995-04-12';
  return {
    regionCode: '6372',
    category: 'PEREMPUAN_RENTAN',
    referralSource: 'MANDIRI',
    participationBasis: 'SUKARELA',
    identity: {
      fullName: `Siti Test ${randomBytes(3).toString('hex')}`,
      preferredName: 'Siti',
      nik: testNik(birthDate),
      birthDate,
      sex: 'F',
      address: 'Jl. Ahmad Yani km 33',
      phone: '0812 5555 1234',
      ...identity,
    },
    consents: CONSENTS,
    ...over,
  };
}

/** A multipart body with a "kind" field and one file. */
export function multipart(kind: string, fileName: string, data: Buffer, mime = 'application/octet-stream') {
  const boundary = `----berdaya${randomBytes(8).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${mime}\r\n\r\n`,
    ),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A tiny JPEG with an EXIF (APP1) segment carrying GPS-like text, and a comment. */
export function jpegWithExif(): Buffer {
  const soi = Buffer.from([0xff, 0xd8]);
  const app0 = Buffer.from([
    0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
  ]);
  const exifText = Buffer.from('Exif\0\0GPS -3.4421,114.8330 SHELTER-LOCATION');
  const app1 = Buffer.concat([Buffer.from([0xff, 0xe1]), u16(exifText.length + 2), exifText]);
  const comText = Buffer.from('taken at the rumah singgah');
  const com = Buffer.concat([Buffer.from([0xff, 0xfe]), u16(comText.length + 2), comText]);
  const sos = Buffer.from([0xff, 0xda, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3f, 0x00, 0x12, 0x34, 0x56, 0xff, 0xd9]);
  return Buffer.concat([soi, app0, app1, com, sos]);
}
function u16(n: number) {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
}
