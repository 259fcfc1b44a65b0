/** Settings through the UI: each card saves through settings.update, errors per field, and the hub keeps what was saved. */
import { expect, test } from 'playwright/test';
import { startHarness, type RunningHarness } from './harness';
import { hub, openOffice, shootBoth } from './frame-helpers';

let harness: RunningHarness;
test.beforeAll(async () => {
  harness = await startHarness(['--demo']);
});
test.afterAll(async () => {
  await harness?.stop();
});

test('theme, call route, numbering, notifications, hotkeys, alarm push and secret protection', async ({ page }) => {
  await openOffice(page, harness.info);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'system');

  // Theme applies at once and is kept by the hub.
  await page.getByLabel('Theme').selectOption('dark');
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await expect.poll(async () => (await hub(page, 'settings.get')).desktop.theme).toBe('dark');
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).toBe('rgb(14, 19, 24)');
  await page.getByLabel('Theme').selectOption('system');
  await expect(html).toHaveAttribute('data-theme', 'system');

  // Call route: the PBX rings my extension first.
  const route = page.getByRole('form', { name: 'Placing calls' });
  await route.getByRole('radio', { name: /The PBX calls me first/ }).check();
  await route.getByLabel('My extension').fill('20x');
  await route.getByRole('button', { name: 'Save call route' }).click();
  await expect(route.getByText('An extension is digits, * or # (at most 15).')).toBeVisible();
  expect((await hub(page, 'settings.get')).dialRoute).toBeUndefined();
  await route.getByLabel('My extension').fill('200');
  await route.getByRole('button', { name: 'Save call route' }).click();
  await expect(route.getByRole('status')).toHaveText('Saved.');
  expect((await hub(page, 'settings.get')).dialRoute).toEqual({ kind: 'pbx', deviceId: 'kalliope', extension: '200' });
  await expect(route.getByTestId('effective-route')).toHaveText(/^Calls are placed now by KalliopePBX .*, ringing extension 200 first\.$/);
  await route.getByRole('radio', { name: /My desk phone/ }).check();
  await route.getByLabel('Phone', { exact: true }).selectOption('phone-reception');
  await route.getByLabel('Account').fill('2');
  await route.getByRole('button', { name: 'Save call route' }).click();
  await expect(route.getByRole('status')).toHaveText('Saved.');
  expect((await hub(page, 'settings.get')).dialRoute).toEqual({ kind: 'phone', deviceId: 'phone-reception', account: 2 });
  await expect(route.getByTestId('effective-route')).toHaveText('Calls are placed now from Reception — Giulia Colombo (account 2).');

  // Number normalisation: client-side check, then saved.
  const numbers = page.getByRole('form', { name: 'Phone numbers' });
  await numbers.getByLabel('Country code').fill('0041');
  await numbers.getByLabel('Outside-line prefix').fill('0');
  await numbers.getByRole('button', { name: 'Save number settings' }).click();
  await expect(numbers.getByText('A country calling code such as 39 or 49')).toBeVisible();
  await expect(numbers.getByLabel('Country code')).toBeFocused();
  await expect(numbers.getByLabel('Country code')).toHaveAttribute('aria-invalid', 'true');
  await shootBoth(page, 'settings-field-error');
  await numbers.getByLabel('Country code').fill('41');
  await numbers.getByRole('button', { name: 'Save number settings' }).click();
  await expect(numbers.getByRole('status')).toHaveText('Saved.');
  expect((await hub(page, 'settings.get')).numbering).toMatchObject({ countryCode: '41', internationalPrefix: '00', outsideLinePrefix: '0' });

  // Notifications: one switch per kind, do not disturb.
  await page.getByRole('checkbox', { name: 'Camera motion and alarms' }).uncheck();
  await expect.poll(async () => (await hub(page, 'settings.get')).desktop.notifications.motion).toBe(false);
  await page.getByRole('checkbox', { name: 'Do not disturb' }).check();
  await expect.poll(async () => (await hub(page, 'settings.get')).desktop.doNotDisturb).toBe(true);
  await expect(page.getByRole('checkbox', { name: 'Incoming calls' })).toBeDisabled();
  await page.getByRole('checkbox', { name: 'Do not disturb' }).uncheck();
  await expect(page.getByRole('checkbox', { name: 'Incoming calls' })).toBeEnabled();

  // Hotkeys: the web harness says where they apply; a bad combination is refused before saving.
  const hotkeys = page.getByRole('form', { name: 'Hotkeys' });
  await expect(hotkeys.getByText('Hotkeys apply in the desktop app')).toBeVisible();
  await hotkeys.getByLabel('Answer').fill('Ctrl+Alt+À');
  await hotkeys.getByRole('button', { name: 'Save hotkeys' }).click();
  await expect(hotkeys.getByText('A key combination such as CommandOrControl+Alt+D')).toBeVisible();
  await hotkeys.getByLabel('Answer').fill('CommandOrControl+Shift+A');
  await hotkeys.getByLabel('Hang up').fill('');
  await hotkeys.getByRole('button', { name: 'Save hotkeys' }).click();
  await expect(hotkeys.getByRole('status')).toHaveText('Saved.');
  expect((await hub(page, 'settings.get')).desktop.hotkeys).toMatchObject({ answer: 'CommandOrControl+Shift+A', hangup: '' });

  // Camera alarm push: off by default; switched on it listens and says where.
  const push = page.getByRole('form', { name: 'Camera alarm push' });
  await expect(push.getByTestId('push-status')).toContainText('Not listening');
  await push.getByLabel('Port').fill('70000');
  await push.getByRole('checkbox', { name: 'Listen for camera alarms' }).check();
  await push.getByRole('button', { name: 'Save alarm push' }).click();
  await expect(push.getByText('Port: a whole number from 0 to 65535.')).toBeVisible();
  await push.getByLabel('Port').fill('0');
  await push.getByRole('button', { name: 'Save alarm push' }).click();
  await expect(push.getByTestId('push-status')).toContainText(/Listening at\s+http:\/\/127\.0\.0\.1:\d+/, { timeout: 15_000 });
  const saved = await hub(page, 'settings.get');
  expect(saved.pushListener).toEqual({ enabled: true, host: '127.0.0.1', port: 0 });
  expect(saved.pushStatus.running).toBe(true);

  // How secrets are protected, in plain words (the web harness keeps them in memory).
  expect((await hub(page, 'app.info')).secretProtection).toBe('memory');
  await expect(page.getByTestId('secret-protection')).toContainText('Kept only for this run');
  await shootBoth(page, 'settings');

  // Every control is reachable by Tab and named.
  const unnamed = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.content input, .content select, .content button')]
      .filter((el) => !(el as HTMLInputElement).disabled && el.tabIndex >= 0)
      .filter((el) => {
        const id = el.id;
        const label = id ? document.querySelector(`label[for="${id}"]`)?.textContent?.trim() : '';
        return !(label || el.getAttribute('aria-label') || el.closest('label')?.textContent?.trim() || (el.tagName === 'BUTTON' && el.textContent?.trim()));
      })
      .map((el) => el.outerHTML.slice(0, 80)),
  );
  expect(unnamed).toEqual([]);

  // Settings survive a reload (they are the hub's, not the window's).
  await page.reload();
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('form', { name: 'Phone numbers' }).getByLabel('Country code')).toHaveValue('41');
  await expect(page.getByRole('checkbox', { name: 'Camera motion and alarms' })).not.toBeChecked();
});
