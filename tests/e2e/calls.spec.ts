/**
 * Calls, driven through the UI in Chromium against `start:web --demo`, checked against the
 * simulator's own phone state (issue 8, "Done when" 1 and 3, plus the dial pad):
 *   1. ring → banner with the contact's name → Accept / Hold / Resume / End, each seen in the simulator;
 *      a refused command rolls the line back and says why.
 *   3. a missed call is highlighted in recent calls, Redial places the call on the desk phone.
 *   dial pad: a typed number + Enter, and a name picked from the contacts with the arrows + Enter.
 * Screenshots (light and dark) go to test-results/screens/.
 */
import { expect, test, type Locator, type Page } from 'playwright/test';
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
const simLine = async (phone: string, line: number): Promise<string> => (await simLines(phone)).find((l) => l.line === line)?.state ?? 'missing';

async function shoot(page: Page, name: string): Promise<void> {
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: `test-results/screens/${name}-${scheme}.png`, animations: 'disabled' });
  }
  await page.emulateMedia({ colorScheme: 'light' });
}

async function openApp(page: Page): Promise<void> {
  await page.goto(harness.info.url);
  await expect(page.getByTestId('status-summary')).toHaveText(/^All \d+ devices online$/, { timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1, name: 'Calls' })).toBeVisible();
}

/**
 * Ends every non-idle line of a phone through the UI (the line's End or Reject button), highest line
 * first: with two calls up, the hub refuses a command whose line numbering it has not yet learned.
 */
async function hangUpAll(page: Page, phone: string): Promise<void> {
  for (const l of (await simLines(phone)).sort((a, b) => b.line - a.line)) {
    if (l.state === 'idle') continue;
    const row = page.getByTestId(`line-${phone}-${l.line}`);
    const button = row.getByRole('button', { name: l.state === 'ringing' ? 'Reject' : 'End', exact: true });
    await button.click();
    await expect.poll(() => simLine(phone, l.line)).toBe('idle');
  }
}

function lineRow(page: Page, phone: string, line: number): Locator {
  return page.getByTestId(`line-${phone}-${line}`);
}

test('1. a ring shows the banner with the contact; Accept, Hold, Resume, End reach the phone', async ({ page }) => {
  await openApp(page);
  const { line } = (await control(ep, 'POST', '/phones/phone-reception/ring', { number: '0312741100' })) as { line: number };

  const banner = page.getByRole('region', { name: 'Incoming calls' });
  await expect(banner).toContainText('Raffaella Conti');
  await expect(banner).toContainText('Banca Popolare del Lario');
  await expect(banner).toContainText('0312741100');
  await expect(banner).toContainText(`Ringing on Reception — Giulia Colombo, line ${line}`);
  const accept = banner.getByRole('button', { name: 'Accept', exact: true });
  await expect(accept).toHaveAccessibleDescription(new RegExp(`Raffaella Conti Ringing on Reception — Giulia Colombo, line ${line}`));
  await expect(banner.getByRole('button', { name: 'Reject', exact: true })).toBeVisible();
  // The Calls view shows the same line ringing, with only the buttons that make sense.
  const row = lineRow(page, 'phone-reception', line);
  await expect(row).toContainText('Ringing');
  await expect(row.getByRole('button')).toHaveText(['Accept', 'Reject']);
  await shoot(page, 'calls-1-ringing');

  // The banner stands out over other sections too.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Presence' }).click();
  await expect(banner).toContainText('Raffaella Conti');
  await shoot(page, 'calls-1-banner-over-presence');
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Calls' }).click();

  await accept.click();
  await expect(banner).toBeHidden();
  await expect(row).toContainText('Connected');
  await expect(row.getByRole('button')).toHaveText(['Hold', 'End']);
  await expect.poll(() => simLine('phone-reception', line)).toBe('connected');
  // Focus stays on the line (the next button), not lost to the page.
  await expect(row.getByRole('button', { name: 'Hold', exact: true })).toBeFocused();
  await expect(row.getByRole('button', { name: 'Hold', exact: true })).toHaveAccessibleDescription(`Reception — Giulia Colombo, line ${line}: Raffaella Conti`);
  await expect(row.getByRole('timer')).toHaveText(/^0:0\d$/);
  await shoot(page, 'calls-1-connected');

  await row.getByRole('button', { name: 'Hold', exact: true }).click();
  await expect(row).toContainText('On hold');
  await expect(row.getByRole('button')).toHaveText(['Resume', 'End']);
  await expect.poll(() => simLine('phone-reception', line)).toBe('held');
  await shoot(page, 'calls-1-held');

  await row.getByRole('button', { name: 'Resume', exact: true }).click();
  await expect(row).toContainText('Connected');
  await expect.poll(() => simLine('phone-reception', line)).toBe('connected');

  await row.getByRole('button', { name: 'End', exact: true }).click();
  await expect(row).toContainText('Idle');
  await expect(row.getByRole('button')).toHaveCount(0);
  await expect.poll(() => simLine('phone-reception', line)).toBe('idle');
});

test('call controls are optimistic: the line changes before a slow phone answers', async ({ page }) => {
  await openApp(page);
  const { line } = (await control(ep, 'POST', '/phones/phone-niccolo/ring', { number: '0312741100' })) as { line: number };
  const row = lineRow(page, 'phone-niccolo', line);
  await expect(row).toContainText('Raffaella Conti');
  await control(ep, 'POST', '/devices/phone-niccolo/fault', { kind: 'slow', ms: 2500 });
  try {
    await row.getByRole('button', { name: 'Accept', exact: true }).click();
    // Shown at once, while the phone is still taking its time.
    await expect(row).toContainText('Connected', { timeout: 1000 });
    await expect(row).toHaveAttribute('aria-busy', 'true');
  } finally {
    await control(ep, 'DELETE', '/devices/phone-niccolo/fault');
  }
  await expect.poll(() => simLine('phone-niccolo', line), { timeout: 20_000 }).toBe('connected');
  await expect(row).not.toHaveAttribute('aria-busy', 'true');
  await hangUpAll(page, 'phone-niccolo');
});

test('a refused command rolls the line back and says why, naming the phone', async ({ page }) => {
  await openApp(page);
  const { line } = (await control(ep, 'POST', '/phones/phone-zoe/ring', { number: '0312741100' })) as { line: number };
  const row = lineRow(page, 'phone-zoe', line);
  await expect(row).toContainText('Ringing');
  // The caller gives up while the receptionist reaches for Accept: the phone refuses.
  await control(ep, 'POST', '/devices/phone-zoe/fault', { kind: 'error500' });
  try {
    await row.getByRole('button', { name: 'Accept', exact: true }).click();
    const alert = page.getByRole('region', { name: 'Incoming calls' }).getByRole('alert');
    await expect(alert).toContainText('Zoë Müller');
    await expect(alert).not.toContainText(/\bat \w+ \(|Error:|stack/);
    // Rolled back: still ringing, Accept offered again.
    await expect(row).toContainText('Ringing');
    await expect(row.getByRole('button')).toHaveText(['Accept', 'Reject']);
    expect(await simLine('phone-zoe', line)).toBe('ringing');
    await shoot(page, 'calls-refused');
    await alert.getByRole('button', { name: 'Dismiss' }).click();
    await expect(alert).toBeHidden();
  } finally {
    await control(ep, 'DELETE', '/devices/phone-zoe/fault');
  }
  await expect(page.getByTestId('status-summary')).toHaveText(/^All \d+ devices online$/, { timeout: 30_000 });
  await hangUpAll(page, 'phone-zoe');
});

test('3. a missed call is highlighted in recent calls, and Redial calls from the desk phone', async ({ page }) => {
  await openApp(page);
  const { line } = (await control(ep, 'POST', '/phones/phone-reception/ring', { number: '0229001234' })) as { line: number };
  await expect(page.getByRole('region', { name: 'Incoming calls' })).toContainText('0229001234');
  await control(ep, 'POST', '/phones/phone-reception/remote-hangup', { line });
  await expect(page.getByRole('region', { name: 'Incoming calls' })).toBeHidden();

  const recent = page.getByTestId('recent-calls');
  const missed = recent.getByTestId('recent-call').filter({ hasText: '0229001234' }).first();
  await expect(missed).toContainText('Missed');
  await expect(missed).toHaveAttribute('data-missed', 'true');
  await expect(missed).toHaveClass(/recent-missed/);
  await expect(page.getByRole('region', { name: 'Recent calls' }).getByText(/\d+ missed/)).toBeVisible();
  await shoot(page, 'calls-3-missed');

  const redial = missed.getByRole('button', { name: 'Redial', exact: true });
  await expect(redial).toHaveAccessibleDescription(/0229001234/);
  await redial.click();
  await expect(page.getByTestId('dial-status')).toContainText('Calling 0229001234 from the desk phone Reception — Giulia Colombo.');
  await expect
    .poll(async () => (await simLines('phone-reception')).find((l) => l.direction === 'out' && l.state !== 'idle')?.remoteNumber)
    .toBe('0229001234');
  await shoot(page, 'calls-3-redial');
  await hangUpAll(page, 'phone-reception');
});

test('dial pad: a typed number and Enter dials; a name offers the contact numbers, arrows and Enter pick one', async ({ page }) => {
  await openApp(page);
  const field = page.getByRole('combobox', { name: 'Number or name' });
  // "/" focuses the section's search box: here the dial field.
  await expect(page.getByTestId('route-hint')).toHaveText('Calls go out from the first desk phone. Choose the route in Settings.');
  await page.locator('body').press('/');
  await expect(field).toBeFocused();
  await field.fill('031 274 1100');
  await field.press('Enter');
  await expect(page.getByTestId('dial-status')).toContainText('Calling 0312741100 from the desk phone Reception — Giulia Colombo.');
  await expect(field).toHaveValue('');
  await expect
    .poll(async () => (await simLines('phone-reception')).find((l) => l.direction === 'out' && l.state !== 'idle')?.remoteNumber)
    .toBe('0312741100');
  await shoot(page, 'calls-dial-number');
  await hangUpAll(page, 'phone-reception');

  await field.fill('Raffaella Conti');
  const options = page.getByRole('listbox', { name: 'Numbers of matching contacts' });
  await expect(options.getByRole('option').first()).toContainText('Raffaella Conti');
  await expect(options.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  await shoot(page, 'calls-dial-name');
  await field.press('ArrowDown');
  await field.press('ArrowUp');
  await expect(options.getByRole('option').first()).toHaveAttribute('aria-selected', 'true');
  const number = (await options.getByRole('option').first().locator('.mono').textContent()) ?? '';
  await field.press('Enter');
  await expect(options).toBeHidden();
  await expect(page.getByTestId('dial-status')).toContainText('from the desk phone Reception — Giulia Colombo');
  const dialled = number.replace(/\D/g, '').replace(/^39/, '');
  await expect
    .poll(async () => (await simLines('phone-reception')).find((l) => l.direction === 'out' && l.state !== 'idle')?.remoteNumber.replace(/\D/g, ''))
    .toContain(dialled);
  await hangUpAll(page, 'phone-reception');

  // A word that is no number and matches nobody: said plainly, nothing dialled.
  await field.fill('zzzqqq');
  await expect(page.getByText('No contact matches “zzzqqq”.')).toBeVisible();
  await field.press('Escape');
  await field.press('Escape');
  await expect(field).toHaveValue('');
});

/** Changes a setting through the contract, as the Settings screen would (setup only; the UI is checked below). */
async function updateSettings(input: unknown): Promise<void> {
  const url = new URL(harness.info.url);
  const res = await fetch(`${url.origin}/rpc/settings.update`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Frontdesk-Token': url.searchParams.get('token') ?? '' },
    body: JSON.stringify({ input }),
  });
  const body = (await res.json()) as { ok: boolean; error?: { message: string } };
  if (!body.ok) throw new Error(`settings.update: ${body.error?.message}`);
}

test('in Italian the banner and the line controls speak Italian, with the same public names', async ({ page }) => {
  await openApp(page);
  await updateSettings({ desktop: { language: 'it' } });
  try {
    await expect(page.getByRole('heading', { level: 1, name: 'Chiamate' })).toBeVisible();
    const { line } = (await control(ep, 'POST', '/phones/phone-reception/ring', { number: '0312741100' })) as { line: number };
    const banner = page.getByRole('region', { name: 'Chiamate in arrivo' });
    await expect(banner).toContainText('Raffaella Conti');
    await expect(banner).toContainText(`Squilla su Reception — Giulia Colombo, linea ${line}`);
    await expect(banner.getByRole('button')).toHaveText(['Accetta', 'Rifiuta']);
    await shoot(page, 'calls-italian-ringing');
    await banner.getByRole('button', { name: 'Accetta', exact: true }).click();
    const row = lineRow(page, 'phone-reception', line);
    await expect(row.getByRole('button')).toHaveText(['Attesa', 'Termina']);
    await expect.poll(() => simLine('phone-reception', line)).toBe('connected');
    await row.getByRole('button', { name: 'Attesa', exact: true }).click();
    await expect(row.getByRole('button')).toHaveText(['Riprendi', 'Termina']);
    await expect(row).toContainText('In attesa');
    await expect.poll(() => simLine('phone-reception', line)).toBe('held');
    await shoot(page, 'calls-italian-held');
    await row.getByRole('button', { name: 'Termina', exact: true }).click();
    await expect.poll(() => simLine('phone-reception', line)).toBe('idle');
    await expect(page.getByRole('region', { name: 'Chiamate recenti' })).toBeVisible();
    await expect(page.getByRole('combobox', { name: 'Numero o nome' })).toBeVisible();
  } finally {
    await updateSettings({ desktop: { language: 'en' } });
  }
});

test('with the PBX route, the dial pad asks Kalliope to ring my extension first, then the number', async ({ page }) => {
  await openApp(page);
  await updateSettings({ dialRoute: { kind: 'pbx', deviceId: 'kalliope', extension: '200' } });
  try {
    await expect(page.getByTestId('route-hint')).toHaveText('Calls go through KalliopePBX — Sede di Milano: it rings extension 200 first.');
    const field = page.getByRole('combobox', { name: 'Number or name' });
    await field.fill('031 274 1100');
    await field.press('Enter');
    await expect(page.getByTestId('dial-status')).toHaveText('KalliopePBX — Sede di Milano rings extension 200 first, then calls 0312741100.');
    const lastClick2Call = async () => {
      const st = (await control(ep, 'GET', '/devices/kalliope/state')) as { state: { click2calls: { exten: string; number: string }[] } };
      return st.state.click2calls.at(-1);
    };
    await expect.poll(lastClick2Call).toMatchObject({ exten: '200', number: '0312741100' });
    // The PBX rings the reception phone first: the banner shows it, Accept connects the second leg.
    const banner = page.getByRole('region', { name: 'Incoming calls' });
    await banner.getByRole('button', { name: 'Accept', exact: true }).click();
    await expect
      .poll(async () => (await simLines('phone-reception')).find((l) => l.direction === 'out' && l.state !== 'idle')?.remoteNumber)
      .toBe('0312741100');
    await shoot(page, 'calls-dial-pbx-route');
    await hangUpAll(page, 'phone-reception');
  } finally {
    await updateSettings({ dialRoute: null });
  }
});
