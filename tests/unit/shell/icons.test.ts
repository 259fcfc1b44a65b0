import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { drawAppIcon, drawTrayIcon, TRAY_STATES, trayIconPng } from '../../../main/shell/icons';
import { crc32, encodePng, pngSize } from '../../../main/shell/png';

/** Decode our own (unfiltered, RGBA) PNGs back to pixels, checking every chunk's CRC. */
function decode(png: Buffer): { width: number; height: number; rgba: Buffer } {
  const { width, height } = pngSize(png);
  let off = 8;
  const idat: Buffer[] = [];
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.toString('ascii', off + 4, off + 8);
    const body = png.subarray(off + 8, off + 8 + len);
    expect(png.readUInt32BE(off + 8 + len)).toBe(crc32(png.subarray(off + 4, off + 8 + len)));
    if (type === 'IDAT') idat.push(body);
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  return { width, height, rgba };
}

describe('PNG encoder', () => {
  it('writes a valid PNG that decodes to the same pixels', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
    const px = Uint8Array.from({ length: 3 * 2 * 4 }, (_, i) => (i * 37) % 256);
    const png = encodePng(3, 2, px);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(decode(png)).toEqual({ width: 3, height: 2, rgba: Buffer.from(px) });
    expect(() => encodePng(3, 2, new Uint8Array(5))).toThrow(RangeError);
  });
});

describe('tray icons', () => {
  const alpha = (rgba: Buffer) => [...rgba].filter((_, i) => i % 4 === 3);

  it('exist at 16 and 32 px for every state, light and dark', () => {
    for (const state of TRAY_STATES) for (const theme of ['light', 'dark'] as const) for (const size of [16, 32] as const) {
      const { width, height, rgba } = decode(trayIconPng(state, theme, size));
      expect([width, height]).toEqual([size, size]);
      const covered = alpha(rgba).filter((a) => a > 128).length / (size * size);
      expect(covered, `${state} ${theme} ${size}`).toBeGreaterThan(0.12); // a glyph, not a speck
      expect(covered, `${state} ${theme} ${size}`).toBeLessThan(0.7); // and transparent around it
    }
  });

  it('differ from state to state at 16 px (not just by a pixel)', () => {
    const pixels = TRAY_STATES.map((s) => decode(trayIconPng(s, 'light', 16)).rgba);
    for (let i = 0; i < pixels.length; i++) for (let j = i + 1; j < pixels.length; j++) {
      let differing = 0;
      for (let p = 0; p < 256; p++) {
        const a = pixels[i]!;
        const b = pixels[j]!;
        const d = Math.abs(a[p * 4]! - b[p * 4]!) + Math.abs(a[p * 4 + 1]! - b[p * 4 + 1]!) + Math.abs(a[p * 4 + 2]! - b[p * 4 + 2]!) + Math.abs(a[p * 4 + 3]! - b[p * 4 + 3]!);
        if (d > 96) differing++;
      }
      expect(differing, `${TRAY_STATES[i]} vs ${TRAY_STATES[j]}`).toBeGreaterThan(12);
    }
  });

  it('use a dark glyph for light panels and a light glyph for dark panels', () => {
    const lum = (rgba: Buffer) => {
      let sum = 0;
      let n = 0;
      for (let i = 0; i < rgba.length; i += 4) {
        if (rgba[i + 3]! <= 200) continue;
        sum += (rgba[i]! + rgba[i + 1]! + rgba[i + 2]!) / 3;
        n++;
      }
      return sum / n;
    };
    expect(lum(decode(trayIconPng('idle', 'light', 32)).rgba)).toBeLessThan(60);
    expect(lum(decode(trayIconPng('idle', 'dark', 32)).rgba)).toBeGreaterThan(200);
  });

  it('match the files in build/ (npm run icons writes them)', () => {
    for (const state of TRAY_STATES) for (const theme of ['light', 'dark'] as const) for (const size of [16, 32] as const) {
      expect(readFileSync(`build/tray/${state}-${theme}-${size}.png`).equals(drawTrayIcon(state, theme, size).png()), `${state}-${theme}-${size}`).toBe(true);
    }
  });

  it('the app icon is a square PNG large enough for every installer', () => {
    expect(pngSize(readFileSync('build/icon.png'))).toEqual({ width: 1024, height: 1024 });
    const small = decode(drawAppIcon(64).png());
    expect(small.rgba[(32 * 64 + 32) * 4 + 3]).toBe(255);
  });
});
