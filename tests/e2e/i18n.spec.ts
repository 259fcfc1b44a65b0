/** Flow 9: switch the language to Italian in Settings; the navigation, the status bar, the call buttons and the sections speak Italian, and the choice is kept. */
import { expect, test } from 'playwright/test';
import { control, controlEndpoint, startHarness, type RunningHarness } from './harness';
import { hub, openOffice, shootBoth } from './frame-helpers';

let harness: RunningHarness;
test.beforeAll(async () => {
  harness = await startHarness(['--demo']);
});
test.afterAll(async () => {
  await harness?.stop();
});

const ITALIAN_NAV = ['Chiamate', 'Contatti', 'Telecamere', 'Segreteria', 'Presenze', 'Dispositivi', 'Impostazioni'];

test('Italian from Settings: navigation, status bar and sections; kept after a reload; back to English', async ({ page }) => {
  const total = await openOffice(page, harness.info);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
  await page.getByLabel('Language').selectOption('it');

  const nav = page.getByRole('navigation', { name: 'Sezioni' });
  await expect(nav).toBeVisible();
  for (const label of ITALIAN_NAV) await expect(nav.getByRole('button', { name: label })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await expect(page.getByTestId('status-summary')).toHaveText(`Tutti i dispositivi sono online (${total})`);
  await expect(page.getByRole('heading', { name: 'Impostazioni', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Lingua')).toHaveValue('it');
  await expect.poll(async () => (await hub(page, 'settings.get')).desktop.language).toBe('it');
  await shootBoth(page, 'i18n-settings-it');

  await nav.getByRole('button', { name: 'Dispositivi' }).click();
  await expect(page.getByRole('heading', { name: 'Dispositivi', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Aggiungi dispositivo' })).toBeVisible();
  await expect(page.getByTestId('device-kalliope')).toContainText('Online');
  await expect(page.getByTestId('device-kalliope')).toContainText('Sola lettura (ufficio demo)');
  await shootBoth(page, 'i18n-devices-it');

  // The call buttons speak Italian too, and still reach the phone.
  const ep = controlEndpoint(harness.info);
  const simLine = async (line: number) => ((await control(ep, 'GET', '/devices/phone-reception/state')) as { state: { lines: { line: number; state: string }[] } }).state.lines.find((l) => l.line === line)?.state;
  const { line } = (await control(ep, 'POST', '/phones/phone-reception/ring', { number: '0312741100' })) as { line: number };
  const banner = page.getByRole('region', { name: 'Chiamate in arrivo' });
  await expect(banner.getByRole('button', { name: 'Accetta', exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(banner.getByRole('button', { name: 'Rifiuta', exact: true })).toBeVisible();
  await nav.getByRole('button', { name: 'Chiamate' }).click();
  const row = page.getByTestId(`line-phone-reception-${line}`);
  await expect(row.getByRole('button')).toHaveText(['Accetta', 'Rifiuta']);
  await shootBoth(page, 'i18n-calls-ringing-it');
  await row.getByRole('button', { name: 'Accetta', exact: true }).click();
  await expect(row.getByRole('button')).toHaveText(['Attesa', 'Termina']);
  await expect.poll(() => simLine(line)).toBe('connected');
  await row.getByRole('button', { name: 'Attesa', exact: true }).click();
  await expect(row.getByRole('button')).toHaveText(['Riprendi', 'Termina']);
  await expect.poll(() => simLine(line)).toBe('held');
  await row.getByRole('button', { name: 'Termina', exact: true }).click();
  await expect.poll(() => simLine(line)).toBe('idle');

  // The hub keeps the choice: a fresh window opens in Italian.
  await page.reload();
  await expect(page.getByRole('navigation', { name: 'Sezioni' }).getByRole('button', { name: 'Chiamate' })).toBeVisible();
  await expect(page.getByTestId('status-summary')).toHaveText(`Tutti i dispositivi sono online (${total})`, { timeout: 30_000 });

  await page.getByRole('navigation', { name: 'Sezioni' }).getByRole('button', { name: 'Impostazioni' }).click();
  await page.getByLabel('Lingua').selectOption('en');
  await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Calls' })).toBeVisible();
  await expect(page.getByTestId('status-summary')).toHaveText(`All ${total} devices online`);
  await expect.poll(async () => (await hub(page, 'settings.get')).desktop.language).toBe('en');
});
