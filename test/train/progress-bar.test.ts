import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressBar } from '../../src/train/progress-bar.js';

const tty = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
afterEach(() => {
  if (tty) Object.defineProperty(process.stderr, 'isTTY', tty);
  else delete (process.stderr as { isTTY?: boolean }).isTTY;
  vi.restoreAllMocks();
});

describe('ProgressBar', () => {
  it('draws a bar with the running loss and an ETA on a terminal, then an epoch line', () => {
    Object.defineProperty(process.stderr, 'isTTY', { value: true, configurable: true });
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const bar = new ProgressBar(1, 3, 4);
    bar.startEpoch();
    bar.batch(0, 0, 0.6931);
    bar.batch(0, 3, 0.5);
    bar.endEpoch({ epoch: 0, loss: 0.55, valLoss: 0.6, auc: 0.8, f1: 0.5, learningRate: 0.002, seconds: 1.5 });
    const out = write.mock.calls.map((c) => String(c[0]));
    expect(out[0]).toMatch(/^\rEpoch 1\/3 \[=*> *\] 1\/4 {2}loss 0\.6931 {2}ETA \d+:\d\d/);
    expect(out.some((s) => s.includes('4/4') && s.includes('loss 0.5000'))).toBe(true);
    expect(out.at(-1)).toMatch(/Epoch 1\/3 {2}loss 0\.5500 {2}valLoss 0\.6000 {2}auc 0\.8000/);
  });

  it('draws no bar when stderr is not a terminal, and nothing at all at verbose 0', () => {
    Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const bar = new ProgressBar(1, 2, 2);
    bar.startEpoch();
    bar.batch(0, 1, 0.5);
    expect(write).not.toHaveBeenCalled();
    bar.endEpoch({ epoch: 0, loss: 0.5 });
    expect(write).toHaveBeenCalledTimes(1);
    const silent = new ProgressBar(0, 2, 2);
    silent.startEpoch();
    silent.batch(0, 1, 0.5);
    silent.endEpoch({ epoch: 0, loss: 0.5 });
    silent.message('x');
    expect(write).toHaveBeenCalledTimes(1);
  });
});
