import jpeg from 'jpeg-js';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyph, printable, textWidth } from './font';

/**
 * Simulated video frames: a real, decodable baseline JPEG per frame, stamped with the camera name,
 * the channel, an incrementing frame counter and the time (so a client can tell a fresh snapshot
 * from a stale one), plus a block that moves with the frame counter and a red frame while motion
 * or an alarm input is active.
 */

export interface FrameSpec {
  width: number;
  height: number;
  /** Camera (device) name. */
  name: string;
  /** Video channel 0–3. */
  channel: number;
  secondary: boolean;
  /** Incrementing frame number. */
  frame: number;
  time: Date;
  motion: boolean;
  alarm: boolean;
}

type Rgb = readonly [number, number, number];

class Raster {
  readonly data: Buffer;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.data = Buffer.alloc(width * height * 4, 255);
  }

  /** Fill a clipped rectangle, one Buffer.fill per row. */
  rect(x0: number, y0: number, w: number, h: number, c: Rgb): void {
    const xa = Math.max(0, x0);
    const xb = Math.min(this.width, x0 + w);
    if (xb <= xa) return;
    const px = Buffer.from([c[0], c[1], c[2], 255]);
    for (let y = Math.max(0, y0); y < Math.min(this.height, y0 + h); y++) {
      this.data.fill(px, (y * this.width + xa) * 4, (y * this.width + xb) * 4);
    }
  }

  /** Text on a dark box (the camera OSD look). Returns the box width. */
  text(x0: number, y0: number, raw: string, scale: number, c: Rgb): number {
    const s = printable(raw);
    const pad = scale;
    const w = textWidth(s, scale) + 2 * pad;
    this.rect(x0, y0, w, GLYPH_HEIGHT * scale + 2 * pad, [16, 16, 16]);
    let x = x0 + pad;
    for (const ch of s) {
      const rows = glyph(ch);
      rows.forEach((bits, row) => {
        for (let col = 0; col < GLYPH_WIDTH; col++) {
          if ((bits >> (GLYPH_WIDTH - 1 - col)) & 1) this.rect(x + col * scale, y0 + pad + row * scale, scale, scale, c);
        }
      });
      x += (GLYPH_WIDTH + 1) * scale;
    }
    return w;
  }
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-DD HH:MM:SS` in local time, like the camera's time OSD. */
export function osdTime(d: Date): string {
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** Fit `text` into `maxWidth` pixels at `scale` by cutting characters off the end. */
function fit(text: string, scale: number, maxWidth: number): string {
  let s = printable(text);
  while (s.length > 1 && textWidth(s, scale) + 2 * scale > maxWidth) s = s.slice(0, -1);
  return s;
}

/** Render the frame's pixels (RGBA). */
export function renderFrame(f: FrameSpec): Raster {
  const r = new Raster(f.width, f.height);
  const hue: Rgb = ([[40, 90, 140], [60, 120, 70], [120, 80, 50], [90, 60, 120]] as const)[f.channel % 4] ?? [40, 90, 140];
  // Sky-to-floor gradient, tinted per channel.
  for (let y = 0; y < f.height; y++) {
    const t = y / f.height;
    const c: Rgb = [Math.round(hue[0] + 80 * t), Math.round(hue[1] + 60 * t), Math.round(hue[2] + 40 * (1 - t))];
    r.rect(0, y, f.width, 1, c);
  }
  // A "visitor" block crossing the scene, one step per frame.
  const bw = Math.max(8, Math.round(f.width / 10));
  const bx = ((f.frame * Math.max(2, Math.round(f.width / 40))) % (f.width + bw)) - bw;
  r.rect(bx, Math.round(f.height * 0.45), bw, Math.round(f.height * 0.35), [230, 200, 60]);
  const scale = f.secondary || f.width < 240 ? 1 : 2;
  const margin = 2 * scale;
  const line = (GLYPH_HEIGHT + 3) * scale;
  const chLabel = `CH${f.channel}${f.secondary ? ' S' : ''}`;
  const chWidth = textWidth(chLabel, scale) + 2 * scale;
  r.text(f.width - chWidth - margin, margin, chLabel, scale, [255, 255, 255]);
  r.text(margin, margin, fit(f.name, scale, f.width - chWidth - 3 * margin), scale, [255, 255, 255]);
  r.text(margin, f.height - 2 * line - margin, `#${f.frame}`, scale, [255, 255, 0]);
  r.text(margin, f.height - line - margin + scale, fit(osdTime(f.time), scale, f.width - 2 * margin), scale, [255, 255, 255]);
  if (f.motion || f.alarm) {
    const red: Rgb = [220, 30, 30];
    const b = 2 * scale;
    r.rect(0, 0, f.width, b, red);
    r.rect(0, f.height - b, f.width, b, red);
    r.rect(0, 0, b, f.height, red);
    r.rect(f.width - b, 0, b, f.height, red);
    const label = f.alarm ? 'ALARM' : 'MOTION';
    r.text(f.width - textWidth(label, scale) - 2 * scale - margin, margin + line, label, scale, [255, 80, 80]);
  }
  return r;
}

/** Render and encode one frame as a baseline JPEG. */
export function encodeFrame(f: FrameSpec, quality = 70): Buffer {
  const r = renderFrame(f);
  return jpeg.encode({ data: r.data, width: r.width, height: r.height }, quality).data;
}
