import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule());

const { ShellController } = await import('../../../main/shell/controller');
const { TrayIcon, panelTheme, trayImage } = await import('../../../main/shell/tray');
const { glanceAt, trayIconState, trayMenu, trayTooltip, ringingCall, activeCall, TOOLTIP_MAX } = await import('../../../main/shell/tray-model');
const { shellStrings } = await import('../../../main/shell/strings');
const { trayIconPng } = await import('../../../main/shell/icons');
const { FakeTray, desktopFakes, resetDesktopFakes } = await import('./fake-desktop');
const { call, device, flush, line, mailbox, makeRig, put, surfaces } = await import('./shell-rig');

const en = shellStrings('en');
const hhmm = (iso: string) => iso.slice(11, 16);

async function started() {
  const rig = makeRig();
  const ui = surfaces();
  const controller = new ShellController(rig.core, ui, { formatTime: hhmm });
  await controller.start();
  const tray = new TrayIcon(controller, { platform: 'linux' });
  tray.start();
  const fake = FakeTray.created.at(-1)!;
  return { rig, ui, controller, tray, fake };
}

describe('tray model: office state → icon state, tooltip, menu', () => {
  const none = { missed: 0, doNotDisturb: false };

  it('is idle when nothing happens', () => {
    const g = glanceAt({ 'device/p': device('p', 'Reception phone'), 'line/p/1': line('p', 1, 'idle') });
    expect(trayIconState(g, none)).toBe('idle');
    expect(trayTooltip(g, none, en)).toBe('Frontdesk: All quiet');
  });

  it('ranks ringing over a device problem over a call in progress over missed calls and voicemail', () => {
    const ringing = line('p', 1, 'ringing', { remoteNumber: '0612345678', remoteName: 'Mario Rossi', remoteCompany: 'Acme & Co' });
    const connected = line('p', 2, 'connected', { remoteNumber: '201' });
    const cam = device('cam', 'Door camera', 'offline');
    const all = { 'device/p': device('p', 'Reception phone'), 'line/p/1': ringing, 'line/p/2': connected, 'device/cam': cam, 'mailbox/pbx/201': mailbox('pbx', '201', 2) };
    const attention = { missed: 3, doNotDisturb: false };
    expect(trayIconState(glanceAt(all), attention)).toBe('ringing');
    const { 'line/p/1': _r, ...noRing } = all;
    expect(trayIconState(glanceAt(noRing), attention)).toBe('problem');
    expect(trayIconState(glanceAt({ ...noRing, 'device/cam': device('cam', 'Door camera', 'auth-failed') }), attention)).toBe('problem');
    expect(trayIconState(glanceAt({ ...noRing, 'device/cam': device('cam', 'Door camera', 'disabled') }), attention)).toBe('in-call');
    const { 'line/p/2': _c, 'device/cam': _d, ...quiet } = noRing;
    expect(trayIconState(glanceAt(quiet), attention)).toBe('attention');
    expect(trayIconState(glanceAt(quiet), none)).toBe('attention'); // voicemail alone
    const { 'mailbox/pbx/201': _m, ...nothing } = quiet;
    expect(trayIconState(glanceAt(nothing), { missed: 1, doNotDisturb: false })).toBe('attention');
    expect(trayIconState(glanceAt(nothing), none)).toBe('idle');

    const tip = trayTooltip(glanceAt(all), { missed: 3, doNotDisturb: false }, en);
    expect(tip).toBe('Frontdesk: Ringing: Mario Rossi (Acme & Co) · In a call · Needs attention: Door camera · 3 missed calls · 2 new voicemails');
    expect(tip.length).toBeLessThanOrEqual(TOOLTIP_MAX);
    expect(trayTooltip(glanceAt(nothing), { missed: 0, doNotDisturb: true }, shellStrings('it'))).toBe('Frontdesk: Tutto tranquillo · Non disturbare è attivo');
  });

  it('cuts a long tooltip for Windows', () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`device/d${i}`, device(`d${i}`, `Camera number ${i}`, 'offline')]));
    const tip = trayTooltip(glanceAt(many), none, en);
    expect(tip.length).toBe(TOOLTIP_MAX);
    expect(tip.endsWith('…')).toBe(true);
  });

  it('picks the longest-ringing call to answer and the newest connected call to hang up', () => {
    const g = glanceAt({
      'line/a/1': line('a', 1, 'ringing', { since: '2026-03-02T09:00:05Z' }),
      'line/b/2': line('b', 2, 'ringing', { since: '2026-03-02T09:00:01Z' }),
      'line/a/2': line('a', 2, 'held', { since: '2026-03-02T09:00:09Z' }),
      'line/a/3': line('a', 3, 'connected', { since: '2026-03-02T08:59:00Z' }),
      'line/b/1': line('b', 1, 'connected', { since: '2026-03-02T09:00:00Z' }),
    });
    expect(ringingCall(g)).toMatchObject({ deviceId: 'b', line: 2 });
    expect(activeCall(g)).toMatchObject({ deviceId: 'b', line: 1 });
    expect(activeCall(glanceAt({ 'line/a/2': line('a', 2, 'held') }))).toMatchObject({ line: 2 });
    expect(activeCall(glanceAt({ 'line/a/1': line('a', 1, 'ringing') }))).toBeUndefined();
  });

  it('builds the menu: open, the ringing call with Accept/Reject, the last 5 calls, Do not disturb, Quit', () => {
    const g = glanceAt({ 'device/p': device('p', 'Reception phone'), 'line/p/1': line('p', 1, 'ringing', { remoteNumber: '0612345678', remoteName: 'Mario Rossi' }) });
    const recent = [
      call('c1', { number: '201', direction: 'out', startedAt: '2026-03-02T08:10:00Z' }),
      call('c2', { number: '', startedAt: '2026-03-02T08:09:00Z' }),
      call('c3', { number: '0699', missed: true, contact: { key: 'k', name: 'Ada & Bo', source: 's' }, startedAt: '2026-03-02T08:08:00Z' }),
      ...['c4', 'c5', 'c6', 'c7'].map((id, i) => call(id, { number: `55${i}`, startedAt: `2026-03-02T08:0${i}:00Z` })),
    ];
    const menu = trayMenu(g, { missed: 0, doNotDisturb: true }, recent, en, hhmm);
    const labels = menu.map((m) => (m.type === 'separator' ? '---' : m.label));
    expect(labels).toEqual([
      'Open Frontdesk',
      '---',
      'Ringing: Mario Rossi',
      'Accept',
      'Reject',
      '---',
      'Recent calls',
      'Out · 201 · 08:10',
      'Missed · Ada && Bo · 0699 · 08:08',
      'In · 550 · 08:00',
      'In · 551 · 08:01',
      'In · 552 · 08:02',
      '---',
      'Do not disturb',
      '---',
      'Quit Frontdesk',
    ]);
    expect(menu[3]).toMatchObject({ action: { kind: 'call-control', deviceId: 'p', line: 1, action: 'accept' } });
    expect(menu[4]).toMatchObject({ action: { kind: 'call-control', deviceId: 'p', line: 1, action: 'reject' } });
    expect(menu[7]).toMatchObject({ action: { kind: 'redial', number: '201' } });
    expect(menu[13]).toMatchObject({ type: 'checkbox', checked: true });
    const quiet = trayMenu(glanceAt({}), { missed: 0, doNotDisturb: false }, [], shellStrings('it'), hhmm);
    expect(quiet.map((m) => (m.type === 'separator' ? '---' : m.label))).toEqual(['Apri Frontdesk', '---', 'Nessuna chiamata recente', '---', 'Non disturbare', '---', 'Esci da Frontdesk']);
  });
});

describe('tray adapter against the fake electron', () => {
  beforeEach(() => resetDesktopFakes());

  it('shows the idle icon, then follows the office, redrawing only on change', async () => {
    const { rig, fake } = await started();
    expect(fake.image).toBe(trayImage('idle', 'light'));
    expect(fake.image.reps.map((r) => r.scaleFactor)).toEqual([1, 2]);
    expect(fake.image.reps[0]!.buffer.equals(trayIconPng('idle', 'light', 16))).toBe(true);
    expect(fake.image.reps[1]!.buffer.equals(trayIconPng('idle', 'light', 32))).toBe(true);
    const sets = fake.menuSets;
    put(rig, device('p', 'Reception phone'), line('p', 1, 'idle'));
    expect(fake.menuSets).toBe(sets);
    put(rig, line('p', 1, 'ringing', { remoteNumber: '0612345678', remoteName: 'Mario Rossi' }));
    expect(fake.image).toBe(trayImage('ringing', 'light'));
    expect(fake.tooltip).toBe('Frontdesk: Ringing: Mario Rossi');
    expect(fake.menu!.labels()).toContain('Accept');
    put(rig, line('p', 1, 'connected', { remoteNumber: '0612345678' }));
    expect(fake.image).toBe(trayImage('in-call', 'light'));
    put(rig, line('p', 1, 'idle'), device('cam', 'Door camera', 'auth-failed'));
    expect(fake.image).toBe(trayImage('problem', 'light'));
    expect(fake.tooltip).toBe('Frontdesk: Needs attention: Door camera');
  });

  it('counts missed calls until the window is looked at', async () => {
    const { rig, controller, fake } = await started();
    rig.core.events.emit('call.missed', { deviceId: 'p', deviceName: 'Reception phone', at: '2026-03-02T09:00:00Z', call: call('m1', { missed: true }) });
    expect(fake.image).toBe(trayImage('attention', 'light'));
    expect(fake.tooltip).toBe('Frontdesk: 1 missed call');
    controller.markSeen();
    expect(fake.image).toBe(trayImage('idle', 'light'));
  });

  it('Accept and Reject go through calls.control, a recent call redials through calls.dial', async () => {
    const { rig, fake } = await started();
    put(rig, device('p', 'Reception phone'), line('p', 2, 'ringing', { remoteNumber: '0612345678' }));
    fake.menu!.click('Accept');
    fake.menu!.click('Reject');
    await flush();
    expect(rig.of('calls.control')).toEqual([
      { deviceId: 'p', line: 2, action: 'accept' },
      { deviceId: 'p', line: 2, action: 'reject' },
    ]);
    rig.history = [call('c1', { number: '0655512345' })];
    rig.core.events.emit('call.ended', { deviceId: 'p', deviceName: 'Reception phone', at: '2026-03-02T09:01:00Z', call: rig.history[0]! });
    await flush();
    fake.menu!.click(/0655512345/);
    await flush();
    expect(rig.of('calls.dial')).toEqual([{ number: '0655512345' }]);
  });

  it('Do not disturb toggles the setting (and the checkbox follows), Open shows the window, Quit quits', async () => {
    const { rig, ui, fake } = await started();
    fake.menu!.click('Do not disturb');
    await flush();
    expect(rig.of('settings.update')).toEqual([{ desktop: { doNotDisturb: true } }]);
    expect(fake.menu!.items.find((i) => i.label === 'Do not disturb')?.checked).toBe(true);
    expect(fake.tooltip).toContain('Do not disturb is on');
    fake.menu!.click('Open Frontdesk');
    fake.emit('click');
    fake.menu!.click('Quit Frontdesk');
    await flush();
    expect(ui.shown).toBe(2);
    expect(ui.quits).toBe(1);
  });

  it("follows the panel theme (Windows: the taskbar's own setting)", async () => {
    const { fake } = await started();
    desktopFakes.nativeTheme.shouldUseDarkColors = true;
    desktopFakes.nativeTheme.emit('updated');
    expect(fake.image).toBe(trayImage('idle', 'dark'));
    expect(panelTheme('win32', { shouldUseDarkColors: false, shouldUseDarkColorsForSystemIntegratedUI: true })).toBe('dark');
    expect(panelTheme('win32', { shouldUseDarkColors: true, shouldUseDarkColorsForSystemIntegratedUI: false })).toBe('light');
    expect(panelTheme('darwin', { shouldUseDarkColors: true })).toBe('dark');
  });

  it('is destroyed cleanly and then ignores changes', async () => {
    const { rig, tray, fake } = await started();
    tray.destroy();
    expect(fake.destroyed).toBe(true);
    const sets = fake.imageSets;
    put(rig, line('p', 1, 'ringing'));
    expect(fake.imageSets).toBe(sets);
  });
});
