/**
 * Devices, through the UI in Chromium against the web harness (issue 8, "Done when" 7 and 8), plus
 * the frame's keyboard navigation and the voicemail badge. Each flow checks the UI and the
 * simulator's or the hub's state.
 */
import { expect, test, type Page } from 'playwright/test';
import { control, controlEndpoint, startHarness, type RunningHarness } from './harness';
import { hub, officePassword, openOffice, shootBoth, startOwnOffice, type OwnOffice } from './frame-helpers';

interface PhoneState {
  state: { sessions: number; lines: { line: number; state: string }[] };
}

test.describe('a PBX taken offline by a fault, the rest keeps working (flow 8), keyboard and badge', () => {
  let harness: RunningHarness;
  test.beforeAll(async () => {
    harness = await startHarness(['--demo']);
  });
  test.afterAll(async () => {
    await harness?.stop();
  });

  test('the navigation is one Tab stop with arrows; / focuses the section search; the voicemail badge follows the mailboxes', async ({ page }) => {
    const total = await openOffice(page, harness.info);
    const nav = page.getByRole('navigation', { name: 'Sections' });
    const calls = nav.getByRole('button', { name: 'Calls' });
    await expect(calls).toHaveAttribute('aria-current', 'page');
    // Only the current section is in the Tab order.
    await expect(nav.locator('button[tabindex="0"]')).toHaveCount(1);
    await calls.focus();
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowDown');
    await expect(nav.getByRole('button', { name: 'Devices' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Devices', level: 1 })).toBeVisible();
    await expect(nav.getByRole('button', { name: 'Devices' })).toHaveAttribute('aria-current', 'page');
    await page.keyboard.press('End');
    await expect(nav.getByRole('button', { name: 'Settings' })).toBeFocused();
    await page.keyboard.press('Home');
    await expect(calls).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(nav.getByRole('button', { name: 'Settings' })).toBeFocused();

    // "/" from anywhere outside a field focuses the shown section's search box.
    await nav.getByRole('button', { name: 'Devices' }).focus();
    await page.keyboard.press('/');
    const filter = page.getByRole('searchbox', { name: 'Filter devices' });
    await expect(filter).toBeFocused();
    await page.keyboard.type('parcheggio');
    await expect(page.locator('tbody tr[data-testid^="device-"]')).toHaveCount(1);
    await expect(page.getByTestId('device-cam-parking')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.locator('tbody tr[data-testid^="device-"]')).toHaveCount(total);

    // The badge is the sum of new messages over the mailboxes; a new voicemail raises it.
    const ep = controlEndpoint(harness.info);
    const newCount = async () => {
      const s = await hub(page, 'office.state');
      return Object.values(s.entities).reduce((n, e) => n + (e.type === 'mailbox' && typeof e.new === 'number' ? e.new : 0), 0);
    };
    await expect.poll(newCount, { timeout: 20_000 }).toBeGreaterThan(-1);
    const before = await newCount();
    const badge = page.getByTestId('nav-voicemail-badge');
    if (before > 0) await expect(badge).toHaveText(String(before));
    else await expect(badge).toHaveCount(0);
    await control(ep, 'POST', '/voicemail/200/leave', {});
    await expect(badge).toHaveText(String(before + 1), { timeout: 30_000 });
    expect(await newCount()).toBe(before + 1);
    await expect(nav.getByRole('button', { name: /Voicemail/ })).toHaveAccessibleName(before + 1 === 1 ? 'Voicemail 1 new message' : `Voicemail ${before + 1} new messages`);
    await shootBoth(page, 'frame-devices-badge');
  });

  test('the KalliopePBX goes offline: the UI says so, the other devices stay online and answer', async ({ page }) => {
    const ep = controlEndpoint(harness.info);
    const total = await openOffice(page, harness.info);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Devices' }).click();
    const kalliope = (await hub(page, 'devices.list')).find((d) => d.config.kind === 'kalliope')!;
    const row = page.getByTestId(`device-${kalliope.config.id}`);
    await expect(row).toContainText('Online');

    const faultAt = Date.now();
    await control(ep, 'POST', `/devices/${kalliope.config.id}/fault`, { kind: 'offline' });
    await expect(row).toContainText('Offline', { timeout: 30_000 });
    await expect(row.locator('.problem')).toContainText(kalliope.config.name);
    await expect(page.getByTestId('status-summary')).toHaveText(`1 of ${total} devices need attention: ${kalliope.config.name}`);
    const sim = (await control(ep, 'GET', `/devices/${kalliope.config.id}/state`)) as { offline: boolean };
    expect(sim.offline).toBe(true);

    // Every other device stays online and keeps being polled.
    const others = (await hub(page, 'devices.list')).filter((d) => d.config.id !== kalliope.config.id);
    expect(others).toHaveLength(total - 1);
    for (const d of others) await expect(page.getByTestId(`device-${d.config.id}`)).toContainText('Online');
    await expect
      .poll(async () => {
        const list = await hub(page, 'devices.list');
        return list.filter((d) => d.config.id !== kalliope.config.id && d.lastSeen && Date.parse(d.lastSeen) > faultAt).length;
      }, { timeout: 30_000 })
      .toBe(total - 1);
    await shootBoth(page, 'devices-pbx-offline');

    // A call on the reception phone still reaches the hub while the PBX is down.
    const ring = (await control(ep, 'POST', '/phones/phone-reception/ring', { number: '+39 031 274 1100' })) as { line: number };
    await expect
      .poll(async () => {
        const s = await hub(page, 'office.state');
        return Object.values(s.entities).some((e) => e.type === 'line' && e.deviceId === 'phone-reception' && e.state === 'ringing');
      }, { timeout: 15_000 })
      .toBe(true);
    await control(ep, 'POST', '/phones/phone-reception/remote-hangup', { line: ring.line });
    const phone = (await control(ep, 'GET', '/devices/phone-reception/state')) as PhoneState;
    expect(phone.state.sessions).toBeGreaterThan(0);

    await control(ep, 'DELETE', `/devices/${kalliope.config.id}/fault`);
    await expect(row).toContainText('Online', { timeout: 30_000 });
    await expect(page.getByTestId('status-summary')).toHaveText(`All ${total} devices online`, { timeout: 30_000 });
  });
});

test.describe('add a device with a wrong password, then fix it (flow 7)', () => {
  let harness: RunningHarness;
  let office: OwnOffice;
  test.beforeAll(async () => {
    [harness, office] = await Promise.all([startHarness(['--demo']), startOwnOffice()]);
  });
  test.afterAll(async () => {
    await Promise.all([harness?.stop(), office?.stop()]);
  });

  const zoeState = async () => ((await control(office, 'GET', '/devices/phone-zoe/state')) as PhoneState).state;

  async function field(page: Page, label: string) {
    return page.getByRole('form').getByLabel(label, { exact: true });
  }

  test('a clear auth error, then online after fixing the password', async ({ page }) => {
    const zoe = office.manifest.devices.find((d) => d.id === 'phone-zoe')!;
    const password = officePassword('phone-zoe');
    expect(zoe.password).toBe(password);
    await openOffice(page, harness.info);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Devices' }).click();
    await page.getByRole('button', { name: 'Add device' }).first().click();
    const form = page.getByRole('form', { name: 'Add a device' });
    await expect(form).toBeVisible();
    await expect(form.getByLabel('Device type')).toBeFocused();
    await expect(form.getByText('Adding your first device ends the demo office')).toBeVisible();

    // Client-side checks, before anything reaches the hub.
    await form.getByRole('button', { name: 'Add device' }).click();
    await expect(form.getByText('Name is required.')).toBeVisible();
    await expect(form.getByText('Address is required.')).toBeVisible();
    await expect(form.getByText('Password is required.')).toBeVisible();
    await expect(await field(page, 'Name')).toBeFocused();
    await expect(await field(page, 'Name')).toHaveAttribute('aria-invalid', 'true');

    await (await field(page, 'Name')).fill('Zoë desk phone');
    const u = new URL(zoe.url);
    await (await field(page, 'Address')).fill(`http://admin:secret@${u.host}`);
    await expect(form.getByText('Leave the user name and password out of the address')).toBeVisible();
    await (await field(page, 'Address')).fill(zoe.url);
    await (await field(page, 'User name')).fill(zoe.username);
    await (await field(page, 'Password')).fill('not-the-password');
    await form.getByRole('button', { name: 'Test connection' }).click();
    const result = form.getByTestId('test-result');
    await expect(result).toContainText('The device refused the user name or password.', { timeout: 20_000 });
    await expect(result).toContainText('Check the user name and password');
    await expect(result).not.toContainText(/at \w+ \(|Error:/); // plain words, no stack
    expect((await zoeState()).sessions).toBe(0);
    await shootBoth(page, 'devices-add-auth-error');

    // Saved anyway: the device shows the refused login in the table, and the demo office is gone.
    await form.getByRole('button', { name: 'Add device' }).click();
    await expect(page.getByTestId('devices-notice')).toContainText('Zoë desk phone was added');
    const added = (await hub(page, 'devices.list')).find((d) => !d.demo)!;
    expect(added.config.name).toBe('Zoë desk phone');
    const row = page.getByTestId(`device-${added.config.id}`);
    await expect(row).toContainText('Login refused', { timeout: 30_000 });
    await expect(row.locator('.problem')).toContainText('Zoë desk phone');
    await expect(row).toContainText('unencrypted');
    await expect(page.getByTestId('device-phone-reception')).toHaveCount(0);
    await expect(page.getByTestId('status-summary')).toHaveText('1 of 1 devices need attention: Zoë desk phone');
    expect((await hub(page, 'app.info')).demo).toBe(false);
    expect((await zoeState()).sessions).toBe(0);
    await shootBoth(page, 'devices-login-refused');

    // Fix it: edit, type the right password, test, save.
    await row.getByRole('button', { name: 'Edit Zoë desk phone' }).click();
    const edit = page.getByRole('form', { name: 'Edit Zoë desk phone' });
    await expect(edit).toBeVisible();
    await expect(edit.getByLabel('Password', { exact: true })).toHaveValue('');
    await edit.getByLabel('Password', { exact: true }).fill(password);
    await edit.getByRole('button', { name: 'Test connection' }).click();
    await expect(edit.getByTestId('test-result')).toContainText('Connected', { timeout: 20_000 });
    await expect(edit.getByTestId('test-result')).toContainText(String(zoe['model'] ?? 'GXV'));
    await expect(edit.getByTestId('test-result')).toContainText('click-to-call');
    await shootBoth(page, 'devices-test-ok');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect(row).toContainText('Online', { timeout: 30_000 });
    await expect(page.getByTestId('status-summary')).toHaveText('The device is online');
    await expect.poll(async () => (await zoeState()).sessions, { timeout: 15_000 }).toBeGreaterThan(0);
    const saved = (await hub(page, 'devices.list')).find((d) => d.config.id === added.config.id)!;
    expect(saved.status.health).toBe('online');
    expect(saved.stored.password).toBe(true);
    expect(JSON.stringify(saved)).not.toContain(password);
    await shootBoth(page, 'devices-fixed-online');

    // Disable and enable again, through the row's buttons.
    await row.getByRole('button', { name: 'Disable Zoë desk phone' }).click();
    await expect(row).toContainText('Disabled', { timeout: 15_000 });
    expect((await hub(page, 'devices.list')).find((d) => d.config.id === added.config.id)?.config.enabled).toBe(false);
    await row.getByRole('button', { name: 'Enable Zoë desk phone' }).click();
    await expect(row).toContainText('Online', { timeout: 30_000 });
  });
});
