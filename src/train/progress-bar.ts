import type { EpochLog } from './history.js';

interface Stream {
  isTTY?: boolean;
  columns?: number;
  write(s: string): boolean;
}

function stderr(): Stream | undefined {
  const p = (globalThis as { process?: { stderr?: Stream } }).process;
  return p?.stderr && typeof p.stderr.write === 'function' ? p.stderr : undefined;
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}

function fmt(v: number | undefined): string {
  return v === undefined || Number.isNaN(v) ? '—' : v.toFixed(4);
}

/**
 * Training progress on stderr: on a terminal (verbose 1) a bar redrawn in place with the running
 * loss and the epoch's ETA; otherwise (or verbose 2) one line per epoch. Silent at verbose 0 and
 * where there is no stderr (browsers). @internal
 */
export class ProgressBar {
  private readonly out: Stream | undefined;
  private readonly bar: boolean;
  private epochStart = 0;
  private lastDraw = 0;

  constructor(verbose: 0 | 1 | 2, private readonly epochs: number, private readonly batches: number) {
    this.out = verbose === 0 ? undefined : stderr();
    this.bar = verbose === 1 && this.out?.isTTY === true;
  }

  startEpoch(): void {
    this.epochStart = Date.now();
    this.lastDraw = 0;
  }

  batch(epoch: number, batch: number, loss: number): void {
    if (!this.bar || !this.out) return;
    const now = Date.now();
    if (now - this.lastDraw < 100 && batch + 1 < this.batches) return;
    this.lastDraw = now;
    const done = batch + 1;
    const elapsed = (now - this.epochStart) / 1000;
    const eta = (elapsed / done) * (this.batches - done);
    const width = 24;
    const filled = Math.round((done / this.batches) * width);
    const bar = '='.repeat(Math.max(0, filled - 1)) + (filled > 0 ? '>' : '') + ' '.repeat(width - filled);
    this.out.write(`\rEpoch ${epoch + 1}/${this.epochs} [${bar}] ${done}/${this.batches}  loss ${loss.toFixed(4)}  ETA ${clock(eta)} `);
  }

  endEpoch(log: EpochLog): void {
    if (!this.out) return;
    const line =
      `Epoch ${log.epoch + 1}/${this.epochs}  loss ${fmt(log.loss)}  valLoss ${fmt(log.valLoss)}  auc ${fmt(log.auc)}  ` +
      `f1 ${fmt(log.f1)}  lr ${log.learningRate?.toExponential(2)}  ${(log.seconds ?? 0).toFixed(1)}s`;
    this.out.write(`${this.bar ? '\r\x1b[K' : ''}${line}\n`);
  }

  message(text: string): void {
    this.out?.write(`${text}\n`);
  }
}
