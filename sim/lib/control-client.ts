/**
 * Calling the simulated office's control API (client side), for tests, benchmarks and scripts.
 *
 * Anything that has `control` (the control URL) and `controlToken` is an endpoint: a
 * RunningOffice, the manifest file written by `npm run sim`, or the web harness's first JSON line.
 *
 *   await callControl(office, 'POST', '/phones/phone-reception/ring', { number: '201' });
 */
export interface ControlEndpoint {
  readonly control: string;
  readonly controlToken: string;
}

export type ControlMethod = 'GET' | 'POST' | 'DELETE';

export interface ControlReply {
  status: number;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
  text: string;
}

/** The headers every control request needs, plus `extra`. */
export function controlHeaders(token: string, extra: Record<string, string> = {}): Record<string, string> {
  return { ...extra, Authorization: `Bearer ${token}` };
}

/** One authorised control request; never throws on an HTTP error status (see callControl). */
export async function controlRequest(ep: ControlEndpoint, method: ControlMethod, path: string, body?: unknown): Promise<ControlReply> {
  const headers = controlHeaders(ep.controlToken, body === undefined ? {} : { 'Content-Type': 'application/json' });
  const res = await fetch(`${ep.control}${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

/** One authorised control request; resolves the JSON answer, throws naming the route and the API's error otherwise. */
export async function callControl(ep: ControlEndpoint, method: ControlMethod, path: string, body?: unknown): Promise<unknown> {
  const r = await controlRequest(ep, method, path, body);
  if (r.status < 200 || r.status > 299) {
    const why = r.json !== null && typeof r.json === 'object' && typeof (r.json as { error?: unknown }).error === 'string' ? (r.json as { error: string }).error : r.text.slice(0, 200);
    throw new Error(`control ${method} ${path}: HTTP ${r.status}: ${why}`);
  }
  return r.json;
}
