/**
 * The command bar as a renderer route (`#/commandbar`) in the web harness: a number typed or
 * pre-filled (as the Dial hotkey does from the clipboard), a contact picked with the arrows, or a
 * link's confirmation bar; Enter dials through the contract and the simulated desk phone shows the
 * call (GET /devices/phone-reception/state on the demo office's control API).
 */
import { expect, test, type Page } from 'playwright/test';
import { control, controlEndpoint, startHarness, type RunningHarness } from './harness';

interface PhoneState {
  state: { lines: { line: number; state: string; remoteNumber: string }[] };
}

let harness: RunningHarness;

test.beforeAll(async () => {
  harness = await startHarness(['--demo']);
});
test.afterAll(async () => {
  await harness?.stop();
});

async function lines(): Promise<PhoneState['state']['lines']> {
  const st = (await control(controlEndpoint(harness.info), 'GET', '/devices/phone-reception/state')) as PhoneState;
  return st.state.lines;
}

/** Hang up whatever the previous test left on the reception phone. */
test.afterEach(async () => {
  for (const l of await lines()) {
    if (l.state !== 'idle') await control(controlEndpoint(harness.info), 'POST', '/phones/phone-reception/remote-hangup', { line: l.line }).catch(() => undefined);
  }
});

async function openBar(page: Page, query = ''): Promise<void> {
  await page.goto(`${harness.info.url}#/commandbar${query}`);
}

/** The simulator's reception phone has a call to (a number ending in) `digits`. */
async function expectCallTo(digits: string): Promise<void> {
  await expect
    .poll(async () => (await lines()).filter((l) => l.state !== 'idle').map((l) => l.remoteNumber.replace(/\D/g, '')), { timeout: 15_000 })
    .toContainEqual(expect.stringMatching(new RegExp(`${digits}$`)));
}

test('a pasted number, Enter: the desk phone places the call', async ({ page }) => {
  await openBar(page);
  const box = page.getByRole('combobox', { name: 'Dial' });
  await expect(box).toBeFocused();
  // Paste as a user would: the number on the clipboard, then Ctrl+V (Cmd+V on macOS).
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(harness.info.url).origin });
  await page.evaluate(() => navigator.clipboard.writeText('06 1234 5678'));
  await box.press('ControlOrMeta+V');
  await expect(box).toHaveValue('06 1234 5678');
  await expect(page.getByRole('option', { name: 'Call 06 1234 5678' })).toHaveAttribute('aria-selected', 'true');
  await box.press('Enter');
  await expect(page.getByRole('status')).toHaveText(/Calling 0612345678 from Reception/);
  await expectCallTo('0612345678');
});

test('pre-filled by the Dial hotkey (number from the clipboard): Enter dials it', async ({ page }) => {
  await openBar(page, `?number=${encodeURIComponent('+39 02 8765 4321')}`);
  const box = page.getByRole('combobox', { name: 'Dial' });
  await expect(box).toHaveValue('+39 02 8765 4321');
  await box.press('Enter');
  await expectCallTo('0287654321');
});

test('a name, the arrows, Enter: the chosen contact number is dialled', async ({ page }) => {
  await openBar(page);
  const box = page.getByRole('combobox', { name: 'Dial' });
  const options = page.getByRole('option');
  // The contact index fills while the demo office is first read: type again until it answers.
  await expect(async () => {
    await box.fill('');
    await box.fill('ross');
    await expect(options.nth(1)).toBeVisible({ timeout: 2000 });
  }).toPass({ timeout: 30_000 });
  await box.press('ArrowDown');
  await box.press('ArrowDown');
  await box.press('ArrowUp');
  const chosen = options.nth(1);
  await expect(chosen).toHaveAttribute('aria-selected', 'true');
  const digits = ((await chosen.locator('.commandbar-detail').textContent()) ?? '').replace(/\D/g, '');
  expect(digits.length).toBeGreaterThan(2);
  await box.press('Enter');
  await expect(page.getByRole('status')).toHaveText(/Calling .* from /);
  await expectCallTo(digits.slice(-6));
});

test("a link's confirmation bar shows the normalised number; Enter calls it", async ({ page }) => {
  await openBar(page, `?number=${encodeURIComponent('+390611223344')}&confirm=1&dial=0611223344`);
  await expect(page.getByRole('heading', { name: 'Call this number?' })).toBeVisible();
  await expect(page.getByTestId('commandbar-number')).toHaveText('+390611223344');
  await expect(page.getByText('Your phone will dial 0611223344.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Call' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expectCallTo('0611223344');
});

test('a number the core refuses is explained, nothing is dialled', async ({ page }) => {
  await openBar(page);
  const box = page.getByRole('combobox', { name: 'Dial' });
  await box.fill('12 34 56 78 90 12 34 56 78');
  await box.press('Enter');
  await expect(page.getByRole('status')).toHaveText(/too long/i);
  expect((await lines()).every((l) => l.state === 'idle')).toBe(true);
});
