import type { ServerResponse } from 'node:http';
import { send, sendJson } from '../lib/server';
import type { SimRequestContext } from '../lib/types';

/** HTTP helpers of the NethVoice simulator: Slim-like routing, body parsing and 404 pages. */

/** Slim's withJson content type. */
export const JSON_CT = 'application/json;charset=utf-8';

/** `/users/{all}` → /^\/users\/([^/]+)$/ (Slim placeholders match one segment). */
export function pattern(path: string): RegExp {
  const src = path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[a-z_]+\}/gi, '([^/]+)');
  return new RegExp(`^${src}$`);
}

export function field(body: unknown, key: string): unknown {
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>)[key] : undefined;
}

/** PHP string interpolation of a decoded JSON value. */
export function phpString(v: unknown): string {
  if (v === undefined || v === null || v === false) return '';
  if (v === true) return '1';
  if (typeof v === 'object') return 'Array';
  return String(v);
}

export function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function header(ctx: SimRequestContext, name: string): string | undefined {
  const v = ctx.req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Slim parses JSON or form bodies by Content-Type; anything else (or bad JSON) is null. */
export function parseBody(ctx: SimRequestContext): unknown {
  if (ctx.body.length === 0) return null;
  const ct = String(ctx.req.headers['content-type'] ?? '').toLowerCase();
  const text = ctx.body.toString('utf8');
  if (ct.includes('json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return null;
    }
  }
  if (ct.includes('application/x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(text));
  return null;
}

export function slimNotFound(ctx: SimRequestContext): void {
  const accept = String(ctx.req.headers['accept'] ?? '');
  if (accept.includes('json')) sendJson(ctx.res, 404, { message: 'Not found' }, JSON_CT);
  else
    send(
      ctx.res,
      404,
      '<html><head><title>Page Not Found</title></head><body><h1>Page Not Found</h1><p>The page you are looking for could not be found.</p></body></html>',
      'text/html;charset=utf-8',
    );
}

export function apacheNotFound(res: ServerResponse, path: string): void {
  send(res, 404, `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1><p>The requested URL ${path.replace(/[<>&"]/g, '')} was not found on this server.</p></body></html>\n`, 'text/html; charset=iso-8859-1');
}
