/**
 * `npm run icons`: writes the generated icons. build/icon.png (1024 px) is the app icon
 * electron-builder turns into .ico/.icns/Linux sizes; build/tray/*.png are the tray icons at 16 and
 * 32 px, light and dark (the app draws the same ones at run time); build/tray-preview.png is a
 * contact sheet, scaled up, for a human to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drawAppIcon, drawTrayIcon, TRAY_STATES, type Canvas, type IconTheme } from '../main/shell/icons';
import { encodePng } from '../main/shell/png';

const here = dirname(fileURLToPath(import.meta.url));
const THEMES: IconTheme[] = ['light', 'dark'];

function writeIcons(): void {
  writeFileSync(join(here, 'icon.png'), drawAppIcon(1024).png());
  mkdirSync(join(here, 'tray'), { recursive: true });
  for (const theme of THEMES) for (const state of TRAY_STATES) for (const size of [16, 32] as const) {
    writeFileSync(join(here, 'tray', `${state}-${theme}-${size}.png`), drawTrayIcon(state, theme, size).png());
  }
}

/** Each icon scaled up with nearest neighbour onto a light and a dark panel, so pixels stay visible. */
function preview(): Buffer {
  const cell = 136;
  const cols = TRAY_STATES.length;
  const rows = THEMES.length * 2;
  const w = cols * cell;
  const h = rows * cell;
  const out = new Uint8Array(w * h * 4);
  THEMES.forEach((theme, ti) => {
    const bg = theme === 'light' ? [236, 236, 236] : [32, 33, 36];
    [16, 32].forEach((size, si) => {
      const row = ti * 2 + si;
      TRAY_STATES.forEach((state, col) => {
        const icon: Canvas = drawTrayIcon(state, theme, size);
        const px = icon.rgba();
        const scale = 128 / size;
        for (let y = 0; y < cell; y++) for (let x = 0; x < cell; x++) {
          const o = ((row * cell + y) * w + col * cell + x) * 4;
          const ix = Math.floor((x - 4) / scale);
          const iy = Math.floor((y - 4) / scale);
          let a = 0;
          let rgb = [0, 0, 0];
          if (ix >= 0 && iy >= 0 && ix < size && iy < size) {
            const i = (iy * size + ix) * 4;
            a = (px[i + 3] ?? 0) / 255;
            rgb = [px[i] ?? 0, px[i + 1] ?? 0, px[i + 2] ?? 0];
          }
          for (let c = 0; c < 3; c++) out[o + c] = Math.round((rgb[c] ?? 0) * a + (bg[c] ?? 0) * (1 - a));
          out[o + 3] = 255;
        }
      });
    });
  });
  return encodePng(w, h, out);
}

writeIcons();
writeFileSync(join(here, 'tray-preview.png'), preview());
process.stdout.write(`icons written to ${here}\n`);
