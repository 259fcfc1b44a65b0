import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule());

import type { CallEvent } from '../../../shared/office';
import { DEFAULT_DESKTOP, type DesktopSettings } from '../../../main/core/persistence/stores';
const { NotificationPolicy, describe: describeEvent } = await import('../../../main/shell/notify-policy');
const { DesktopNotifier, notificationOptions, supportsNotificationActions } = await import('../../../main/shell/notifications');
const { ShellController } = await import('../../../main/shell/controller');
const { shellStrings } = await import('../../../main/shell/strings');
const { redactSecrets } = await import('../../../main/shell/core-port');
const { FakeNotification, resetDesktopFakes } = await import('./fake-desktop');
const { call, flush, makeRig, surfaces } = await import('./shell-rig');

const en = shellStrings('en');
const hhmm = (iso: string) => iso.slice(11, 16);
const at = '2026-03-02T09:00:00.000Z';

function incoming(deviceId = 'phone-1', id = 'c1', extra: Partial<CallEvent['call']> = {}): CallEvent {
  return {
    deviceId,
    deviceName: deviceId === 'phone-1' ? 'Reception phone' : 'Back office phone',
    at,
    call: call(id, { deviceId, line: 2, number: '0612345678', name: 'ROSSI M', contact: { key: 'k', name: 'Mario Rossi', company: 'Acme S.p.A.', source: 'pbx' }, endedAt: undefined, ...extra }),
  };
}

function settings(patch: Partial<DesktopSettings> = {}, notifications: Partial<DesktopSettings['notifications']> = {}): DesktopSettings {
  return { ...DEFAULT_DESKTOP, ...patch, notifications: { ...DEFAULT_DESKTOP.notifications, ...notifications } };
}

describe('notification choice', () => {
  it('says who calls: contact name, company and number, on which phone, with Accept and Reject', () => {
    const spec = describeEvent('call.incoming', incoming(), en, hhmm);
    expect(spec).toMatchObject({
      kind: 'incoming',
      title: 'Incoming call: Mario Rossi',
      body: 'Acme S.p.A. · 0612345678 · on Reception phone',
      actions: ['accept', 'reject'],
      call: { id: 'c1', deviceId: 'phone-1', line: 2, number: '0612345678' },
      urgency: 'critical',
    });
    const unknown = incoming('phone-1', 'c2', { contact: undefined, name: '' });
    expect(describeEvent('call.incoming', unknown, en, hhmm)).toMatchObject({ title: 'Incoming call: 0612345678', body: 'on Reception phone' });
    expect(describeEvent('call.incoming', incoming('phone-1', 'c3', { direction: 'out' }), en, hhmm)).toBeUndefined();
  });

  it('covers missed calls, new voicemail, offline and auth failures, camera motion with the snapshot', () => {
    expect(describeEvent('call.missed', incoming(), en, hhmm)).toMatchObject({ kind: 'missed', title: 'Missed call', body: 'Mario Rossi (Acme S.p.A.) · 0612345678 · 09:00' });
    expect(describeEvent('voicemail.new', { deviceId: 'pbx', deviceName: 'PBX', at, mailbox: '201', new: 3, previous: 2 }, en, hhmm)).toMatchObject({ kind: 'voicemail', body: 'Mailbox 201 on PBX: 3 new' });
    expect(describeEvent('voicemail.new', { deviceId: 'pbx', deviceName: 'PBX', at, mailbox: '201', new: 1, previous: 2 }, en, hhmm)).toBeUndefined();
    expect(describeEvent('device.offline', { deviceId: 'cam', deviceName: 'Door camera', at }, en, hhmm)).toMatchObject({ kind: 'device', title: 'Door camera is offline' });
    expect(describeEvent('device.authFailed', { deviceId: 'cam', deviceName: 'Door camera', at, problem: 'Door camera refused admin.' }, en, hhmm)).toMatchObject({ kind: 'device', title: 'Door camera refused the sign-in', body: 'Door camera refused admin.' });
    expect(describeEvent('camera.motion', { deviceId: 'cam', deviceName: 'Door camera', at, motion: true, alarmInputs: [] }, en, hhmm)).toMatchObject({ kind: 'motion', snapshotOf: 'cam', body: 'Seen at 09:00' });
    expect(describeEvent('camera.motion', { deviceId: 'cam', deviceName: 'Door camera', at, motion: false, alarmInputs: [] }, en, hhmm)).toBeUndefined();
    expect(describeEvent('device.online', { deviceId: 'cam', deviceName: 'Door camera', at }, en, hhmm)).toBeUndefined();
    expect(describeEvent('office.patch', { revision: 1, set: {}, unset: [] }, en, hhmm)).toBeUndefined();
  });

  it('never puts a credential in a notification', () => {
    const problem = 'Could not reach http://admin:Recept!2024@10.0.0.5/cgi-bin/api?passcode=1&password=hunter22 (token: abc123)';
    const spec = describeEvent('device.offline', { deviceId: 'p', deviceName: 'Phone', at, problem }, en, hhmm);
    expect(spec?.body).not.toMatch(/Recept!2024|hunter22|abc123|admin:/);
    expect(spec?.body).toContain('http://10.0.0.5/cgi-bin/api');
    expect(redactSecrets('sid=7f3a; user=admin')).toBe('sid=***; user=admin');
  });

  it('respects each kind switch and Do not disturb', () => {
    const policy = new NotificationPolicy({ now: () => 0 });
    expect(policy.decide('call.incoming', incoming(), settings({}, { incoming: false }), en, hhmm)).toEqual({ drop: 'off' });
    expect(policy.decide('call.incoming', incoming(), settings({ doNotDisturb: true }), en, hhmm)).toEqual({ drop: 'dnd' });
    expect(policy.decide('camera.motion', { deviceId: 'c', deviceName: 'C', at, motion: true, alarmInputs: [] }, settings({}, { motion: false }), en, hhmm)).toEqual({ drop: 'off' });
    expect(policy.decide('call.incoming', incoming(), settings(), en, hhmm)).toHaveProperty('show');
  });

  it('coalesces bursts: at most one per device and kind every 5 s', () => {
    let now = 1_000_000;
    const policy = new NotificationPolicy({ now: () => now });
    const s = settings();
    const offline = (id: string) => ({ deviceId: id, deviceName: id, at });
    expect(policy.decide('device.offline', offline('a'), s, en, hhmm)).toHaveProperty('show');
    now += 1000;
    expect(policy.decide('device.authFailed', offline('a'), s, en, hhmm)).toEqual({ drop: 'coalesced' });
    expect(policy.decide('device.offline', offline('b'), s, en, hhmm)).toHaveProperty('show');
    expect(policy.decide('call.missed', incoming('a'), s, en, hhmm)).toHaveProperty('show');
    now += 3999;
    expect(policy.decide('device.offline', offline('a'), s, en, hhmm)).toEqual({ drop: 'coalesced' });
    now += 1;
    expect(policy.decide('device.offline', offline('a'), s, en, hhmm)).toHaveProperty('show');
    // Dropped by a switch or DND does not start a window.
    const p2 = new NotificationPolicy({ now: () => now });
    expect(p2.decide('device.offline', offline('c'), settings({ doNotDisturb: true }), en, hhmm)).toEqual({ drop: 'dnd' });
    expect(p2.decide('device.offline', offline('c'), s, en, hhmm)).toHaveProperty('show');
  });
});

describe('notifications against the fake electron', () => {
  beforeEach(() => resetDesktopFakes());

  async function setup(platform: NodeJS.Platform) {
    const rig = makeRig();
    const ui = surfaces();
    const controller = new ShellController(rig.core, ui, { formatTime: hhmm });
    await controller.start();
    let now = 0;
    const notifier = new DesktopNotifier(rig.core, controller, { platform, now: () => now });
    notifier.start();
    return { rig, ui, controller, notifier, advance: (ms: number) => (now += ms) };
  }

  it('offers Accept/Reject buttons on macOS and Windows only', () => {
    expect(supportsNotificationActions('darwin')).toBe(true);
    expect(supportsNotificationActions('win32')).toBe(true);
    expect(supportsNotificationActions('linux')).toBe(false);
    const spec = describeEvent('call.incoming', incoming(), en, hhmm)!;
    expect(notificationOptions(spec, { platform: 'win32', accept: 'Accept', reject: 'Reject' })).toMatchObject({
      actions: [
        { type: 'button', text: 'Accept' },
        { type: 'button', text: 'Reject' },
      ],
      timeoutType: 'never',
      silent: false,
    });
    expect(notificationOptions(spec, { platform: 'linux', accept: 'Accept', reject: 'Reject' })).not.toHaveProperty('actions');
  });

  it('Accept on the notification answers that line through the contract; answering elsewhere closes it', async () => {
    const { rig } = await setup('win32');
    rig.core.events.emit('call.incoming', incoming());
    await flush();
    const n = FakeNotification.shown[0]!;
    expect(n.options.title).toBe('Incoming call: Mario Rossi');
    n.press(0);
    await flush();
    expect(rig.of('calls.control')).toEqual([{ deviceId: 'phone-1', line: 2, action: 'accept' }]);
    rig.core.events.emit('call.answered', incoming());
    expect(n.closed).toBe(true);
    rig.core.events.emit('call.incoming', incoming('phone-2', 'c9'));
    await flush();
    FakeNotification.shown[1]!.press(1);
    await flush();
    expect(rig.of('calls.control').at(-1)).toEqual({ deviceId: 'phone-2', line: 2, action: 'reject' });
  });

  it('clicking opens Frontdesk (Linux has no buttons)', async () => {
    const { rig, ui } = await setup('linux');
    rig.core.events.emit('call.incoming', incoming());
    await flush();
    const n = FakeNotification.shown[0]!;
    expect(n.options.actions).toBeUndefined();
    n.emit('click');
    expect(ui.shown).toBe(1);
  });

  it('shows the camera snapshot with a motion notification', async () => {
    const { rig } = await setup('linux');
    rig.core.events.emit('camera.motion', { deviceId: 'cam-1', deviceName: 'Door camera', at, motion: true, alarmInputs: [] });
    await flush();
    await flush();
    expect(rig.of('cameras.snapshot')).toEqual([{ deviceId: 'cam-1' }]);
    expect(FakeNotification.shown[0]!.options.icon?.source).toMatch(/^data:image\/jpeg/);
  });

  it('follows Settings: DND and a switched-off kind show nothing; a burst shows one', async () => {
    const { rig, advance } = await setup('linux');
    rig.core.events.emit('device.offline', { deviceId: 'cam', deviceName: 'Door camera', at });
    rig.core.events.emit('device.offline', { deviceId: 'cam', deviceName: 'Door camera', at });
    rig.core.events.emit('device.authFailed', { deviceId: 'cam', deviceName: 'Door camera', at });
    await flush();
    expect(FakeNotification.shown).toHaveLength(1);
    advance(6000);
    await rig.core.router.dispatch('settings.update', { desktop: { doNotDisturb: true } });
    await flush();
    rig.core.events.emit('call.incoming', incoming());
    rig.core.events.emit('device.offline', { deviceId: 'cam', deviceName: 'Door camera', at });
    await flush();
    expect(FakeNotification.shown).toHaveLength(1);
    await rig.core.router.dispatch('settings.update', { desktop: { doNotDisturb: false, notifications: { incoming: false } } });
    await flush();
    rig.core.events.emit('call.incoming', incoming());
    rig.core.events.emit('call.missed', incoming());
    await flush();
    expect(FakeNotification.shown.map((n) => n.options.title)).toEqual(['Door camera is offline', 'Missed call']);
  });

  it('shows nothing where the OS has no notifications', async () => {
    FakeNotification.supported = false;
    const { rig } = await setup('linux');
    rig.core.events.emit('call.incoming', incoming());
    await flush();
    expect(FakeNotification.shown).toHaveLength(0);
  });
});
