// The installed app's icons, drawn from src/web/public/favicon.svg by Chromium (playwright-core), so they never
// drift from the favicon: 192 and 512 px as they are (rounded corners, transparent outside), and a maskable 512 px
// one whose green fills the whole square and whose letter sits well inside the safe zone (the central circle of
// 80 % a launcher may cut to). Run after changing the favicon: `npx tsx scripts/pwa-icons.ts`; commit the PNGs.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const PUBLIC = fileURLToPath(new URL('../src/web/public/', import.meta.url));
const favicon = fs.readFileSync(path.join(PUBLIC, 'favicon.svg'), 'utf8');

/** Full bleed (no rounded corners), and everything but the background drawn at 80 % about the centre. */
function maskable(svg: string): string {
  const bleed = svg.replace(/<rect([^>]*?)\srx="[^"]*"/, '<rect$1');
  const at = bleed.indexOf('<path');
  const end = bleed.lastIndexOf('</svg>');
  if (at < 0 || end < 0) throw new Error('favicon.svg: expected a <rect> background and <path> shapes');
  return `${bleed.slice(0, at)}<g transform="translate(16 16) scale(0.8) translate(-16 -16)">${bleed.slice(at, end)}</g></svg>`;
}

const icons = [
  { file: 'pwa-192.png', size: 192, svg: favicon },
  { file: 'pwa-512.png', size: 512, svg: favicon },
  { file: 'pwa-maskable-512.png', size: 512, svg: maskable(favicon) },
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  for (const icon of icons) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 });
    const src = `data:image/svg+xml;base64,${Buffer.from(icon.svg).toString('base64')}`;
    await page.setContent(
      `<html><body style="margin:0;background:transparent"><img src="${src}" width="${icon.size}" height="${icon.size}" style="display:block"></body></html>`,
    );
    await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
    await page.screenshot({ path: path.join(PUBLIC, icon.file), omitBackground: true });
    await page.close();
    console.log(`${icon.file}: ${icon.size}×${icon.size}`);
  }
} finally {
  await browser.close();
}
