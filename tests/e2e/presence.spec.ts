/**
 * Presence board through the UI in Chromium against `start:web --demo`, checked against the
 * simulator: every extension of Kalliope and NethVoice with its state in words, the filter ("/" to
 * reach it, accents ignored), a ringing desk phone shown ringing, click and Enter to call.
 * Screenshots (light and dark) go to test-results/screens/.
 */
import { expect, test, type Page } from 'playwright/test';
import { control, controlEndpoint, startHarness, type RunningHarness } from './harness';
import type { ControlEndpoint } from '../../sim/lib/control-client';

interface SimLine {
  line: number;
  state: string;
  remoteNumber: string;
  direction: string | null;
}

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

async function simLines(phone: string): Promise<SimLine[]> {
  const st = (await control(ep, 'GET', `/devices/${phone}/state`)) as { state: { lines: SimLine[] } };
  return st.state.lines;
}
const outgoing = async (phone: string): Promise<string | undefined> =>
  (await simLines(phone)).find((l) => l.direction === 'out' && l.state !== 'idle')?.remoteNumber;

async function shoot(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `test-results/screens/${name}-${scheme}.png`, animations: 'disabled' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function openPresence(page: Page): Promise<void> {
  await page.goto(harness.info.url);
  await expect(page.getByTestId('status-summary')).toHaveText(/^All \d+ devices online$/, { timeout: 30_000 });
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Presence' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Presence' })).toBeVisible();
}

/** Ends the desk phone's calls through the Calls view's End / Reject buttons, then comes back to Presence. */
async function hangUp(page: Page, phone: string): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Sections' });
  await nav.getByRole('button', { name: 'Calls' }).click();
  for (const l of await simLines(phone)) {
    if (l.state === 'idle') continue;
    await page.getByTestId(`line-${phone}-${l.line}`).getByRole('button', { name: l.state === 'ringing' ? 'Reject' : 'End', exact: true }).click();
    await expect.poll(async () => (await simLines(phone)).find((x) => x.line === l.line)?.state).toBe('idle');
  }
  await nav.getByRole('button', { name: 'Presence' }).click();
}

test('every extension shows its state in words, grouped by PBX', async ({ page }) => {
  await openPresence(page);
  const niccolo = page.getByTestId('ext-kalliope-201');
  await expect(niccolo).toContainText('Niccolò Bàrberi');
  await expect(niccolo).toContainText('201');
  await expect(niccolo).toContainText('Available');
  await expect(niccolo).toHaveAccessibleName('Call Niccolò Bàrberi, extension 201 (Available)');
  // An extension the simulated Kalliope reports unregistered is offline, in words.
  const kalliope = (await control(ep, 'GET', '/devices/kalliope/state')) as { state: { extensions: { extension: string; enabled: boolean; registered: boolean }[] } };
  const unregistered = kalliope.state.extensions.find((x) => x.enabled && !x.registered);
  if (!unregistered) throw new Error('the demo Kalliope has no unregistered extension to show offline');
  const away = page.getByTestId(`ext-kalliope-${unregistered.extension}`);
  await expect(away).toContainText('Offline');
  await expect(away).toHaveAttribute('data-state', 'offline');
  await expect(page.getByTestId('ext-nethvoice-301')).toContainText(/Unknown|Online|Available|Offline|Busy/);
  await expect(page.getByRole('region', { name: /KalliopePBX — Sede di Milano/ })).toBeVisible();
  await expect(page.getByRole('region', { name: /NethVoice — Filiale di Bolzano/ })).toBeVisible();
  await shoot(page, 'presence-board');
});

test('"/" reaches the filter; it ignores accents and matches names and extensions', async ({ page }) => {
  await openPresence(page);
  await page.locator('body').press('/');
  const filter = page.getByRole('searchbox', { name: 'Filter extensions' });
  await expect(filter).toBeFocused();
  await expect(filter).toHaveAttribute('data-search', '');
  await filter.fill('zoe');
  const tiles = page.locator('button.presence-tile');
  await expect(tiles).toHaveCount(2);
  await expect(page.getByTestId('ext-kalliope-202')).toContainText('Zoë Müller');
  await expect(page.getByTestId('ext-nethvoice-306')).toContainText('Zoë Müller');
  await shoot(page, 'presence-filter');
  await filter.fill('203');
  await expect(tiles).toHaveCount(1);
  await expect(tiles.first()).toContainText('Matteo D’Angelo');
  await filter.fill('nobody-here');
  await expect(page.getByText('No extension matches the filter. Esc clears it.')).toBeVisible();
  await filter.press('Escape');
  await expect(filter).toHaveValue('');
  // A state chip narrows the board to that state.
  await page.getByRole('group', { name: 'Show only' }).getByRole('button', { name: /^Available/ }).click();
  await expect(tiles.first()).toHaveAttribute('data-state', 'available');
  for (const s of await tiles.evaluateAll((els) => els.map((e) => e.getAttribute('data-state')))) expect(s).toBe('available');
});

test('a ringing desk phone shows its extension ringing, then available again', async ({ page }) => {
  await openPresence(page);
  const reception = page.getByTestId('ext-kalliope-200');
  await expect(reception).toHaveAttribute('data-state', 'available');
  const { line } = (await control(ep, 'POST', '/phones/phone-reception/ring', { number: '0312741100' })) as { line: number };
  await expect(reception).toContainText('Ringing');
  await expect(reception).toHaveAttribute('data-state', 'ringing');
  await shoot(page, 'presence-ringing');
  // Scrolled down the long board, the incoming banner stays whole on screen.
  const banner = page.getByRole('region', { name: 'Incoming calls' });
  await page.locator('main.content').evaluate((el) => el.scrollTo(0, el.scrollHeight));
  await expect.poll(() => page.locator('main.content').evaluate((el) => el.scrollTop)).toBeGreaterThan(100);
  await expect(banner).toBeInViewport({ ratio: 1 });
  await shoot(page, 'presence-ringing-scrolled');
  await banner.getByRole('button', { name: 'Reject', exact: true }).click();
  await expect.poll(async () => (await simLines('phone-reception')).find((l) => l.line === line)?.state).toBe('idle');
  await expect(reception).toHaveAttribute('data-state', 'available');
});

test('click an extension to call it from the desk phone; Enter on a tile does the same', async ({ page }) => {
  await openPresence(page);
  await page.getByTestId('ext-kalliope-201').click();
  await expect(page.getByTestId('presence-dial-status')).toContainText('Calling 201 from the desk phone Reception — Giulia Colombo.');
  await expect.poll(() => outgoing('phone-reception')).toBe('201');
  // The caller's own extension turns busy.
  await expect(page.getByTestId('ext-kalliope-200')).toHaveAttribute('data-state', 'busy');
  await expect(page.getByTestId('ext-kalliope-200')).toContainText('Busy');
  await shoot(page, 'presence-calling');
  await hangUp(page, 'phone-reception');

  // Keyboard only: filter, ↓ to the first tile, → to the next, Enter calls it.
  const filter = page.getByRole('searchbox', { name: 'Filter extensions' });
  await filter.fill('Zoë');
  await filter.press('ArrowDown');
  await expect(page.getByTestId('ext-kalliope-202')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('ext-nethvoice-306')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('ext-kalliope-202')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect.poll(() => outgoing('phone-reception')).toBe('202');
  await hangUp(page, 'phone-reception');
});
