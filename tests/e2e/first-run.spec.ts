/**
 * First run: with no device configured and no demo office, the window offers "Add a device" and
 * "Try the demo office". The web harness starts in the demo office when nothing is configured, so
 * the test gets there the way a user would: add a device (the demo ends), then remove it.
 */
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

test('removing the last device (with confirmation) leads to the first-run choices', async ({ page }) => {
  await openOffice(page, harness.info);
  // Setup through the bridge: one real device (unreachable: nothing listens on the discard port).
  await hub(page, 'devices.add', { config: { kind: 'grandstream-camera', name: 'Back door camera', url: 'http://127.0.0.1:9', username: 'admin' }, secrets: { password: 'x' } });
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await nav.getByRole('button', { name: 'Devices' }).click();
  const id = (await hub(page, 'devices.list'))[0]!.config.id;
  const row = page.getByTestId(`device-${id}`);
  await expect(row).toBeVisible();
  await expect(page.locator('tbody tr[data-testid^="device-"]')).toHaveCount(1);
  await expect(page.getByText('Demo office')).toHaveCount(0);

  // Remove asks first; Cancel (the focused, safe choice) keeps the device.
  await row.getByRole('button', { name: 'Remove Back door camera' }).click();
  const dialog = page.getByRole('dialog', { name: 'Remove Back door camera?' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
  await shootBoth(page, 'devices-remove-confirm');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  expect(await hub(page, 'devices.list')).toHaveLength(1);

  await row.getByRole('button', { name: 'Remove Back door camera' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Remove device' }).click();
  await expect(page.getByTestId('devices-notice')).toHaveText('Back door camera was removed.');
  await expect(row).toHaveCount(0);
  expect(await hub(page, 'devices.list')).toHaveLength(0);
  expect((await hub(page, 'app.info')).demo).toBe(false);
  await expect(page.getByTestId('status-summary')).toHaveText('No devices configured');
  await expect(page.getByRole('heading', { name: 'No devices yet' })).toBeVisible();

  // Every section that needs devices shows the two first-run choices.
  await nav.getByRole('button', { name: 'Calls' }).click();
  await expect(page.getByRole('heading', { name: 'Welcome to Frontdesk' })).toBeVisible();
  const demo = page.getByRole('button', { name: 'Try the demo office' });
  const add = page.getByRole('button', { name: 'Add a device' });
  await expect(demo).toBeVisible();
  await expect(add).toBeVisible();
  await demo.click();
  await expect(demo).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByText('npm run start:web -- --demo')).toBeVisible();
  await expect(page.getByText('starts together with Frontdesk whenever no device is configured')).toBeVisible();
  await shootBoth(page, 'first-run');

  // "Add a device" opens the Devices form, focus on its first field.
  await add.click();
  await expect(nav.getByRole('button', { name: 'Devices' })).toHaveAttribute('aria-current', 'page');
  const form = page.getByRole('form', { name: 'Add a device' });
  await expect(form).toBeVisible();
  await expect(form.getByLabel('Device type')).toBeFocused();
  await expect(form.getByText('ends the demo office')).toHaveCount(0);
  await shootBoth(page, 'first-run-add-device');
});
