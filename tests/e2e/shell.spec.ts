import { expect, test } from 'playwright/test';
import { control, controlEndpoint, startHarness, type RunningHarness } from './harness';

let harness: RunningHarness;

test.beforeAll(async () => {
  harness = await startHarness(['--demo']);
});
test.afterAll(async () => {
  await harness?.stop();
});

test('the first stdout line is the JSON contract', () => {
  expect(harness.info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  expect(harness.info.control).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(harness.info.controlToken).toMatch(/^[\w-]{40,}$/);
});

test('the demo office control API refuses a request without the token or from a foreign origin', async () => {
  const ep = controlEndpoint(harness.info);
  const bare = await fetch(`${ep.control}/manifest`);
  expect(bare.status).toBe(401);
  expect(((await bare.json()) as { error: string }).error).toMatch(/Authorization: Bearer/);
  const foreign = await fetch(`${ep.control}/phones/phone-reception/ring`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain', Origin: 'https://evil.example', Authorization: `Bearer ${ep.controlToken}` },
    body: '{"number":"666"}',
  });
  expect(foreign.status).toBe(403);
  const st = (await control(ep, 'GET', '/devices/phone-reception/state')) as { state: { lines: { state: string }[] } };
  expect(st.state.lines.every((l) => l.state === 'idle')).toBe(true);
});

test('the app shell renders every section with an honest empty state', async ({ page }) => {
  await page.goto(harness.info.url);
  const nav = page.getByRole('navigation', { name: 'Sections' });
  for (const label of ['Calls', 'Contacts', 'Cameras', 'Voicemail', 'Presence', 'Devices', 'Settings']) {
    await expect(nav.getByRole('button', { name: label })).toBeVisible();
  }
  // The token leaves the address bar once the shim has it.
  await expect.poll(() => page.url()).not.toContain('token=');
  await nav.getByRole('button', { name: 'Voicemail' }).click();
  await expect(page.getByRole('heading', { name: 'Voicemail' })).toBeVisible();
  await expect(page.getByText('Demo office')).toBeVisible();
  await expect(page.getByText(/Frontdesk .* · web/)).toBeVisible();
});

test('the status bar follows office.patch events pushed by main', async ({ page }) => {
  const ep = controlEndpoint(harness.info);
  const manifest = (await control(ep, 'GET', '/manifest')) as { devices: { id: string; name: string; kind: string }[] };
  const camera = manifest.devices.find((d) => d.kind === 'grandstream-camera')!;

  await page.goto(harness.info.url);
  const summary = page.getByTestId('status-summary');
  await expect(summary).toHaveText(`All ${manifest.devices.length} devices online`, { timeout: 30_000 });

  await page.getByRole('button', { name: 'Devices' }).click();
  const row = page.getByTestId(`device-${camera.id}`);
  await expect(row).toContainText('Online');

  await control(ep, 'POST', `/devices/${camera.id}/fault`, { kind: 'offline' });
  await expect(summary).toContainText(`need attention: ${camera.name}`, { timeout: 30_000 });
  await expect(row).toContainText('Offline');

  await control(ep, 'DELETE', `/devices/${camera.id}/fault`);
  await expect(summary).toHaveText(`All ${manifest.devices.length} devices online`, { timeout: 30_000 });
});

test('the bridge refuses a page without the token', async ({ page }) => {
  const bare = harness.info.url.replace(/\?token=.*$/, '');
  await page.goto(bare);
  await expect(page.getByTestId('status-summary')).toContainText('reopen the URL', { timeout: 15_000 });
});
