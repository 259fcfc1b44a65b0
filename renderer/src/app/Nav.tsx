import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useOffice } from '../state/office';
import { navTarget, voicemailTotal } from './frame-logic';
import { useNavigation } from './navigation';
import { SECTIONS } from './sections';

/**
 * The section list. One Tab stop (the current section; roving tabindex): arrows, Home and End move
 * between sections, Enter or Space opens one. The voicemail total shows as a badge.
 */
export function Nav() {
  const { t } = useTranslation();
  const section = useNavigation((s) => s.section);
  const go = useNavigation((s) => s.go);
  const entities = useOffice((s) => s.entities);
  const unheard = useMemo(() => voicemailTotal(entities), [entities]);
  const buttons = useRef<(HTMLButtonElement | null)[]>([]);

  const onKeyDown = (e: React.KeyboardEvent<HTMLButtonElement>, index: number) => {
    const next = navTarget(e.key, index, SECTIONS.length);
    if (next === null) return;
    e.preventDefault();
    buttons.current[next]?.focus();
  };

  return (
    <nav className="side-nav" aria-label={t('nav.sections')}>
      <div className="brand">{t('appName')}</div>
      <ul>
        {SECTIONS.map((s, i) => {
          const current = s.id === section;
          const badge = s.id === 'voicemail' && unheard > 0;
          return (
            <li key={s.id}>
              <button
                ref={(el) => {
                  buttons.current[i] = el;
                }}
                type="button"
                className={current ? 'nav-item active' : 'nav-item'}
                aria-current={current ? 'page' : undefined}
                tabIndex={current ? 0 : -1}
                data-section={s.id}
                onClick={() => go(s.id)}
                onKeyDown={(e) => onKeyDown(e, i)}
              >
                <span>{t(`section.${s.id}`)}</span>
                {badge ? (
                  <span className="count-badge" data-testid="nav-voicemail-badge" aria-label={t('nav.voicemailBadge', { count: unheard })}>
                    {unheard > 99 ? '99+' : unheard}
                  </span>
                ) : null}
              </button>
            </li>
          );
        })}
      </ul>
      <p className="nav-hint">{t('nav.hint')}</p>
    </nav>
  );
}
