import type { Socket } from 'node:net';
import { serveDevice, type ServedDevice } from './lib/server';
import { DEVICE_FAULTS, type Fault, type SimDevice } from './lib/types';

/**
 * A device served on its own port, with office-level fault handling on top of the FaultGate:
 * `offline` stops listening (connections are refused) and re-listens on the same port when the
 * fault is replaced or cleared; `reset` also destroys the connections that are already open.
 */
export interface OfficeServed {
  readonly device: SimDevice;
  readonly served: ServedDevice;
  readonly url: string;
  readonly port: number;
  /** Generic fault held by the gate (offline/slow/error500/malformed/truncated/reset/huge-body), if any. */
  readonly fault: Fault | null;
  /** Device-specific fault (auth-expired/license-expired/lockout/bad-snapshot) applied and not yet cleared. */
  readonly deviceFault: Fault | null;
  readonly offline: boolean;
  /** Set (or with null, clear) a fault. Resolves false when the kind does not apply to this device. */
  setFault(fault: Fault | null): Promise<boolean>;
  close(): Promise<void>;
}

export async function serveOfficeDevice(device: SimDevice, port = 0): Promise<OfficeServed> {
  const served = await serveDevice(device, port);
  const server = served.server;
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  let offline = false;
  let closed = false;
  let deviceFault: Fault | null = null;
  // serialise fault changes: listen/close are asynchronous
  let chain: Promise<unknown> = Promise.resolve();

  const destroyAll = (): void => {
    for (const s of sockets) s.destroy();
  };
  const stopListening = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      destroyAll();
    });
  const startListening = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const onError = (e: Error): void => reject(new Error(`device ${device.id}: cannot listen again on port ${served.port}: ${e.message}`));
      server.once('error', onError);
      server.listen(served.port, '127.0.0.1', () => {
        server.off('error', onError);
        resolve();
      });
    });

  const apply = async (fault: Fault | null): Promise<boolean> => {
    if (closed) throw new Error(`device ${device.id} is closed`);
    if (fault && DEVICE_FAULTS.has(fault.kind)) {
      if (!served.gate.set(fault)) return false;
      deviceFault = fault;
      return true;
    }
    if (fault?.kind === 'offline') {
      served.gate.set(fault);
      if (!offline) {
        offline = true;
        await stopListening();
      }
      return true;
    }
    if (offline) {
      await startListening();
      offline = false;
    }
    served.gate.set(fault);
    if (fault === null) deviceFault = null;
    if (fault?.kind === 'reset') destroyAll();
    return true;
  };

  return {
    device,
    served,
    url: served.url,
    port: served.port,
    get fault() {
      return served.gate.fault;
    },
    get deviceFault() {
      return deviceFault;
    },
    get offline() {
      return offline;
    },
    setFault(fault) {
      const p = chain.then(() => apply(fault));
      chain = p.catch(() => undefined);
      return p;
    },
    async close() {
      await chain;
      if (closed) return;
      closed = true;
      await served.close();
    },
  };
}
