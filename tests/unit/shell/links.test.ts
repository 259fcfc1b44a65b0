import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NUMBERING } from '../../../main/core/persistence/stores';
import { ShellController } from '../../../main/shell/controller';
import { callLinkInArgv, LinkInbox, listenForLinks, parseCallLink, protocolClientArgs, type LinkSource } from '../../../main/shell/links';
import { shellStrings } from '../../../main/shell/strings';
import { makeRig, surfaces } from './shell-rig';

const en = shellStrings('en');
const rules = DEFAULT_NUMBERING; // Italy: country 39, international prefix 00, no trunk prefix
const parse = (url: string) => parseCallLink(url, rules, en);

describe('call link parsing', () => {
  it('reads tel:, callto: and sip: links into the normalised number and what will be dialled', () => {
    expect(parse('tel:+39-06-1234-5678')).toEqual({ ok: true, scheme: 'tel', raw: '+39-06-1234-5678', number: '+390612345678', dial: '0612345678' });
    expect(parse('tel:%2B39%2006%201234%205678')).toMatchObject({ ok: true, number: '+390612345678' });
    expect(parse('TEL:0612345678')).toMatchObject({ ok: true, scheme: 'tel', number: '+390612345678', dial: '0612345678' });
    expect(parse('tel:+1-202-555-0100;ext=12;phone-context=example.com')).toMatchObject({ ok: true, number: '+12025550100', dial: '0012025550100' });
    expect(parse('callto://+44 20 7946 0958')).toMatchObject({ ok: true, scheme: 'callto', number: '+442079460958' });
    expect(parse('callto:201')).toMatchObject({ ok: true, number: '201', dial: '201' });
    expect(parse('sip:201@pbx.example.com;transport=tls')).toMatchObject({ ok: true, scheme: 'sip', number: '201', dial: '201' });
    expect(parse('sips:+390612345678@pbx.example.com')).toMatchObject({ ok: true, scheme: 'sips', number: '+390612345678' });
    expect(parse('tel:*97')).toMatchObject({ ok: true, number: '*97', dial: '*97' });
  });

  it('refuses malformed or non-number links with a message', () => {
    expect(parse('tel:')).toEqual({ ok: false, message: 'This call link has no number.' });
    expect(parse('tel:;phone-context=x')).toEqual({ ok: false, message: 'This call link has no number.' });
    expect(parse('tel:%E0%A4%A')).toEqual({ ok: false, message: 'This call link is damaged (a bad % escape).' });
    expect(parse('tel:call-me-maybe')).toEqual({ ok: false, message: '"call-me-maybe" is not a phone number, so Frontdesk cannot call it.' });
    expect(parse('sip:alice@example.com')).toEqual({ ok: false, message: '"alice" is not a phone number, so Frontdesk cannot call it.' });
    expect(parse('callto:skype.user')).toMatchObject({ ok: false });
    expect(parse('tel:2026-03-02')).toMatchObject({ ok: false }); // a date, not a number
    expect(parse('tel:+39+06')).toMatchObject({ ok: false });
    expect(parse('tel:1234567890123456789')).toEqual({ ok: false, message: expect.stringMatching(/too long/) });
    expect(parse(`tel:${'1'.repeat(300)}`)).toEqual({ ok: false, message: 'This call link is too long to be a phone number.' });
    expect(parse('https://evil.example/tel:123')).toEqual({ ok: false, message: 'This link is not a phone call (tel:, callto: or sip:).' });
    expect(parse('javascript:alert(1)')).toMatchObject({ ok: false });
    expect(parseCallLink('tel:0612345678', rules, shellStrings('it'))).toMatchObject({ ok: true });
    expect(parseCallLink('tel:', rules, shellStrings('it'))).toEqual({ ok: false, message: 'Questo link di chiamata non contiene un numero.' });
  });

  it('finds the link in a second instance argv (Windows, Linux), ignoring switches', () => {
    expect(callLinkInArgv(['C:\\Program Files\\Frontdesk\\Frontdesk.exe', '--allow-file-access-from-files', 'tel:+390612345678'])).toBe('tel:+390612345678');
    expect(callLinkInArgv(['/usr/bin/frontdesk', '--no-sandbox', 'sip:201@pbx'])).toBe('sip:201@pbx');
    expect(callLinkInArgv(['/usr/bin/electron', '/app', '--hidden'])).toBeUndefined();
    expect(callLinkInArgv(['/x', '--url=tel:1'])).toBeUndefined();
  });

  it('registers as protocol client with the app folder only in a development run', () => {
    expect(protocolClientArgs({ defaultApp: false, execPath: '/opt/Frontdesk/frontdesk', appPath: '/opt/Frontdesk/resources/app.asar' })).toEqual([]);
    expect(protocolClientArgs({ defaultApp: true, execPath: '/x/electron', appPath: '/src/frontdesk' })).toEqual(['/x/electron', ['/src/frontdesk']]);
  });
});

describe('links arriving: queued before ready, second-instance, open-url', () => {
  class FakeApp extends EventEmitter implements LinkSource {}

  it('queues links that arrive before the app is ready, then delivers them in order', () => {
    const inbox = new LinkInbox(3);
    const app = new FakeApp();
    const plain: number[] = [];
    listenForLinks(app, inbox, ['/opt/frontdesk', 'tel:101'], () => plain.push(1));
    app.emit('open-url', { preventDefault: () => undefined }, 'tel:102');
    app.emit('second-instance', {}, ['/opt/frontdesk', 'callto:103']);
    app.emit('second-instance', {}, ['/opt/frontdesk', 'sip:104@pbx']);
    expect(inbox.pending).toEqual(['tel:102', 'callto:103', 'sip:104@pbx']);
    const got: string[] = [];
    inbox.ready((u) => got.push(u));
    expect(got).toEqual(['tel:102', 'callto:103', 'sip:104@pbx']); // tel:101 was the oldest of four: dropped
    app.emit('second-instance', {}, ['/opt/frontdesk', 'tel:105']);
    expect(got.at(-1)).toBe('tel:105');
    expect(inbox.pending).toEqual([]);
    app.emit('second-instance', {}, ['/opt/frontdesk']);
    expect(plain).toEqual([1]);
  });

  it('macOS open-url is taken over (preventDefault)', () => {
    const app = new FakeApp();
    const inbox = new LinkInbox();
    listenForLinks(app, inbox, [], () => undefined);
    let prevented = false;
    app.emit('open-url', { preventDefault: () => (prevented = true) }, 'tel:201');
    expect(prevented).toBe(true);
    expect(inbox.pending).toEqual(['tel:201']);
  });

  it('a link opens the confirmation bar with the normalised number; a bad one explains why, dialling nothing', async () => {
    const rig = makeRig();
    const ui = surfaces();
    const controller = new ShellController(rig.core, ui);
    await controller.start();
    const app = new FakeApp();
    const inbox = new LinkInbox();
    listenForLinks(app, inbox, ['/x', 'tel:+39 06 1234 5678'], () => undefined);
    inbox.ready((url) => controller.handleLink(url));
    app.emit('second-instance', {}, ['/x', 'tel:%zz']);
    expect(ui.bars).toEqual([{ number: '+390612345678', confirm: true, dial: '0612345678' }]);
    expect(ui.feedbacks).toEqual(['This call link is damaged (a bad % escape).']);
    expect(rig.of('calls.dial')).toEqual([]);
  });
});
