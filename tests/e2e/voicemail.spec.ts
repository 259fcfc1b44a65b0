/**
 * Voicemail through the UI in Chromium against `start:web --demo`, checked against the simulated
 * KalliopePBX: counts where the PBX reports them, the enabled state where it does not, a left
 * message raising the count (Refresh reads it at once instead of waiting for the 30 s poll), and no
 * way to turn a NethVoice mailbox off. Screenshots (light and dark) go to test-results/screens/.
 */
import { expect, test, type Page } from 'playwright/test';
import { control, controlEndpoint, startHarness, type RunningHarness } from './harness';
import type { ControlEndpoint } from '../../sim/lib/control-client';

let harness: RunningHarness;
let ep: ControlEndpoint;

test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 1360, height: 860 } });

test.beforeAll(async () => {
  harness = await startHarness(['--demo']);
  ep = controlEndpoint(harness.info);
});
test.afterAll(async () => {
  await harness?.stop();
});

async function simMailbox(box: string): Promise<{ new: number; old: number; urgent: number }> {
  const st = (await control(ep, 'GET', '/devices/kalliope/state')) as { state: { mailboxes: Record<string, { new: number; old: number; urgent: number }> } };
  const m = st.state.mailboxes[box];
  if (!m) throw new Error(`the simulated Kalliope has no mailbox ${box}`);
  return m;
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `test-results/screens/${name}-${scheme}.png`, animations: 'disabled', fullPage: true });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function openVoicemail(page: Page): Promise<void> {
  await page.goto(harness.info.url);
  await expect(page.getByTestId('status-summary')).toHaveText(/^All \d+ devices online$/, { timeout: 30_000 });
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Voicemail' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Voicemail' })).toBeVisible();
}

test('6. a left voicemail raises the count; Refresh reads it at once; new messages stand out', async ({ page }) => {
  await openVoicemail(page);
  const row = page.getByTestId('mailbox-kalliope-200');
  await expect(row).toContainText('Reception — Giulia Colombo');
  const before = await simMailbox('200');
  await expect(row.getByTestId('vm-new')).toHaveText(String(before.new));
  await expect(page.getByTestId('voicemail-total')).toHaveText(before.new > 0 ? /new message/ : 'No new messages');
  await shoot(page, 'voicemail-before');

  await control(ep, 'POST', '/voicemail/200/leave', {});
  expect((await simMailbox('200')).new).toBe(before.new + 1);
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(page.getByText(/^Counts read at /)).toBeVisible();
  await expect(row.getByTestId('vm-new')).toHaveText(`${before.new + 1} new messages`);
  await expect(row).toHaveClass(/has-new/);
  await expect(row).toContainText('New');
  await expect(page.getByTestId('voicemail-total')).toHaveText(`${before.new + 1} new message${before.new + 1 === 1 ? '' : 's'}`);

  // An urgent one counts as new and urgent.
  await control(ep, 'POST', '/voicemail/200/leave', { urgent: true });
  const sim = await simMailbox('200');
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(row.getByTestId('vm-new')).toHaveText(`${sim.new} new messages`);
  await expect(row.locator('td').nth(1)).toHaveText(String(sim.urgent));
  await shoot(page, 'voicemail-after');
});

test('unwatched mailboxes show the enabled state, and NethVoice offers no way to turn one off', async ({ page }) => {
  await openVoicemail(page);
  const neth = page.getByTestId('voicemail-nethvoice');
  await expect(neth).toContainText('NethVoice — Filiale di Bolzano');
  await expect(neth).toContainText('turning a mailbox off deletes it');
  await expect(neth.getByRole('button')).toHaveCount(0);
  await expect(neth.getByRole('checkbox')).toHaveCount(0);
  await expect(neth.getByRole('switch')).toHaveCount(0);
  const unwatched = page.getByTestId('mailbox-kalliope-201');
  await expect(unwatched).toContainText('Enabled');
  await expect(unwatched).toContainText('counts not read');
  await expect(unwatched.getByTestId('vm-new')).toHaveText('—');
});
