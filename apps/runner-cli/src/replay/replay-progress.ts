import { SingleBar } from 'cli-progress';

/** Where progress goes: the terminal (stderr), which may or may not be a TTY. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

/** How often a plain line is written when the stream is not a terminal (a log file, CI). */
const PLAIN_LINE_EVERY_MS = 5_000;

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * A replay's progress through the log, by position against the head it started from: a bar with
 * events/s and ETA on a terminal (cli-progress, redrawn in place), plain lines every few seconds
 * otherwise, so a replay that runs for minutes shows it is alive in a log file too.
 */
export class ReplayProgress {
  private bar?: SingleBar;
  private started = 0;
  private lastLine = 0;

  constructor(
    private readonly stream: ProgressStream,
    private readonly now: () => number = () => Date.now(),
  ) {}

  update(position: number, head: number): void {
    const now = this.now();
    if (this.started === 0) this.start(head, now);
    const done = Math.min(position, head);
    const rate = done / Math.max((now - this.started) / 1000, 0.001);
    if (this.bar) {
      this.bar.update(done, { rate: fmt(rate) });
      return;
    }
    if (now - this.lastLine < PLAIN_LINE_EVERY_MS && done < head) return;
    this.lastLine = now;
    const eta = rate > 0 ? Math.ceil((head - done) / rate) : 0;
    this.stream.write(`replay: ${fmt(done)} / ${fmt(head)} events (${head > 0 ? Math.floor((done / head) * 100) : 100} %), ${fmt(rate)} events/s, ETA ${eta} s\n`);
  }

  stop(): void {
    this.bar?.stop();
  }

  private start(head: number, now: number): void {
    this.started = now;
    this.lastLine = now;
    if (!this.stream.isTTY) return;
    this.bar = new SingleBar({
      stream: this.stream as NodeJS.WritableStream,
      format: 'replay [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | ETA {eta_formatted}',
      hideCursor: true,
      etaBuffer: 50,
    });
    this.bar.start(head, 0, { rate: '0' });
  }
}
