/**
 * Benchmark child processes speak JSON lines: one object per line on stdout (to the parent) and
 * on stdin (from the parent); stderr is inherited for progress. Every message has a string `type`;
 * a request carries a numeric `id` and its answer echoes it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';

export type Message = { type: string } & Record<string, unknown>;

export function isMessage(v: unknown): v is Message {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { type?: unknown }).type === 'string';
}

/** Parse one line; undefined when it is not a message (stray output is ignored, not fatal). */
export function parseMessage(line: string): Message | undefined {
  const t = line.trim();
  if (!t.startsWith('{')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return isMessage(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Call `onMessage` for every message line read from `input`. */
export function readMessages(input: Readable, onMessage: (m: Message) => void): void {
  const rl = createInterface({ input, crlfDelay: Infinity });
  rl.on('line', (line) => {
    const m = parseMessage(line);
    if (m) onMessage(m);
  });
}

/** Write one message line to this process's stdout (child side). */
export function emit(m: Message): void {
  process.stdout.write(`${JSON.stringify(m)}\n`);
}

/** Progress on stderr, prefixed with the process's role. */
export function progress(role: string, msg: string): void {
  process.stderr.write(`[bench ${role}] ${msg}\n`);
}

/** The repository root (bench/..), the children's working directory. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Waiter {
  pred: (m: Message) => boolean;
  resolve: (m: Message) => void;
  reject: (e: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** A child process running a bench/*.ts script with tsx, spoken to in JSON lines. */
export class JsonChild {
  private readonly proc: ChildProcess;
  private readonly waiters = new Set<Waiter>();
  private readonly handlers: ((m: Message) => void)[] = [];
  private nextId = 1;
  private exitCode: number | null | undefined;
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    script: string,
    args: readonly string[] = [],
    nodeArgs: readonly string[] = [],
  ) {
    this.proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args], {
      cwd: REPO_ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.exited = new Promise((resolve) => {
      this.proc.once('exit', (code) => {
        this.exitCode = code;
        for (const w of this.waiters) {
          clearTimeout(w.timer);
          w.reject(new Error(`${this.name} exited (code ${String(code)}) while the bench waited for it`));
        }
        this.waiters.clear();
        resolve(code);
      });
    });
    this.proc.stdin?.on('error', () => undefined);
    readMessages(this.proc.stdout as Readable, (m) => {
      for (const h of this.handlers) h(m);
      for (const w of [...this.waiters]) {
        if (!w.pred(m)) continue;
        this.waiters.delete(w);
        clearTimeout(w.timer);
        w.resolve(m);
      }
    });
  }

  get pid(): number | undefined {
    return this.proc.pid;
  }

  on(handler: (m: Message) => void): void {
    this.handlers.push(handler);
  }

  send(m: Message): void {
    if (this.exitCode !== undefined) throw new Error(`${this.name} has exited`);
    this.proc.stdin?.write(`${JSON.stringify(m)}\n`);
  }

  /** The next message of `type` (and matching `pred`), or a rejection after `timeoutMs`. */
  wait(type: string, timeoutMs: number, pred: (m: Message) => boolean = () => true): Promise<Message> {
    if (this.exitCode !== undefined) return Promise.reject(new Error(`${this.name} has exited`));
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        pred: (m) => m.type === type && pred(m),
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(w);
          reject(new Error(`${this.name}: no "${type}" message within ${timeoutMs} ms`));
        }, timeoutMs),
      };
      this.waiters.add(w);
    });
  }

  /** Send a command with a fresh id and wait for the answer that echoes it. */
  request(m: Message, timeoutMs = 10_000): Promise<Message> {
    const id = this.nextId++;
    const answer = this.wait('reply', timeoutMs, (r) => r.id === id);
    this.send({ ...m, id });
    return answer;
  }

  /** Ask the child to exit; kill it (this child only, by its pid) if it has not after `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.exitCode !== undefined) return;
    try {
      this.send({ type: 'exit' });
      this.proc.stdin?.end();
    } catch {
      // already gone
    }
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}
