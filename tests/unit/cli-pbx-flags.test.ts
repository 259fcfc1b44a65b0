/**
 * CLI pieces for the PBX families of issue 11: --tenant-domain (KalliopePBX 4.x only), the PBX
 * families with --family, and the optional probe fields (family, generation, NS8 userLimits).
 */
import { describe, expect, it } from 'vitest';
import { parseCli, USAGE, type CliArgs } from '../../main/cli/args';
import { probeJson } from '../../main/cli/output';
import { driverConfig } from '../../main/cli/run';
import { UsageError } from '../../main/cli/usage-error';

const K = ['--kind', 'kalliope', '--url', 'http://pbx', '--user', 'frontdesk', '--password', 'pw!4x'];

function ok(argv: string[]): CliArgs {
  const r = parseCli(argv);
  if (r.help) throw new Error('unexpected help');
  return r.args;
}

function usage(argv: string[]): string {
  try {
    parseCli(argv);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as UsageError).message;
  }
  throw new Error('expected a usage error');
}

describe('--tenant-domain', () => {
  it('is read for kalliope with any command and reaches the driver config', () => {
    const a = ok(['contacts', ...K, '--tenant-domain', ' acme.example ']);
    expect(a.connection.tenantDomain).toBe('acme.example');
    expect(driverConfig(a.connection)).toMatchObject({ kind: 'kalliope', tenantDomain: 'acme.example' });
    expect('tenantDomain' in driverConfig(ok(['probe', ...K]).connection)).toBe(false);
  });

  it('belongs to kalliope only and must look like a domain', () => {
    expect(usage(['probe', '--kind', 'nethvoice', '--url', 'http://pbx', '--user', 'admin', '--password', 'pw', '--tenant-domain', 'acme'])).toBe(
      '--tenant-domain belongs to --kind kalliope (KalliopePBX 4.x), not nethvoice',
    );
    expect(usage(['probe', ...K, '--tenant-domain', 'a b'])).toMatch(/must be a tenant domain like default/);
    expect(usage(['probe', ...K, '--tenant-domain', ''])).toMatch(/must be a tenant domain/);
  });

  it('--family takes the PBX families, and the usage text lists them', () => {
    expect(driverConfig(ok(['probe', ...K, '--family', 'kalliope-4']).connection).family).toBe('kalliope-4');
    for (const f of ['kalliope-3', 'kalliope-4', 'nethvoice-legacy', 'nethvoice-ns8', '--tenant-domain']) expect(USAGE).toContain(f);
  });
});

describe('probeJson', () => {
  it('prints family, generation and the NS8 user limits when present, and nothing else extra', () => {
    const p = probeJson({
      kind: 'nethvoice',
      model: 'NethVoice',
      firmware: 'unknown',
      capabilities: ['contacts'],
      family: 'nethvoice-ns8',
      generation: 'ns8',
      userLimits: { edition: 'community', configured: 9, limit: 8, configurable: -1, extra: 'x' } as never,
    });
    expect(p).toEqual({
      kind: 'nethvoice',
      model: 'NethVoice',
      firmware: 'unknown',
      capabilities: ['contacts'],
      family: 'nethvoice-ns8',
      generation: 'ns8',
      userLimits: { edition: 'community', configured: 9, limit: 8, configurable: -1 },
    });
    expect(probeJson({ kind: 'kalliope', model: 'KalliopePBX', firmware: '3.9.5', capabilities: [] })).toEqual({ kind: 'kalliope', model: 'KalliopePBX', firmware: '3.9.5', capabilities: [] });
  });
});
