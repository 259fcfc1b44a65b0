/** The search results: a virtualised listbox (only the visible rows exist in the DOM). */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Hit } from './data';

const ROW_HEIGHT = 54;

export const optionId = (listId: string, index: number): string => `${listId}-opt-${index}`;

export function ContactList(props: {
  id: string;
  hits: Hit[];
  active: number;
  onActive(index: number): void;
  onOpen(index: number): void;
  onKeyDown(e: KeyboardEvent<HTMLElement>): void;
}) {
  const { t } = useTranslation('contacts');
  const parent = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count: props.hits.length, getScrollElement: () => parent.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  useEffect(() => {
    if (props.active >= 0 && props.active < props.hits.length) v.scrollToIndex(props.active, { align: 'auto' });
  }, [props.active, props.hits, v]);
  return (
    <div
      ref={parent}
      id={props.id}
      className="ct-list"
      role="listbox"
      tabIndex={0}
      aria-label={t('list.label', { count: props.hits.length })}
      aria-activedescendant={props.hits.length > 0 && props.active >= 0 ? optionId(props.id, props.active) : undefined}
      onKeyDown={props.onKeyDown}
    >
      <div className="ct-list-inner" style={{ height: v.getTotalSize() }}>
        {v.getVirtualItems().map((item) => {
          const h = props.hits[item.index] as Hit;
          const c = h.contact;
          const first = c.numbers[0];
          const more = c.numbers.length - 1;
          return (
            <div
              key={c.key}
              id={optionId(props.id, item.index)}
              role="option"
              aria-selected={item.index === props.active}
              aria-setsize={props.hits.length}
              aria-posinset={item.index + 1}
              data-key={c.key}
              className={item.index === props.active ? 'ct-row active' : 'ct-row'}
              style={{ height: item.size, transform: `translateY(${item.start}px)` }}
              onClick={() => props.onActive(item.index)}
              onDoubleClick={() => props.onOpen(item.index)}
            >
              <div className="ct-row-main">
                <span className="ct-row-name">{c.name || t('unnamed')}</span>
                {c.company ? <span className="ct-row-company">{c.company}</span> : null}
              </div>
              <div className="ct-row-side">
                <span className="ct-row-number">
                  {first ? first.number : t('noNumbers')}
                  {more > 0 ? <span className="ct-more"> {t('moreNumbers', { count: more })}</span> : null}
                </span>
                <span className="ct-row-source">{c.sourceLabel}</span>
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}
