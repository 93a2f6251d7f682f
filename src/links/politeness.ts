/**
 * Per-host politeness: at most `perHost` requests in flight to one host, at least
 * `minIntervalMs` between the starts of two requests to it, at most `global` in flight in
 * all, and a host-wide pause after a 429/503 (Retry-After honoured, else exponential).
 */
export interface PolitenessOptions {
  perHost: number;
  minIntervalMs: number;
  global: number;
  maxBackoffMs: number;
  baseBackoffMs: number;
}

interface HostState {
  active: number;
  waiting: Array<() => void>;
  /** Earliest start of the next request (min interval, backoff). */
  notBefore: number;
  timer: NodeJS.Timeout | undefined;
  /** Consecutive backoffs, for the exponential delay. */
  strikes: number;
}

/** Host records kept before idle ones are swept. */
const SWEEP_AT = 10_000;

function isIdle(state: HostState, now: number): boolean {
  return state.active === 0 && state.waiting.length === 0 && state.timer === undefined && state.notBefore <= now && state.strikes === 0;
}

export class HostScheduler {
  private readonly hosts = new Map<string, HostState>();
  private globalActive = 0;
  /** Hosts with a waiter that could start but for the global limit. */
  private readonly blocked = new Set<string>();

  constructor(private readonly options: PolitenessOptions) {}

  /** Runs `task` when `host` (host:port) and the global limit allow. */
  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const state = this.state(host);
    await new Promise<void>((resolve) => {
      state.waiting.push(resolve);
      this.pump(host, state);
    });
    try {
      return await task();
    } finally {
      state.active--;
      this.globalActive--;
      this.pump(host, state);
      for (const other of [...this.blocked]) {
        if (this.globalActive >= this.options.global) break;
        this.blocked.delete(other);
        const s = this.hosts.get(other);
        if (s !== undefined) this.pump(other, s);
      }
      if (isIdle(state, Date.now())) this.hosts.delete(host);
    }
  }

  /**
   * Pauses `host` after a 429/503: `retryAfterMs` when the server said so, else an
   * exponential delay; capped at maxBackoffMs. Returns the pause.
   */
  backoff(host: string, retryAfterMs: number | undefined): number {
    const state = this.state(host);
    state.strikes++;
    const exponential = this.options.baseBackoffMs * 2 ** (state.strikes - 1);
    const pause = Math.min(this.options.maxBackoffMs, retryAfterMs ?? exponential);
    state.notBefore = Math.max(state.notBefore, Date.now() + pause);
    return pause;
  }

  /** A success ends the host's run of backoffs. */
  recovered(host: string): void {
    const state = this.hosts.get(host);
    if (state !== undefined) state.strikes = 0;
  }

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (state === undefined) {
      if (this.hosts.size >= SWEEP_AT) this.sweep();
      state = { active: 0, waiting: [], notBefore: 0, timer: undefined, strikes: 0 };
      this.hosts.set(host, state);
    }
    return state;
  }

  /** Forgets hosts with nothing running, waiting or pending (a long-running service sees many hosts once). */
  private sweep(): void {
    const now = Date.now();
    for (const [host, state] of this.hosts) if (isIdle(state, now)) this.hosts.delete(host);
  }

  private pump(host: string, state: HostState): void {
    while (state.waiting.length > 0 && state.active < this.options.perHost) {
      const now = Date.now();
      if (now < state.notBefore) {
        if (state.timer === undefined) {
          state.timer = setTimeout(() => {
            state.timer = undefined;
            this.pump(host, state);
          }, state.notBefore - now);
        }
        return;
      }
      if (this.globalActive >= this.options.global) {
        this.blocked.add(host);
        return;
      }
      state.active++;
      this.globalActive++;
      state.notBefore = now + this.options.minIntervalMs;
      (state.waiting.shift() as () => void)();
    }
  }
}

/** Retry-After as milliseconds: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
