/** Pure rules of the app frame (navigation keys, the "/" shortcut, badges, first run), unit-tested without a DOM. */
import type { AppInfo } from '../../../shared/ipc/contract';
import type { Entity } from '../../../shared/office';

/** The voicemail badge: the sum of `new` over every mailbox entity that reports a count. */
export function voicemailTotal(entities: Record<string, Entity>): number {
  let total = 0;
  for (const e of Object.values(entities)) {
    if (e.type === 'mailbox' && typeof e.new === 'number' && e.new > 0) total += e.new;
  }
  return total;
}

/** Where a key moves the focus inside the navigation (wrapping), or null when the key is not a navigation key. */
export function navTarget(key: string, index: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case 'ArrowDown':
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowUp':
    case 'ArrowLeft':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** What the "/" shortcut needs to know about the focused element. */
export interface FocusedElementLike {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
}

const TEXT_INPUT_TYPES = new Set(['', 'text', 'search', 'email', 'number', 'password', 'tel', 'url']);

/** True when the user is typing into a field (there "/" is a character, not a shortcut). */
export function isTypingTarget(el: FocusedElementLike | null | undefined): boolean {
  if (!el) return false;
  if (el.isContentEditable) return true;
  const tag = (el.tagName ?? '').toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') return TEXT_INPUT_TYPES.has((el.type ?? '').toLowerCase());
  return false;
}

export interface KeyLike {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  defaultPrevented?: boolean;
}

/** "/" with no modifier, outside a text field, focuses the current section's search box. */
export function isSearchShortcut(e: KeyLike, focused: FocusedElementLike | null | undefined): boolean {
  return e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !e.defaultPrevented && !isTypingTarget(focused);
}

export type FirstRunState = 'loading' | 'first-run' | 'office';

/** No demo office and no device configured: the app offers the demo office or adding a device. */
export function firstRunState(info: AppInfo | null, ready: boolean, deviceCount: number): FirstRunState {
  if (!info || !ready) return 'loading';
  return !info.demo && deviceCount === 0 ? 'first-run' : 'office';
}

export type ThemeChoice = 'system' | 'light' | 'dark';

/** A stored theme word, or 'system' for anything else. */
export function themeOf(value: unknown): ThemeChoice {
  return value === 'light' || value === 'dark' ? value : 'system';
}
