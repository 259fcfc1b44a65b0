import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { entitiesOf, useOffice } from '../../state/office';
import { SaveStatus, SettingsField, useErrorText, useSave } from './parts';
import {
  numberingForm,
  numberingFromForm,
  routeForm,
  routeFromForm,
  ROUTE_KINDS,
  validateNumbering,
  validateRoute,
  type NumberingField,
  type NumberingForm,
  type PublicSettings,
  type RouteForm,
} from './settings-model';

/** Where calls are placed from: my desk phone (and account) or the PBX ringing my extension first. */
export function CallRouteCard(props: { settings: PublicSettings }) {
  const { t } = useTranslation('settings');
  const errorText = useErrorText();
  const entities = useOffice((s) => s.entities);
  const devices = useMemo(() => entitiesOf(entities, 'device'), [entities]);
  const phones = devices.filter((d) => ROUTE_KINDS.phone.includes(d.kind));
  const pbxs = devices.filter((d) => ROUTE_KINDS.pbx.includes(d.kind));
  const [f, setF] = useState<RouteForm>(() => {
    const r = routeForm(props.settings.dialRoute);
    return { ...r, phoneId: r.phoneId || phones[0]?.id || '', pbxId: r.pbxId || pbxs[0]?.id || '' };
  });
  const [shown, setShown] = useState(false);
  const state = useSave();
  const effective = props.settings.effectiveRoute;
  const errors = shown ? validateRoute(f) : {};
  const set = (patch: Partial<RouteForm>) => setF((old) => ({ ...old, ...patch }));

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setShown(true);
    if (Object.keys(validateRoute(f)).length > 0) return;
    void state.save({ dialRoute: routeFromForm(f) });
  };
  const server = (k: string) => state.issues[`dialRoute.${k}`];

  return (
    <form className="card stack" aria-labelledby="route-title" onSubmit={submit} noValidate>
      <h2 id="route-title" className="card-title">
        {t('route.title')}
      </h2>
      <p className="muted">{t('route.intro')}</p>
      <fieldset className="radio-group">
        <legend className="sr-only">{t('route.title')}</legend>
        {(['auto', 'phone', 'pbx'] as const).map((k) => (
          <div key={k} className="radio-option">
            <label className="check">
              <input type="radio" name="route-kind" value={k} checked={f.kind === k} aria-describedby={`route-kind-${k}-help`} onChange={() => set({ kind: k })} />
              <strong>{t(`route.kind.${k}`)}</strong>
            </label>
            <span id={`route-kind-${k}-help`} className="field-help">
              {t(`route.kind.${k}Help`)}
            </span>
          </div>
        ))}
      </fieldset>
      {f.kind === 'phone' ? (
        <div className="grid-2">
          <SettingsField id="route-phone" label={t('route.phone.device')} error={errorText(errors.phoneId, t('route.phone.device')) ?? server('deviceId')} help={phones.length === 0 ? t('route.noPhones') : undefined}>
            {(a) => (
              <select {...a} value={f.phoneId} onChange={(e) => set({ phoneId: e.target.value })}>
                {phones.length === 0 ? <option value="">—</option> : null}
                {phones.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            )}
          </SettingsField>
          <SettingsField id="route-account" label={t('route.phone.account')} help={t('route.phone.accountHelp')} error={errorText(errors.account, t('route.phone.account')) ?? server('account')}>
            {(a) => <input {...a} inputMode="numeric" placeholder="1" value={f.account} onChange={(e) => set({ account: e.target.value })} />}
          </SettingsField>
        </div>
      ) : null}
      {f.kind === 'pbx' ? (
        <div className="grid-2">
          <SettingsField id="route-pbx" label={t('route.pbx.device')} error={errorText(errors.pbxId, t('route.pbx.device')) ?? server('deviceId')} help={pbxs.length === 0 ? t('route.noPbx') : undefined}>
            {(a) => (
              <select {...a} value={f.pbxId} onChange={(e) => set({ pbxId: e.target.value })}>
                {pbxs.length === 0 ? <option value="">—</option> : null}
                {pbxs.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            )}
          </SettingsField>
          <SettingsField id="route-extension" label={t('route.pbx.extension')} help={t('route.pbx.extensionHelp')} error={errorText(errors.extension, t('route.pbx.extension')) ?? server('extension')}>
            {(a) => <input {...a} inputMode="numeric" placeholder="200" value={f.extension} onChange={(e) => set({ extension: e.target.value })} />}
          </SettingsField>
        </div>
      ) : null}
      <p className="alert alert-info" data-testid="effective-route">
        {effective
          ? t(effective.kind === 'phone' ? 'route.nowPhone' : 'route.nowPbx', { device: effective.deviceName, account: effective.account ?? '—', extension: effective.extension ?? '—' })
          : t('route.nowNone')}
      </p>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={state.saving}>
          {t('route.save')}
        </button>
        <SaveStatus state={state} />
      </div>
    </form>
  );
}

const NUMBERING_FIELDS: readonly NumberingField[] = ['countryCode', 'internationalPrefix', 'trunkPrefix', 'outsideLinePrefix', 'internalMaxDigits'];

/** How numbers are normalised for matching callers and dialling out. */
export function NumberingCard(props: { settings: PublicSettings }) {
  const { t } = useTranslation('settings');
  const errorText = useErrorText();
  const [f, setF] = useState<NumberingForm>(() => numberingForm(props.settings.numbering));
  const [shown, setShown] = useState(false);
  const state = useSave();
  const errors = shown ? validateNumbering(f) : {};
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    setShown(true);
    const found = validateNumbering(f);
    const first = NUMBERING_FIELDS.find((k) => found[k]);
    if (first) {
      document.getElementById(`numbering-${first}`)?.focus();
      return;
    }
    void state.save({ numbering: numberingFromForm(f) });
  };
  return (
    <form className="card stack" aria-labelledby="numbering-title" onSubmit={submit} noValidate>
      <h2 id="numbering-title" className="card-title">
        {t('numbering.title')}
      </h2>
      <p className="muted">{t('numbering.intro')}</p>
      <div className="grid-2">
        {NUMBERING_FIELDS.map((k) => (
          <SettingsField key={k} id={`numbering-${k}`} label={t(`numbering.${k}`)} help={t(`numbering.${k}Help`)} error={errorText(errors[k], t(`numbering.${k}`)) ?? state.issues[`numbering.${k}`]}>
            {(a) => <input {...a} inputMode="numeric" value={f[k]} onChange={(e) => setF((old) => ({ ...old, [k]: e.target.value }))} />}
          </SettingsField>
        ))}
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={state.saving}>
          {t('numbering.save')}
        </button>
        <SaveStatus state={state} />
      </div>
    </form>
  );
}
