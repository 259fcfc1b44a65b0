/** Click-to-call through the configured route, call control per line, and the call history. */
import type { ContractInput, ContractOutput } from '../../../shared/ipc/schemas';
import { dialString, looksLikeNumber } from '../contacts/numbers';
import type { Hub, DeviceRuntime } from '../hub/hub';
import { ConflictError, type RegistryEntry } from '../hub/registry';
import type { Handlers } from '../ipc/router';
import { UnsupportedOperationError } from '../driver/errors';

type Route = NonNullable<ContractInput<'calls.dial'>['route']>;

/** The route a call takes: the one asked for, else the setting, else the first phone, else the first Kalliope. */
export function resolveRoute(hub: Hub, asked: Route | undefined): Route {
  const r = asked ?? hub.settings().dialRoute;
  if (r) return r;
  const usable = (e: RegistryEntry) => e.config.enabled !== false;
  const phone = hub.registry.all().find((e) => e.config.kind === 'grandstream-phone' && usable(e));
  if (phone) return { kind: 'phone', deviceId: phone.config.id };
  const pbx = hub.registry.all().find((e) => e.config.kind === 'kalliope' && usable(e));
  if (pbx) return { kind: 'pbx', deviceId: pbx.config.id };
  throw new ConflictError('No device can place calls: add a Grandstream phone or a KalliopePBX in Devices, then choose it in Settings → Calls.');
}

function runtime(hub: Hub, id: string): DeviceRuntime {
  const e = hub.registry.must(id);
  const rt = hub.runtimes.get(id);
  if (!rt || rt.health === 'disabled') throw new ConflictError(`${e.config.name} is disabled. Enable it in Devices first.`);
  return rt;
}

export function callsHandlers(hub: Hub): Pick<Handlers, 'calls.dial' | 'calls.control' | 'calls.history'> {
  return {
    'calls.dial': async ({ number, route: asked }): Promise<ContractOutput<'calls.dial'>> => {
      if (!looksLikeNumber(number)) throw new RangeError(`"${number.slice(0, 40)}" is not a phone number. Search the contacts and pick a number to call.`);
      const route = resolveRoute(hub, asked);
      const rt = runtime(hub, route.deviceId);
      const c = rt.entry.config;
      if (route.kind === 'phone' && c.kind !== 'grandstream-phone') throw new ConflictError(`${c.name} is not a desk phone: choose a Grandstream phone as the call route in Settings → Calls.`);
      if (route.kind === 'pbx' && c.kind !== 'kalliope') throw new ConflictError(`${c.name} cannot place calls for you: PBX click-to-call needs a KalliopePBX.`);
      const dialled = dialString(number, hub.settings().numbering);
      const extension = route.kind === 'pbx' ? (route.extension ?? c.extension) : undefined;
      if (route.kind === 'pbx' && !extension) throw new ConflictError(`${c.name}: click-to-call needs your extension. Set it in Devices (reception extension) or in Settings → Calls.`);
      await hub.command(rt, (d, signal) => {
        if (!d.dial) throw new UnsupportedOperationError(c.name, 'dial');
        return d.dial(
          { number: dialled, ...(route.kind === 'phone' && route.account ? { account: route.account } : {}), ...(extension ? { extension } : {}) },
          { signal },
        );
      });
      hub.poke(rt.id);
      if (extension) for (const p of hub.registry.all()) if (p.config.kind === 'grandstream-phone' && p.config.extension === extension) hub.poke(p.config.id);
      return {
        route: {
          kind: route.kind,
          deviceId: rt.id,
          deviceName: c.name,
          ...(route.kind === 'phone' && route.account ? { account: route.account } : {}),
          ...(extension ? { extension } : {}),
        },
        dialled,
      };
    },

    'calls.control': async ({ deviceId, line, action }) => {
      const rt = runtime(hub, deviceId);
      const c = rt.entry.config;
      await hub.command(rt, (d, signal) => {
        if (!d.callControl) throw new UnsupportedOperationError(c.name, action, 'it has no call control');
        return d.callControl(action, line, { signal });
      });
      if (action === 'reject') hub.reducers.calls.markRejected(`line/${deviceId}/${line}`);
      hub.poke(deviceId, 'lines');
      return { ok: true as const };
    },

    'calls.history': (input) => {
      const live = hub.reducers.calls.activeCalls();
      const done = hub.history.list(input?.limit ?? 1000);
      return [...live, ...done].slice(0, input?.limit ?? 1000);
    },
  };
}
