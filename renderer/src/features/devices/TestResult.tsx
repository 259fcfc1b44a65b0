import { useTranslation } from 'react-i18next';
import type { InvokeOutput } from '../../../../shared/ipc/contract';
import { formatFingerprint } from './form-model';

export type TestAnswer = InvokeOutput<'devices.test'>;

const KNOWN_KINDS = new Set(['auth', 'locked-out', 'unreachable', 'timeout', 'protocol', 'device-rejected', 'license', 'unsupported-firmware', 'certificate', 'unsupported']);

/** The answer of Test connection: what the device is, or what went wrong in plain words (and a certificate to trust). */
export function TestResult(props: { answer: TestAnswer; onTrust(fingerprint: string): void; trusted: boolean }) {
  const { t } = useTranslation('devices');
  const a = props.answer;
  if (a.ok) {
    const p = a.probe;
    return (
      <div className="alert alert-good" role="status" data-testid="test-result">
        <p>
          <strong>{t('test.ok')}</strong>
        </p>
        <dl className="probe">
          <dt>{t('test.model')}</dt>
          <dd>{p.model || t('test.unknown')}</dd>
          <dt>{t('test.firmware')}</dt>
          <dd>{p.firmware && p.firmware !== 'unknown' ? p.firmware : t('test.unknown')}</dd>
          {p.family ? (
            <>
              <dt>{t('test.family')}</dt>
              <dd>
                {t(`family.${p.family}`, { defaultValue: p.family })}
                {p.generation ? ` · ${p.generation}` : ''}
              </dd>
            </>
          ) : null}
          {p.userLimits ? (
            <>
              <dt>{t('test.users')}</dt>
              <dd>
                {p.userLimits.limit === null
                  ? t('test.usersUnlimited', { edition: t(`edition.${p.userLimits.edition}`), configured: p.userLimits.configured ?? '?' })
                  : t('test.usersLimited', { edition: t(`edition.${p.userLimits.edition}`), configured: p.userLimits.configured ?? '?', limit: p.userLimits.limit })}
              </dd>
            </>
          ) : null}
          {p.mac ? (
            <>
              <dt>{t('test.mac')}</dt>
              <dd className="mono">{p.mac}</dd>
            </>
          ) : null}
          <dt>{t('test.capabilities')}</dt>
          <dd>{p.capabilities.length > 0 ? p.capabilities.map((c) => t(`cap.${c}`)).join(', ') : t('test.none')}</dd>
        </dl>
      </div>
    );
  }
  const kind = KNOWN_KINDS.has(a.kind) ? a.kind : 'error';
  const cert = a.certificate;
  return (
    <div className="alert alert-bad" role="alert" data-testid="test-result">
      <p>
        <strong>{t(`failure.${kind}`)}</strong>
      </p>
      <p>{a.message}</p>
      <p className="muted">{t(`advice.${kind}`)}</p>
      {cert ? (
        <div className="stack cert">
          <p>{t('cert.intro')}</p>
          <dl className="probe">
            <dt>{t('cert.fingerprint')}</dt>
            <dd className="mono fingerprint">{formatFingerprint(cert.fingerprint)}</dd>
            {cert.subject ? (
              <>
                <dt>{t('cert.subject')}</dt>
                <dd>{cert.subject}</dd>
              </>
            ) : null}
            {cert.issuer ? (
              <>
                <dt>{t('cert.issuer')}</dt>
                <dd>{cert.issuer}</dd>
              </>
            ) : null}
            {cert.validTo ? (
              <>
                <dt>{t('cert.validTo')}</dt>
                <dd>{cert.validTo}</dd>
              </>
            ) : null}
          </dl>
          <p className="muted small">{t('cert.check')}</p>
          <div>
            {props.trusted ? (
              <span className="badge badge-good">{t('cert.trusted')}</span>
            ) : (
              <button type="button" className="btn" onClick={() => props.onTrust(cert.fingerprint)}>
                {t('cert.trust')}
              </button>
            )}
          </div>
        </div>
      ) : null}
    </div>
  );
}
