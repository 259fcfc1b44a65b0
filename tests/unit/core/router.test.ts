import { describe, expect, it } from 'vitest';
import { createRouter } from '../../../main/core/ipc/router';
import { AuthError } from '../../../main/core/driver/errors';

const logs: string[] = [];
const router = createRouter(
  {
    'app.info': () => ({ name: 'Frontdesk', version: '1', mode: 'web', demo: true, platform: 'linux' }),
    'devices.list': () => {
      throw new AuthError({ device: 'PBX', endpoint: '/rest/users', message: 'PBX: the password was refused. Fix it in Devices.' });
    },
    'office.state': async () => {
      await Promise.resolve();
      throw new Error('boom');
    },
  },
  (m) => logs.push(m),
);

describe('IPC router', () => {
  it('dispatches a valid call', async () => {
    await expect(router.dispatch('app.info', undefined)).resolves.toMatchObject({ ok: true, value: { name: 'Frontdesk', mode: 'web' } });
  });

  it('rejects unknown methods with a typed error', async () => {
    await expect(router.dispatch('app.quit', undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'unknown-method', message: 'Unknown method "app.quit".' },
    });
    await expect(router.dispatch('__proto__', undefined)).resolves.toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  it('validates input at runtime', async () => {
    const res = await router.dispatch('office.state', { sneaky: 1 });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!res.ok) expect(res.error.issues?.length).toBeGreaterThan(0);
  });

  it('maps driver errors to device errors that name the device', async () => {
    await expect(router.dispatch('devices.list', undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'device', device: 'PBX', message: 'PBX: the password was refused. Fix it in Devices.' },
    });
  });

  it('never lets an exception cross the bridge, and logs it', async () => {
    await expect(router.dispatch('office.state', undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'office.state failed: boom' },
    });
    expect(logs.some((l) => l.includes('boom'))).toBe(true);
  });
});
