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
  // A fresh demo office starts with an empty reception mailbox.
  const before = await simMailbox('200');
  expect(before.new).toBe(0);
  await expect(row.getByTestId('vm-new')).toHaveText('0');
  await expect(page.getByTestId('voicemail-total')).toHaveText('No new messages');
  const badge = page.getByTestId('nav-voicemail-badge');
  await expect(badge).toHaveCount(0);
  await shoot(page, 'voicemail-before');

  await control(ep, 'POST', '/voicemail/200/leave', {});
  expect((await simMailbox('200')).new).toBe(1);
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(page.getByText(/^Counts read at /)).toBeVisible();
  await expect(row.getByTestId('vm-new')).toHaveText('1');
  // The navigation's badge (the app frame's) rises with it.
  await expect(badge).toHaveText('1');
  await expect(row).toHaveClass(/has-new/);
  await expect(row).toContainText('New');
  await expect(page.getByTestId('voicemail-total')).toHaveText('1 new message');

  // An urgent message: the urgent column follows the PBX's own count.
  await control(ep, 'POST', '/voicemail/200/leave', { urgent: true });
  const sim = await simMailbox('200');
  await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  await expect(row.getByTestId('vm-new')).toHaveText(String(sim.new));
  await expect(row.getByTestId('vm-urgent')).toHaveText(String(sim.urgent));
  expect(sim.urgent).toBeGreaterThan(0);
  await expect(badge).toHaveText(String(sim.new));
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
  await expect(unwatched).toContainText('not watched');
  await expect(unwatched.getByTestId('vm-new')).toHaveText('—not reported');
  // NethVoice has no counts at all: no count columns, the enabled state only.
  await expect(neth).toContainText('reports only whether each mailbox is enabled');
  await expect(neth.getByRole('columnheader')).toHaveText(['Mailbox', 'Status']);
  await expect(page.getByTestId('mailbox-nethvoice-301')).toContainText('Enabled');
  await shoot(page, 'voicemail-nethvoice');
});
