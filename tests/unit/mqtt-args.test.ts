/** `npm run hub` arguments and its secrets file: credentials never from argv, files owner-only. */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HubUsageError, parseHubArgs } from '../../main/hub/args';
import { brokerErrorText, isRefusal } from '../../main/hub/connect';
import { passwordLine } from '../../main/hub/local-broker';
import { FileSecretStore, SecretFileError } from '../../main/hub/secret-file';

const dir = mkdtempSync(join(tmpdir(), 'frontdesk-hub-args-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string, mode = 0o600) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  chmodSync(p, mode);
  return p;
};

describe('npm run hub arguments', () => {
  it('takes the broker, office and prefix, and credentials from the environment', async () => {
    const a = await parseHubArgs(['--broker', 'mqtts://broker.example.com:8883', '--office', 'milano', '--prefix', 'acme/fd', '--dir', dir], { FRONTDESK_BROKER_USERNAME: 'hub', FRONTDESK_BROKER_PASSWORD: 's3cret' });
    expect(a).toMatchObject({ broker: 'mqtts://broker.example.com:8883', office: 'milano', prefix: 'acme/fd', username: 'hub', password: 's3cret', dir, secrets: join(dir, 'secrets.json'), demo: false });
  });

  it('refuses any password on the command line, whatever the flag looks like', async () => {
    for (const argv of [['--password', 'x'], ['--password=x'], ['-p', 'x'], ['--pass', 'x'], ['--token=x']]) {
      await expect(parseHubArgs(['--broker', 'mqtt://127.0.0.1:1883', ...argv], {})).rejects.toThrow(/never taken from the command line/);
    }
  });

  it('reads a credentials file only when it is owner-only and well formed', async () => {
    const good = file('creds.json', JSON.stringify({ username: 'hub', password: 'pw' }));
    expect(await parseHubArgs(['--broker', 'mqtt://127.0.0.1:1883', '--credentials', good], {})).toMatchObject({ username: 'hub', password: 'pw' });
    const open = file('open.json', JSON.stringify({ username: 'hub', password: 'pw' }), 0o644);
    await expect(parseHubArgs(['--broker', 'mqtt://127.0.0.1:1883', '--credentials', open], {})).rejects.toThrow(/chmod 600/);
    const bad = file('bad.json', '{"user": 1}');
    await expect(parseHubArgs(['--broker', 'mqtt://127.0.0.1:1883', '--credentials', bad], {})).rejects.toThrow(/must be JSON/);
    await expect(parseHubArgs(['--broker', 'mqtt://127.0.0.1:1883', '--credentials', join(dir, 'missing.json')], {})).rejects.toThrow(/cannot read/);
    await expect(parseHubArgs(['--broker', 'mqtt://127.0.0.1:1883'], { FRONTDESK_BROKER_PASSWORD: 'pw' })).rejects.toThrow(/without FRONTDESK_BROKER_USERNAME/);
  });

  it('says what is wrong with a missing or unsafe broker address, ids and options', async () => {
    await expect(parseHubArgs([], {})).rejects.toThrow(/--broker mqtts:\/\/HOST:PORT is required/);
    await expect(parseHubArgs(['--broker', 'mqtt://10.0.0.5:1883'], {})).rejects.toThrow(/mqtts/);
    await expect(parseHubArgs(['--broker', 'mqtts://u:p@host:8883'], {})).rejects.toThrow(/user or password/);
    await expect(parseHubArgs(['--broker', 'mqtts://h:8883', '--office', 'a/b'], {})).rejects.toThrow(HubUsageError);
    await expect(parseHubArgs(['--broker', 'mqtts://h:8883', '--prefix', '#'], {})).rejects.toThrow(HubUsageError);
    await expect(parseHubArgs(['--broker', 'mqtts://h:8883', '--fingerprint', 'zz'], {})).rejects.toThrow(/SHA-256/);
    await expect(parseHubArgs(['--broker', 'mqtts://h:8883', '--bogus'], {})).rejects.toThrow(HubUsageError);
    expect((await parseHubArgs(['--help'], {})).help).toBe(true);
  });
});

describe('the hub secrets file', () => {
  it('reads, writes back owner-only, and refuses a file others can read or a bad shape', async () => {
    const p = file('secrets.json', JSON.stringify({ 'phone-1': { password: 'a' } }));
    const s = new FileSecretStore(p);
    expect(await s.get('phone-1')).toEqual({ password: 'a' });
    await s.set('pbx', { password: 'b', secret: 'c' });
    await s.delete('phone-1');
    expect(JSON.parse(readFileSync(p, 'utf8'))).toEqual({ pbx: { password: 'b', secret: 'c' } });
    expect(statSync(p).mode & 0o077).toBe(0);
    expect(s.protection).toBe('weak');
    await expect(new FileSecretStore(file('open-secrets.json', '{}', 0o644)).load()).rejects.toThrow(/chmod 600/);
    await expect(new FileSecretStore(file('bad-secrets.json', '{"x": {"pw": 1}}')).load()).rejects.toThrow(SecretFileError);
    await expect(new FileSecretStore(file('junk-secrets.json', 'nope')).load()).rejects.toThrow(/not JSON/);
    expect(await new FileSecretStore(join(dir, 'none.json')).get('x')).toBeUndefined();
  });
});

describe('broker helpers', () => {
  it('treats refused logins and untrusted certificates as final, and keeps credentials out of messages', () => {
    expect(isRefusal(Object.assign(new Error('x'), { code: 135 }))).toBe(true);
    expect(isRefusal(Object.assign(new Error('x'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }))).toBe(true);
    expect(isRefusal(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(brokerErrorText(new Error('connect mqtts://hub:pw@host:8883 failed'))).toBe('connect mqtts://host:8883 failed');
    expect(passwordLine('desk1', 'pw')).toMatch(/^desk1:\$7\$101\$[A-Za-z0-9+/=]{16}\$[A-Za-z0-9+/=]{88}$/);
  });
});
