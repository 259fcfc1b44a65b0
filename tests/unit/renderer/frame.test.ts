import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AppInfo } from '../../../shared/ipc/contract';
import type { Entity, MailboxEntity } from '../../../shared/office';
import { firstRunState, isSearchShortcut, isTypingTarget, navTarget, themeOf, voicemailTotal } from '../../../renderer/src/app/frame-logic';
import { en as commonEn, it as commonIt } from '../../../renderer/src/i18n/common';
import { findChromium, type ChromiumProbe } from '../../../scripts/chromium';
import { BUDGET_BYTES, formatReport, measure } from '../../../scripts/bundle-size';

const box = (deviceId: string, mailbox: string, n: number | null): MailboxEntity => ({ type: 'mailbox', deviceId, mailbox, new: n, old: 0, urgent: 0, enabled: true, watched: true });
const info = (demo: boolean): AppInfo => ({ name: 'Frontdesk', version: '0', mode: 'web', demo, platform: 'linux', secretProtection: 'memory' });

describe('frame: voicemail badge', () => {
  it('sums new messages over every mailbox, ignoring unknown counts and other entities', () => {
    const entities: Record<string, Entity> = {
      'mailbox/k/200': box('k', '200', 2),
      'mailbox/k/201': box('k', '201', null),
      'mailbox/n/301': box('n', '301', 3),
      'device/k': { type: 'device', id: 'k', name: 'K', kind: 'kalliope', health: 'online' },
    };
    expect(voicemailTotal(entities)).toBe(5);
    expect(voicemailTotal({})).toBe(0);
  });
});

describe('frame: navigation keys', () => {
  it('moves with arrows (wrapping), Home and End; other keys are not navigation', () => {
    expect(navTarget('ArrowDown', 0, 7)).toBe(1);
    expect(navTarget('ArrowDown', 6, 7)).toBe(0);
    expect(navTarget('ArrowUp', 0, 7)).toBe(6);
    expect(navTarget('ArrowRight', 2, 7)).toBe(3);
    expect(navTarget('ArrowLeft', 2, 7)).toBe(1);
    expect(navTarget('Home', 4, 7)).toBe(0);
    expect(navTarget('End', 0, 7)).toBe(6);
    expect(navTarget('Enter', 0, 7)).toBeNull();
    expect(navTarget('a', 0, 7)).toBeNull();
    expect(navTarget('ArrowDown', 0, 0)).toBeNull();
  });
});

describe('frame: the / shortcut', () => {
  it('is a plain / outside text fields', () => {
    expect(isSearchShortcut({ key: '/' }, { tagName: 'BUTTON' })).toBe(true);
    expect(isSearchShortcut({ key: '/' }, null)).toBe(true);
    expect(isSearchShortcut({ key: '/' }, { tagName: 'INPUT', type: 'checkbox' })).toBe(true);
  });
  it('types a / in fields and ignores modified or handled keys', () => {
    expect(isSearchShortcut({ key: '/' }, { tagName: 'INPUT', type: 'text' })).toBe(false);
    expect(isSearchShortcut({ key: '/' }, { tagName: 'INPUT', type: 'search' })).toBe(false);
    expect(isSearchShortcut({ key: '/' }, { tagName: 'INPUT' })).toBe(false);
    expect(isSearchShortcut({ key: '/' }, { tagName: 'textarea' })).toBe(false);
    expect(isSearchShortcut({ key: '/' }, { tagName: 'DIV', isContentEditable: true })).toBe(false);
    expect(isSearchShortcut({ key: '/', ctrlKey: true }, null)).toBe(false);
    expect(isSearchShortcut({ key: '/', metaKey: true }, null)).toBe(false);
    expect(isSearchShortcut({ key: '/', altKey: true }, null)).toBe(false);
    expect(isSearchShortcut({ key: '/', defaultPrevented: true }, null)).toBe(false);
    expect(isSearchShortcut({ key: '?' }, null)).toBe(false);
    expect(isTypingTarget({ tagName: 'SELECT' })).toBe(true);
  });
});

describe('frame: first run and theme', () => {
  it('offers the first-run choices only once loaded, outside the demo, with no device', () => {
    expect(firstRunState(null, true, 0)).toBe('loading');
    expect(firstRunState(info(false), false, 0)).toBe('loading');
    expect(firstRunState(info(false), true, 0)).toBe('first-run');
    expect(firstRunState(info(true), true, 0)).toBe('office');
    expect(firstRunState(info(false), true, 2)).toBe('office');
  });
  it('reads a stored theme, anything unknown is system', () => {
    expect(themeOf('dark')).toBe('dark');
    expect(themeOf('light')).toBe('light');
    expect(themeOf('system')).toBe('system');
    expect(themeOf(null)).toBe('system');
    expect(themeOf('purple')).toBe('system');
  });
});

describe('frame: strings', () => {
  it('has an Italian string for every English one, with the same placeholders', () => {
    const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    expect(Object.keys(commonIt).sort()).toEqual(Object.keys(commonEn).sort());
    for (const [k, v] of Object.entries(commonEn)) expect(placeholders(commonIt[k as keyof typeof commonEn]), k).toEqual(placeholders(v));
  });
});

describe('the test command: finding Chromium', () => {
  const probe = (env: Record<string, string>, executables: string[], pw?: string): ChromiumProbe => ({
    env,
    isExecutable: (p) => executables.includes(p),
    playwrightPath: () => pw,
  });
  it('prefers FRONTDESK_CHROMIUM, then the system, then Playwright’s cache', () => {
    expect(findChromium(probe({ FRONTDESK_CHROMIUM: '/opt/c/chrome' }, ['/opt/c/chrome', '/usr/bin/chromium']))).toEqual({ found: { path: '/opt/c/chrome', source: 'FRONTDESK_CHROMIUM' } });
    expect(findChromium(probe({}, ['/usr/bin/chromium', '/pw/chrome'], '/pw/chrome'))).toEqual({ found: { path: '/usr/bin/chromium', source: 'system' } });
    expect(findChromium(probe({}, ['/usr/bin/chromium-browser']))).toEqual({ found: { path: '/usr/bin/chromium-browser', source: 'system' } });
    expect(findChromium(probe({}, ['/pw/chrome'], '/pw/chrome'))).toEqual({ found: { path: '/pw/chrome', source: 'playwright' } });
  });
  it('never replaces a wrong FRONTDESK_CHROMIUM silently', () => {
    const r = findChromium(probe({ FRONTDESK_CHROMIUM: '/nope' }, ['/usr/bin/chromium']));
    expect(r).toHaveProperty('error');
    expect((r as { error: string }).error).toContain('/nope');
  });
  it('lists every place it checked when none is there', () => {
    const r = findChromium(probe({}, [], '/pw/chrome'));
    expect(r).toEqual({ missing: ['FRONTDESK_CHROMIUM (not set)', '/usr/bin/chromium', '/usr/bin/chromium-browser', "Playwright's cache (/pw/chrome)"] });
  });
});

describe('the test command: renderer size budget', () => {
  it('gzips each file, totals them and checks the 300 KB budget', () => {
    const big = new Uint8Array(randomBytes(400 * 1024)); // does not compress
    const small = new TextEncoder().encode('export const a = 1;'.repeat(100));
    const ok = measure([{ file: 'small.js', content: small }]);
    expect(ok.ok).toBe(true);
    expect(ok.totalGzipBytes).toBeLessThan(small.byteLength);
    expect(BUDGET_BYTES).toBe(307_200);
    const tooBig = measure([
      { file: 'small.js', content: small },
      { file: 'big.js', content: big },
    ]);
    expect(tooBig.ok).toBe(false);
    expect(tooBig.files[0]?.file).toBe('big.js');
    expect(formatReport(tooBig)).toMatch(/total .* gzipped \(budget 300\.0 KB\)/);
  });
});
