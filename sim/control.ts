import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { publicManifest, refuseControlRequest } from './lib/control-auth';
import { readBody, sendJson } from './lib/server';
import { FAULT_KINDS, type CameraControl, type Fault, type FaultKind, type Manifest, type PhoneControl, type SimDevice, type VoicemailControl } from './lib/types';
import type { OfficeServed } from './office-serve';

/**
 * The simulated office's control API: JSON over HTTP on its own 127.0.0.1 port.
 *
 * Auth (public contract): every request must send `Authorization: Bearer <controlToken>`, a random
 * token made for each run (RunningOffice.controlToken; "controlToken" in the 0600 manifest file of
 * `npm run sim` and in the web harness's first JSON line); without it, or with a wrong one → 401.
 * `Host` must be 127.0.0.1:PORT or localhost:PORT of this server (else 421, against DNS
 * rebinding) and `Origin`, when sent, must be this server's own origin (else 403, so no web page
 * can drive it). No CORS headers are ever sent. Clients: sim/lib/control-client.ts.
 *
 *   GET    /manifest                    → Manifest without any password, secret or token
 *   GET    /devices                     → [{id, kind, name, url, fault, deviceFault, offline, requests}]
 *   GET    /devices/{id}/state          → {id, kind, name, url, fault, deviceFault, offline, requests, state}
 *   POST   /devices/{id}/fault          {"kind", "ms"?} → {"ok":true, "fault":{...}}
 *   DELETE /devices/{id}/fault          → {"ok":true}
 *   POST   /phones/{id}/ring            {"number", "name"?} → {"line": n}
 *   POST   /phones/{id}/remote-hangup   {"line"} → {"ok":true}
 *   POST   /voicemail/{mailbox}/leave   {"urgent"?} → {"ok":true, "device": id}
 *   POST   /cameras/{id}/motion         {"active": bool} → {"ok":true}
 *   POST   /cameras/{id}/alarm-input    {"index", "alarming": bool} → {"ok":true}
 *
 * `requests` counts the HTTP requests the device's port received since the office started, faulted
 * ones included (connections refused while `offline` never arrive).
 *
 * Fault kinds (sim/lib/types.ts FAULT_KINDS; one fault at a time per device, DELETE clears it):
 *   offline          the port stops listening: connections are refused (open ones are closed)
 *   slow             every answer waits `ms` (default 3000) first
 *   error500         HTTP 500 to everything
 *   malformed        HTTP 200 with a body that is no format at all
 *   truncated        HTTP 200 whose body stops short of its Content-Length, then the socket closes
 *   reset            every connection is destroyed as a request arrives
 *   huge-body        HTTP 200 streaming 50 MiB without a Content-Length
 *   auth-expired     device-specific: sessions end (phones, GSC36xx cameras) or the credentials are
 *                    refused until cleared (GXV cameras, KalliopePBX, NethVoice)
 *   license-expired  KalliopePBX only: the license reads expired until cleared
 *   lockout          Grandstream phones with a login (challenge and SHA-256 families): every session
 *                    ends and the admin login is locked for `ms` (default 60000) or until cleared
 *   bad-snapshot     cameras only: snapshots answer 200 image/jpeg with a body that is not a JPEG
 *
 * Errors are {"error":"..."}: 400 bad JSON/fields or a fault kind that does not apply, 401 missing
 * or wrong token, 403 foreign Origin, 404 unknown route/device/mailbox, 405 wrong method,
 * 409 a call state that does not allow it, 421 a Host that is not this server.
 */
export interface ControlOffice {
  manifest(): Manifest;
  get(id: string): OfficeServed | undefined;
  all(): OfficeServed[];
}

export interface ControlServer {
  url: string;
  port: number;
  /** The bearer token every request must carry. */
  token: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Json = Record<string, unknown>;
type Handler = (params: string[], body: () => Promise<Json>) => Promise<unknown> | unknown;

export function isPhone(d: SimDevice): d is SimDevice & PhoneControl {
  const p = d as Partial<PhoneControl>;
  return typeof p.ring === 'function' && typeof p.remoteHangup === 'function';
}
export function isCamera(d: SimDevice): d is SimDevice & CameraControl {
  return typeof (d as Partial<CameraControl>).setMotion === 'function';
}
export function isVoicemail(d: SimDevice): d is SimDevice & VoicemailControl {
  return typeof (d as Partial<VoicemailControl>).leaveVoicemail === 'function';
}

function describeDevice(o: OfficeServed): Json {
  return { id: o.device.id, kind: o.device.kind, name: o.device.name, url: o.url, fault: o.fault, deviceFault: o.deviceFault, offline: o.offline, requests: o.served.gate.requests };
}

export async function startControlServer(office: ControlOffice, token: string, port = 0): Promise<ControlServer> {
  if (token.length < 16) throw new Error('the control API needs a random token of at least 16 characters');
  const need = (id: string): OfficeServed => {
    const o = office.get(id);
    if (!o) throw new HttpError(404, `unknown device "${id}"`);
    return o;
  };
  const phone = (id: string): PhoneControl => {
    const d = need(id).device;
    if (!isPhone(d)) throw new HttpError(400, `device "${id}" is a ${d.kind}, not a phone`);
    return d;
  };
  const camera = (id: string): CameraControl => {
    const d = need(id).device;
    if (!isCamera(d)) throw new HttpError(400, `device "${id}" is a ${d.kind}, not a camera`);
    return d;
  };

  const routes: { method: string; re: RegExp; run: Handler }[] = [
    { method: 'GET', re: /^\/manifest$/, run: () => publicManifest(office.manifest()) },
    { method: 'GET', re: /^\/devices$/, run: () => office.all().map(describeDevice) },
    {
      method: 'GET',
      re: /^\/devices\/([^/]+)\/state$/,
      run: ([id]) => {
        const o = need(id ?? '');
        return { ...describeDevice(o), state: o.device.state() };
      },
    },
    {
      method: 'POST',
      re: /^\/devices\/([^/]+)\/fault$/,
      run: async ([id], body) => {
        const o = need(id ?? '');
        const fault = parseFault(await body());
        const ok = await o.setFault(fault);
        if (!ok) throw new HttpError(400, `fault "${fault.kind}" does not apply to device "${o.device.id}" (${o.device.kind})`);
        return { ok: true, fault };
      },
    },
    {
      method: 'DELETE',
      re: /^\/devices\/([^/]+)\/fault$/,
      run: async ([id]) => {
        await need(id ?? '').setFault(null);
        return { ok: true };
      },
    },
    {
      method: 'POST',
      re: /^\/phones\/([^/]+)\/ring$/,
      run: async ([id], body) => {
        const p = phone(id ?? '');
        const b = await body();
        const number = typeof b['number'] === 'number' ? String(b['number']) : b['number'];
        if (typeof number !== 'string' || number.trim() === '') throw new HttpError(400, '"number" must be a non-empty string');
        const name = b['name'];
        if (name !== undefined && typeof name !== 'string') throw new HttpError(400, '"name" must be a string');
        let line: number;
        try {
          line = p.ring(number.trim(), name);
        } catch (e) {
          throw new HttpError(409, `phone "${id}" cannot ring: ${e instanceof Error ? e.message : String(e)}`);
        }
        if (!Number.isInteger(line) || line < 1) throw new HttpError(409, `phone "${id}" has no free line`);
        return { line };
      },
    },
    {
      method: 'POST',
      re: /^\/phones\/([^/]+)\/remote-hangup$/,
      run: async ([id], body) => {
        const p = phone(id ?? '');
        const raw = (await body())['line'];
        const line = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw;
        if (typeof line !== 'number' || !Number.isInteger(line) || line < 1) throw new HttpError(400, '"line" must be a positive integer');
        if (!p.remoteHangup(line)) throw new HttpError(409, `phone "${id}" has no call on line ${line}`);
        return { ok: true };
      },
    },
    {
      method: 'POST',
      re: /^\/voicemail\/([^/]+)\/leave$/,
      run: async ([mailbox], body) => {
        const urgent = (await body())['urgent'] ?? false;
        if (typeof urgent !== 'boolean') throw new HttpError(400, '"urgent" must be true or false');
        for (const o of office.all()) {
          if (isVoicemail(o.device) && o.device.leaveVoicemail(mailbox ?? '', urgent)) return { ok: true, device: o.device.id };
        }
        throw new HttpError(404, `no PBX in this office has a voicemail box "${mailbox ?? ''}"`);
      },
    },
    {
      method: 'POST',
      re: /^\/cameras\/([^/]+)\/motion$/,
      run: async ([id], body) => {
        const c = camera(id ?? '');
        const active = (await body())['active'];
        if (typeof active !== 'boolean') throw new HttpError(400, '"active" must be true or false');
        c.setMotion(active);
        return { ok: true };
      },
    },
    {
      method: 'POST',
      re: /^\/cameras\/([^/]+)\/alarm-input$/,
      run: async ([id], body) => {
        const c = camera(id ?? '');
        const b = await body();
        const index = b['index'];
        if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) throw new HttpError(400, '"index" must be an integer >= 0');
        if (typeof b['alarming'] !== 'boolean') throw new HttpError(400, '"alarming" must be true or false');
        try {
          c.setAlarmInput(index, b['alarming']);
        } catch (e) {
          throw new HttpError(400, e instanceof Error ? e.message : String(e));
        }
        return { ok: true };
      },
    },
  ];

  let bound = 0;
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const refusal = refuseControlRequest(req.headers, bound, token);
    if (refusal) {
      if (refusal.status === 401) res.setHeader('WWW-Authenticate', 'Bearer realm="simulated office control"');
      req.resume();
      throw new HttpError(refusal.status, refusal.error);
    }
    const path = new URL(req.url ?? '/', 'http://control').pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    const matching = routes.filter((r) => r.re.test(path));
    const route = matching.find((r) => r.method === method);
    if (!route) {
      if (matching.length > 0) {
        res.setHeader('Allow', matching.map((r) => r.method).join(', '));
        throw new HttpError(405, `${method} is not allowed on ${path}`);
      }
      throw new HttpError(404, `no such control route: ${method} ${path}`);
    }
    const params = (route.re.exec(path) ?? []).slice(1).map((s) => decode(s ?? ''));
    let cached: Json | undefined;
    const body = async (): Promise<Json> => {
      if (cached) return cached;
      const buf = await readBody(req, 64 * 1024).catch(() => {
        throw new HttpError(400, 'request body too large');
      });
      const text = buf.toString('utf8').trim();
      if (text === '') return (cached = {});
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch {
        throw new HttpError(400, 'request body is not valid JSON');
      }
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400, 'request body must be a JSON object');
      return (cached = v as Json);
    };
    const out = await route.run(params, body);
    sendJson(res, 200, out);
  };

  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof HttpError ? e.status : 500;
      sendJson(res, status, { error: e instanceof Error ? e.message : String(e) });
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new HttpError(400, `bad URL encoding: ${s}`);
  }
}

function parseFault(b: Json): Fault {
  const kind = b['kind'];
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new HttpError(400, `"kind" must be one of ${FAULT_KINDS.join(', ')}`);
  }
  const fault: Fault = { kind: kind as FaultKind };
  const ms = b['ms'];
  if (ms !== undefined) {
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > 600_000) throw new HttpError(400, '"ms" must be a number of milliseconds between 0 and 600000');
    fault.ms = ms;
  }
  return fault;
}
