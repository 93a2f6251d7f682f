import type { ScanProgress } from '../scan/progress.js';

/**
 * Renders scan progress on stderr: a bar redrawn in place on a TTY, otherwise one line every
 * few seconds (logs, CI). NO_COLOR (any value) turns colours off. Results go to stdout.
 */
export class ProgressView {
  private timer: NodeJS.Timeout | undefined;
  private readonly tty: boolean;
  private readonly color: boolean;

  constructor(
    private readonly progress: ScanProgress,
    private readonly stream: NodeJS.WriteStream = process.stderr,
    options: { intervalMs?: number; enabled?: boolean } = {},
  ) {
    this.tty = stream.isTTY === true;
    this.color = this.tty && process.env.NO_COLOR === undefined;
    if (options.enabled === false) return;
    const interval = options.intervalMs ?? (this.tty ? 200 : 5000);
    this.timer = setInterval(() => this.render(), interval);
    this.timer.unref();
  }

  private paint(code: string, text: string): string {
    return this.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  line(): string {
    const p = this.progress;
    const eta = p.etaSeconds;
    const fraction = p.totalBytes ? Math.min(1, p.bytes / p.totalBytes) : undefined;
    const severities = `critical ${this.paint('31', String(p.findings.critical))} error ${this.paint('33', String(p.findings.error))} warning ${p.findings.warning} info ${p.findings.info}`;
    const parts = [
      `${p.done} docs (${p.checked} checked, ${p.reused} unchanged, ${p.resumed} already done${p.failed ? `, ${p.failed} failed` : ''})`,
      `${p.docsPerSecond.toFixed(0)} docs/s`,
      `${p.megabytesPerSecond.toFixed(2)} MB/s`,
      eta !== undefined ? `ETA ${formatDuration(eta)}` : undefined,
      p.problems ? `${p.problems} unreadable` : undefined,
      severities,
    ].filter(Boolean);
    const bar = fraction !== undefined ? `[${'#'.repeat(Math.round(fraction * 20)).padEnd(20, '-')}] ${(fraction * 100).toFixed(0).padStart(3)}% ` : '';
    return `${bar}${parts.join(' | ')}`;
  }

  render(): void {
    if (this.tty) this.stream.write(`\r\u001b[2K${this.line()}`);
    else this.stream.write(`scan: ${this.line()}\n`);
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.tty) this.stream.write(`\r\u001b[2K`);
  }
}

export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}
