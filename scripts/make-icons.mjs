// Generates resources/ icons from the SVG below: icon.png (512 px), icon.ico, icon.icns and the tray state images.
// Run: node scripts/make-icons.mjs  (needs playwright-core and Chromium at /usr/bin/chromium, or CHROMIUM_PATH).
// Formats: ICO with PNG entries (https://learn.microsoft.com/en-us/previous-versions/ms997538(v=msdn.10)),
// ICNS with PNG elements ic07–ic14 (https://en.wikipedia.org/wiki/Apple_Icon_Image_format).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'resources');

/** The paper-plane mark, drawn in a 100×100 box. */
const plane = (fill) =>
  `<path d="M18 50 L82 22 L64 80 L49 60 L71 34 L42 55 Z" fill="${fill}" stroke="${fill}" stroke-width="3" stroke-linejoin="round"/>`;

/** The app icon: a rounded square with an indigo-to-sky gradient and a white paper plane. */
const appSvg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#4f46e5"/><stop offset="1" stop-color="#0ea5e9"/></linearGradient></defs>
  <rect x="4" y="4" width="92" height="92" rx="22" fill="url(#g)"/>
  ${plane('#ffffff')}
</svg>`;

/** Tray badge colours per state: none when idle, amber while working, red while an approval waits. */
const trayDots = { idle: null, working: '#f59e0b', waiting: '#ef4444' };

/** A tray image: a small app badge (readable on light and dark panels) with a state dot in the lower right. */
function traySvg(dot) {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
  <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#4f46e5"/><stop offset="1" stop-color="#0ea5e9"/></linearGradient></defs>
  <rect x="2" y="2" width="96" height="96" rx="24" fill="url(#g)"/>
  ${plane('#ffffff')}
  ${dot ? `<circle cx="76" cy="76" r="22" fill="${dot}" stroke="#ffffff" stroke-width="7"/>` : ''}
</svg>`;
}

/** Renders `svg` to a transparent PNG of `size`×`size` pixels. */
async function render(page, svg, size) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(
    `<!doctype html><html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
}

/** An ICO file holding `images` ({size, png}) as PNG entries. */
function ico(images) {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at);
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt8(0, at + 2);
    header.writeUInt8(0, at + 3);
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(32, at + 6);
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

/** An ICNS file from `elements` ({type, png}). */
function icns(elements) {
  const parts = elements.map(({ type, png }) => {
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + parts.reduce((n, p) => n + p.length, 0), 4);
  return Buffer.concat([head, ...parts]);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
});
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  const sizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
  const app = new Map();
  for (const size of sizes) app.set(size, await render(page, appSvg, size));

  await mkdir(path.join(out, 'tray'), { recursive: true });
  await writeFile(path.join(out, 'icon.png'), app.get(512));
  await writeFile(
    path.join(out, 'icon.ico'),
    ico([16, 24, 32, 48, 64, 128, 256].map((size) => ({ size, png: app.get(size) }))),
  );
  const icnsTypes = { ic11: 32, ic12: 64, ic07: 128, ic13: 256, ic08: 256, ic14: 512, ic09: 512, ic10: 1024 };
  await writeFile(
    path.join(out, 'icon.icns'),
    icns(Object.entries(icnsTypes).map(([type, size]) => ({ type, png: app.get(size) }))),
  );
  for (const [state, dot] of Object.entries(trayDots)) {
    await writeFile(path.join(out, 'tray', `tray-${state}.png`), await render(page, traySvg(dot), 16));
    await writeFile(path.join(out, 'tray', `tray-${state}@2x.png`), await render(page, traySvg(dot), 32));
  }
  console.log(`icons written to ${out}`);
} finally {
  await browser.close();
}
