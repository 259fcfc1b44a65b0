/**
 * Challenge login of seeds 000/001 ("WEB AUTHENTICATION GUIDE"): `loginrealm` hands out a random
 * that may be used only once; `login?Username=..&Secret=MD5(user:random:password)`.
 *
 * The login request carries no copy of the random, so the phone checks the secret against the
 * randoms it has handed out and not yet used (at most MAX_RANDOMS, each valid RANDOM_TTL_MS).
 * Sessions, lockout and randoms are plain timestamps evaluated lazily: no timers.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { MAX_LOGIN_FAILURES, type ResolvedOptions } from './options';

export type Role = 'admin' | 'user';

export interface Session {
  sid: string;
  user: string;
  role: Role;
  created: number;
  lastSeen: number;
}

export type LoginResult =
  | { ok: true; session: Session }
  | { ok: false; reason: 'unauthorized'; attemptsLeft?: number }
  | { ok: false; reason: 'locked'; retryAfterMs: number };

const MAX_RANDOMS = 16;
const RANDOM_TTL_MS = 60_000;

interface AccountLock {
  failures: number;
  lockedUntil: number;
}

export class PhoneAuth {
  adminPassword: string;
  userPassword: string;
  private randoms: Map<string, number> | null = null;
  private sessions: Map<string, Session> | null = null;
  private locks: Map<Role, AccountLock> | null = null;

  constructor(private readonly opts: ResolvedOptions) {
    this.adminPassword = opts.password;
    this.userPassword = opts.userPassword;
  }

  /** Role of a login name: the configured admin name and `gmiadmin` share the admin password (seed 000 "login"). */
  roleOf(user: string): Role | undefined {
    if (user === this.opts.username || user === 'gmiadmin') return 'admin';
    if (user === 'user') return 'user';
    return undefined;
  }

  passwordOf(role: Role): string {
    return role === 'admin' ? this.adminPassword : this.userPassword;
  }

  issueRandom(now: number): string {
    const randoms = (this.randoms ??= new Map());
    for (const [r, t] of randoms) if (now - t > RANDOM_TTL_MS) randoms.delete(r);
    while (randoms.size >= MAX_RANDOMS) {
      const oldest = randoms.keys().next().value;
      if (oldest === undefined) break;
      randoms.delete(oldest);
    }
    let r: string;
    do r = String(randomInt(1_000_000_000, 9_999_999_999));
    while (randoms.has(r));
    randoms.set(r, now);
    return r;
  }

  /** Remaining lockout of a role's account, 0 when not locked. */
  lockRemaining(role: Role, now: number): number {
    const lock = this.locks?.get(role);
    if (!lock || lock.lockedUntil <= now) return 0;
    return lock.lockedUntil - now;
  }

  private fail(role: Role | undefined, now: number): void {
    if (!role) return;
    const locks = (this.locks ??= new Map());
    const lock = locks.get(role) ?? { failures: 0, lockedUntil: 0 };
    if (lock.lockedUntil !== 0 && lock.lockedUntil <= now) {
      lock.failures = 0;
      lock.lockedUntil = 0;
    }
    lock.failures += 1;
    if (lock.failures >= MAX_LOGIN_FAILURES) lock.lockedUntil = now + this.opts.lockoutMs;
    locks.set(role, lock);
  }

  login(user: string, secret: string, now: number): LoginResult {
    const role = this.roleOf(user);
    const randoms = this.randoms;
    // Find the outstanding random this secret was built from; it is consumed either way.
    let matched: string | undefined;
    const pwd = role ? this.passwordOf(role) : undefined;
    const want = secret.trim().toLowerCase();
    if (randoms) {
      for (const [r, t] of randoms) {
        if (now - t > RANDOM_TTL_MS) {
          randoms.delete(r);
          continue;
        }
        if (pwd !== undefined && want !== '' && md5(`${user}${this.opts.loginSeparator}${r}${this.opts.loginSeparator}${pwd}`) === want) {
          matched = r;
          break;
        }
      }
      if (matched !== undefined) randoms.delete(matched);
    }
    if (role) {
      const remaining = this.lockRemaining(role, now);
      if (remaining > 0) return { ok: false, reason: 'locked', retryAfterMs: remaining };
    }
    if (!role || matched === undefined) {
      this.fail(role, now);
      if (role) {
        const remaining = this.lockRemaining(role, now);
        if (remaining > 0) return { ok: false, reason: 'locked', retryAfterMs: remaining };
      }
      return { ok: false, reason: 'unauthorized' };
    }
    this.locks?.delete(role);
    return { ok: true, session: this.open(user, role, now) };
  }

  /** Failed logins a role may still make before its account locks. */
  attemptsLeft(role: Role, now: number): number {
    const lock = this.locks?.get(role);
    if (!lock || (lock.lockedUntil !== 0 && lock.lockedUntil <= now)) return MAX_LOGIN_FAILURES;
    return Math.max(0, MAX_LOGIN_FAILURES - lock.failures);
  }

  /**
   * A login whose proof `matches` checks against the account's password (the SHA-256 family's
   * dologin): the same lockout and failure counting as `login`. `sidBytes` sizes the session id.
   */
  verify(user: string, matches: (password: string) => boolean, now: number, sidBytes = 16): LoginResult {
    const role = this.roleOf(user);
    if (role) {
      const remaining = this.lockRemaining(role, now);
      if (remaining > 0) return { ok: false, reason: 'locked', retryAfterMs: remaining };
    }
    if (!role || !matches(this.passwordOf(role))) {
      this.fail(role, now);
      if (!role) return { ok: false, reason: 'unauthorized', attemptsLeft: MAX_LOGIN_FAILURES };
      const remaining = this.lockRemaining(role, now);
      if (remaining > 0) return { ok: false, reason: 'locked', retryAfterMs: remaining };
      return { ok: false, reason: 'unauthorized', attemptsLeft: this.attemptsLeft(role, now) };
    }
    this.locks?.delete(role);
    return { ok: true, session: this.open(user, role, now, sidBytes) };
  }

  /**
   * A new session for `role`. Beyond `sessionsPerUser` the oldest session of that account ends
   * (one session per account on many phones: another desk or a browser logging in ends ours);
   * beyond `maxSessions` the least recently used one of any account ends.
   */
  open(user: string, role: Role, now: number, sidBytes = 16): Session {
    const sessions = (this.sessions ??= new Map());
    this.sweep(now);
    const own = [...sessions.values()].filter((s) => s.role === role).sort((a, b) => a.created - b.created);
    for (let i = 0; i <= own.length - this.opts.sessionsPerUser; i++) sessions.delete(own[i]?.sid ?? '');
    while (sessions.size >= this.opts.maxSessions) {
      let lru: Session | undefined;
      for (const s of sessions.values()) if (!lru || s.lastSeen < lru.lastSeen) lru = s;
      if (!lru) break;
      sessions.delete(lru.sid);
    }
    const session: Session = { sid: randomBytes(sidBytes).toString('hex'), user, role, created: now, lastSeen: now };
    sessions.set(session.sid, session);
    return session;
  }

  /** Look up a session; touching it extends its idle timeout. */
  session(sid: string | undefined, now: number): Session | undefined {
    if (!sid || !this.sessions) return undefined;
    const s = this.sessions.get(sid);
    if (!s) return undefined;
    if (now - s.lastSeen > this.opts.sessionTtlMs) {
      this.sessions.delete(sid);
      return undefined;
    }
    s.lastSeen = now;
    return s;
  }

  private sweep(now: number): void {
    if (!this.sessions) return;
    for (const [sid, s] of this.sessions) if (now - s.lastSeen > this.opts.sessionTtlMs) this.sessions.delete(sid);
  }

  sessionCount(now: number): number {
    this.sweep(now);
    return this.sessions?.size ?? 0;
  }

  /** End one session (logout). */
  close(sid: string): void {
    this.sessions?.delete(sid);
  }

  /** The `lockout` fault: `role`'s login is refused as locked for `ms` (sessions are not touched here). */
  lockFor(role: Role, ms: number, now: number): void {
    const locks = (this.locks ??= new Map());
    locks.set(role, { failures: MAX_LOGIN_FAILURES, lockedUntil: now + ms });
  }

  /** Lift every lock (the `lockout` fault cleared). */
  unlockAll(): void {
    this.locks = null;
  }

  invalidateAll(): void {
    this.sessions = null;
    this.randoms = null;
  }

  /** Back to constructor state (factory reset). */
  reset(): void {
    this.invalidateAll();
    this.locks = null;
    this.adminPassword = this.opts.password;
    this.userPassword = this.opts.userPassword;
  }

  lockState(now: number): { role: Role; failures: number; lockedForMs: number }[] {
    if (!this.locks) return [];
    return [...this.locks].map(([role, l]) => ({ role, failures: l.failures, lockedForMs: Math.max(0, l.lockedUntil - now) }));
  }
}

export function md5(s: string): string {
  return createHash('md5').update(s, 'utf8').digest('hex');
}
