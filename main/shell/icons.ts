/**
 * The tray and app icons, drawn in code (no downloaded art): shapes are signed distance functions
 * on a 32-unit design grid, rendered with analytic anti-aliasing at any pixel size, then encoded
 * as PNG. The tray glyph is a telephone handset; the state adds a sign that differs in shape, not
 * only in colour (waves, dots in two places, a warning triangle), so it reads at 16 px and for
 * colour-blind users. `light` icons are for light panels (dark glyph), `dark` for dark panels.
 */
import { encodePng } from './png';

export const TRAY_STATES = ['idle', 'ringing', 'in-call', 'attention', 'problem'] as const;
export type TrayIconState = (typeof TRAY_STATES)[number];
export type IconTheme = 'light' | 'dark';

type Rgb = readonly [number, number, number];
type Sdf = (x: number, y: number) => number;

/** An RGBA float canvas; shapes are composited with straight alpha. */
export class Canvas {
  readonly px: Float32Array;
  constructor(
    readonly size: number,
    private readonly grid = 32,
  ) {
    this.px = new Float32Array(size * size * 4);
  }

  private coverage(sdf: Sdf, x: number, y: number): number {
    const k = this.size / this.grid;
    const d = sdf((x + 0.5) / k, (y + 0.5) / k) * k;
    return Math.min(1, Math.max(0, 0.5 - d));
  }

  /** Paint a shape in a colour (source-over). */
  fill(sdf: Sdf, rgb: Rgb, opacity = 1): this {
    for (let y = 0; y < this.size; y++) {
      for (let x = 0; x < this.size; x++) {
        const a = this.coverage(sdf, x, y) * opacity;
        if (a <= 0) continue;
        const i = (y * this.size + x) * 4;
        const da = this.px[i + 3] ?? 0;
        const oa = a + da * (1 - a);
        for (let c = 0; c < 3; c++) {
          const dc = this.px[i + c] ?? 0;
          this.px[i + c] = oa > 0 ? ((rgb[c] ?? 0) * a + dc * da * (1 - a)) / oa : 0;
        }
        this.px[i + 3] = oa;
      }
    }
    return this;
  }

  /** Make a shape (plus nothing else) transparent: the halo that separates a badge from the glyph. */
  erase(sdf: Sdf): this {
    for (let y = 0; y < this.size; y++) {
      for (let x = 0; x < this.size; x++) {
        const a = this.coverage(sdf, x, y);
        if (a <= 0) continue;
        const i = (y * this.size + x) * 4 + 3;
        this.px[i] = (this.px[i] ?? 0) * (1 - a);
      }
    }
    return this;
  }

  rgba(): Uint8Array {
    const out = new Uint8Array(this.px.length);
    for (let i = 0; i < this.px.length; i += 4) {
      out[i] = Math.round((this.px[i] ?? 0) * 255);
      out[i + 1] = Math.round((this.px[i + 1] ?? 0) * 255);
      out[i + 2] = Math.round((this.px[i + 2] ?? 0) * 255);
      out[i + 3] = Math.round((this.px[i + 3] ?? 0) * 255);
    }
    return out;
  }

  png(): Buffer {
    return encodePng(this.size, this.size, this.rgba());
  }
}

// ---------- shapes (design units) ----------

const deg = (d: number) => (d * Math.PI) / 180;

export const circle =
  (cx: number, cy: number, r: number): Sdf =>
  (x, y) =>
    Math.hypot(x - cx, y - cy) - r;

/** A box centred on (cx, cy), half sizes hw × hh, corner radius r, rotated by `angle` radians. */
export const roundedBox =
  (cx: number, cy: number, hw: number, hh: number, r: number, angle = 0): Sdf =>
  (x, y) => {
    const c = Math.cos(-angle);
    const s = Math.sin(-angle);
    const lx = (x - cx) * c - (y - cy) * s;
    const ly = (x - cx) * s + (y - cy) * c;
    const qx = Math.abs(lx) - hw + r;
    const qy = Math.abs(ly) - hh + r;
    return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
  };

/** A ring of radius `radius` and half thickness `half`, from angle a0 to a1 (radians, y down), round ends. */
export const arc =
  (cx: number, cy: number, radius: number, half: number, a0: number, a1: number): Sdf =>
  (x, y) => {
    const ang = Math.atan2(y - cy, x - cx);
    const norm = (a: number) => ((a % (2 * Math.PI)) + 2 * Math.PI) % (2 * Math.PI);
    const span = norm(a1 - a0);
    if (norm(ang - a0) <= span) return Math.abs(Math.hypot(x - cx, y - cy) - radius) - half;
    const e0 = Math.hypot(x - (cx + radius * Math.cos(a0)), y - (cy + radius * Math.sin(a0)));
    const e1 = Math.hypot(x - (cx + radius * Math.cos(a1)), y - (cy + radius * Math.sin(a1)));
    return Math.min(e0, e1) - half;
  };

/** A straight stroke with round ends. */
export const segment =
  (ax: number, ay: number, bx: number, by: number, half: number): Sdf =>
  (x, y) => {
    const px = x - ax;
    const py = y - ay;
    const dx = bx - ax;
    const dy = by - ay;
    const h = Math.min(1, Math.max(0, (px * dx + py * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - dx * h, py - dy * h) - half;
  };

/** A closed polygon (vertices in order), exact signed distance (iq's sdPolygon). */
export const polygon =
  (pts: readonly (readonly [number, number])[]): Sdf =>
  (x, y) => {
    const first = pts[0] ?? [0, 0];
    let d = (x - first[0]) ** 2 + (y - first[1]) ** 2;
    let s = 1;
    for (let i = 0, j = pts.length - 1; i < pts.length; j = i, i++) {
      const [vix, viy] = pts[i] ?? [0, 0];
      const [vjx, vjy] = pts[j] ?? [0, 0];
      const ex = vjx - vix;
      const ey = vjy - viy;
      const wx = x - vix;
      const wy = y - viy;
      const h = Math.min(1, Math.max(0, (wx * ex + wy * ey) / (ex * ex + ey * ey)));
      d = Math.min(d, (wx - ex * h) ** 2 + (wy - ey * h) ** 2);
      const c1 = y >= viy;
      const c2 = y < vjy;
      const c3 = ex * wy > ey * wx;
      if ((c1 && c2 && c3) || (!c1 && !c2 && !c3)) s = -s;
    }
    return s * Math.sqrt(d);
  };

/** An upward equilateral triangle centred on (cx, cy) with circumradius r, corners rounded by `round`. */
export function triangle(cx: number, cy: number, r: number, round: number): Sdf {
  const inner = r - 2 * round;
  const pts = [-90, 30, 150].map((a) => [cx + inner * Math.cos(deg(a)), cy + inner * Math.sin(deg(a))] as const);
  const poly = polygon(pts);
  return (x, y) => poly(x, y) - round;
}

/** A shape scaled by `k` around the point (ox, oy). */
export const scaled =
  (shape: Sdf, k: number, ox: number, oy: number): Sdf =>
  (x, y) =>
    shape((x - ox) / k + ox, (y - oy) / k + oy) * k;

export const union =
  (...shapes: Sdf[]): Sdf =>
  (x, y) =>
    Math.min(...shapes.map((s) => s(x, y)));

// ---------- the glyph ----------

/** Handset: a curved spine from the earpiece (top left) to the mouthpiece (bottom right), cups on the inside. */
export function handset(): Sdf {
  const cx = 24;
  const cy = 8;
  const radius = 15.5;
  const a0 = deg(82);
  const a1 = deg(188);
  const cup = (a: number): Sdf => {
    const mid = radius - 2.2;
    return roundedBox(cx + mid * Math.cos(a), cy + mid * Math.sin(a), 4.6, 4.2, 2.4, a);
  };
  return union(arc(cx, cy, radius, 2.7, a0, a1), cup(a0), cup(a1));
}

const PALETTE: Record<IconTheme, { fg: Rgb; green: Rgb; amber: Rgb; red: Rgb }> = {
  light: { fg: [0.13, 0.13, 0.14], green: [0.09, 0.55, 0.24], amber: [0.91, 0.46, 0.0], red: [0.84, 0.16, 0.12] },
  dark: { fg: [0.95, 0.95, 0.96], green: [0.3, 0.85, 0.45], amber: [1.0, 0.74, 0.1], red: [1.0, 0.33, 0.3] },
};
const WHITE: Rgb = [1, 1, 1];

/** Draw one tray icon into a canvas of `size` pixels. */
export function drawTrayIcon(state: TrayIconState, theme: IconTheme, size: number): Canvas {
  const p = PALETTE[theme];
  const c = new Canvas(size);
  const glyph = handset();
  switch (state) {
    case 'idle':
      c.fill(glyph, p.fg);
      break;
    case 'ringing': {
      // The handset a little smaller towards the lower left, two sound waves in the upper right.
      c.fill(scaled(glyph, 0.86, 0, 32), p.green);
      c.fill(arc(18, 14, 5.5, 1.6, deg(-88), deg(-2)), p.green);
      c.fill(arc(18, 14, 11, 1.6, deg(-88), deg(-2)), p.green);
      break;
    }
    case 'in-call': {
      const dot = circle(24.5, 24.5, 6.5);
      c.fill(glyph, p.fg).erase(circle(24.5, 24.5, 9));
      c.fill(dot, p.green);
      break;
    }
    case 'attention': {
      c.fill(glyph, p.fg).erase(circle(25, 7, 8.5));
      c.fill(circle(25, 7, 6.2), p.amber);
      break;
    }
    case 'problem': {
      c.fill(glyph, p.fg, 0.75).erase(triangle(23, 21.5, 12.5, 1.5)).erase(roundedBox(28, 22, 4.5, 7, 1));
      c.fill(triangle(23, 21.5, 10, 1.5), p.red);
      c.fill(roundedBox(23, 20.5, 1, 3, 0.4), WHITE);
      c.fill(roundedBox(23, 26, 1, 1, 0.4), WHITE);
      break;
    }
  }
  return c;
}

export function trayIconPng(state: TrayIconState, theme: IconTheme, size: 16 | 32): Buffer {
  return drawTrayIcon(state, theme, size).png();
}

/** The app icon: a blue rounded square with a white handset, at any size (512 and up for installers). */
export function drawAppIcon(size: number): Canvas {
  const c = new Canvas(size);
  c.fill(roundedBox(16, 16, 14.5, 14.5, 6.5), [0.1, 0.42, 0.86]);
  const glyph = handset();
  c.fill(scaled(glyph, 0.66, 16, 16.5), WHITE);
  return c;
}
