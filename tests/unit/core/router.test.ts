import { describe, expect, it } from 'vitest';
import { createRouter } from '../../../main/core/ipc/router';
import { AuthError, UnsupportedOperationError } from '../../../main/core/driver/errors';
import { ConflictError, NotFoundError } from '../../../main/core/hub/registry';

const logs: string[] = [];
const router = createRouter(
  [
    { 'app.info': () => ({ name: 'Frontdesk', version: '1', mode: 'web', demo: true, platform: 'linux', secretProtection: 'memory' }) },
    {
      'devices.list': () => {
        throw new AuthError({ device: 'PBX', endpoint: '/rest/users', message: 'PBX: the password was refused. Fix it in Devices.' });
      },
      'office.state': async () => {
        await Promise.resolve();
        throw new Error('boom');
      },
      'devices.remove': () => {
        throw new NotFoundError('ghost');
      },
      'devices.refresh': () => {
        throw new ConflictError('Lobby phone is disabled. Enable it in Devices first.');
      },
      'cameras.ptz': () => {
        throw new UnsupportedOperationError('Entrance', 'pan/tilt/zoom');
      },
    },
  ],
  { log: (m) => logs.push(m), validateOutput: true },
);

describe('IPC router', () => {
  it('dispatches a valid call', async () => {
    await expect(router.dispatch('app.info', undefined)).resolves.toMatchObject({ ok: true, value: { name: 'Frontdesk', mode: 'web' } });
  });

  it('rejects unknown methods, and contract methods nobody registered, with a typed error', async () => {
    await expect(router.dispatch('app.quit', undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'unknown-method', message: 'Unknown method "app.quit".' },
    });
    await expect(router.dispatch('__proto__', undefined)).resolves.toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    await expect(router.dispatch('calls.dial', { number: '123' })).resolves.toMatchObject({ ok: false, error: { code: 'unknown-method', message: '"calls.dial" is not available here.' } });
    expect(router.methods).toEqual(['app.info', 'office.state', 'devices.list', 'devices.remove', 'devices.refresh', 'cameras.ptz']);
  });

  it('refuses a method registered twice', () => {
    expect(() => createRouter([{ 'app.info': () => ({ name: '', version: '', mode: 'web', demo: false, platform: '', secretProtection: 'os' }) }, { 'app.info': () => ({ name: '', version: '', mode: 'web', demo: false, platform: '', secretProtection: 'os' }) }])).toThrow(
      /registered twice/,
    );
  });

  it('validates input at runtime and names each bad field', async () => {
    const res = await router.dispatch('office.state', { sneaky: 1 });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const bad = await router.dispatch('devices.remove', { id: '../etc' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input', issues: ['id: may hold only letters, digits, dot, dash and underscore'] } });
  });

  it('maps typed errors: device, not-found, conflict, unsupported', async () => {
    await expect(router.dispatch('devices.list', undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'device', device: 'PBX', kind: 'auth', message: 'PBX: the password was refused. Fix it in Devices.' },
    });
    await expect(router.dispatch('devices.remove', { id: 'ghost' })).resolves.toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('"ghost"') } });
    await expect(router.dispatch('devices.refresh', { id: 'lobby' })).resolves.toMatchObject({ ok: false, error: { code: 'conflict' } });
    await expect(router.dispatch('cameras.ptz', { deviceId: 'cam', action: 'up' })).resolves.toMatchObject({ ok: false, error: { code: 'unsupported', device: 'Entrance' } });
  });

  it('never lets an exception cross the bridge, and logs it', async () => {
    await expect(router.dispatch('office.state', undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'office.state failed: boom' },
    });
    expect(logs.some((l) => l.includes('boom'))).toBe(true);
  });

  it('with output validation, an answer outside the contract is an internal error', async () => {
    const r = createRouter([{ 'office.state': () => ({ revision: -1, entities: {} }) }], { validateOutput: true });
    await expect(r.dispatch('office.state', undefined)).resolves.toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('outside the contract') } });
  });
});
