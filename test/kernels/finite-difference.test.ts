import { describe, expect, it } from 'vitest';
import { RecurrentKernel, type FusedCell } from '../../src/kernels/index.js';
import { randomCase } from './reference.js';

// loss = sum(seq*gSeq) + sum(h*gH) [+ sum(c*gC)], summed in float64 from the kernel's float32 outputs.
// The inputs are float32, so the step is 1e-2: rounding noise (~1e-7 / 1e-2) and the central
// difference's truncation error (~eps^2) both stay far below the 2e-3 tolerance.
function loss(kernel: RecurrentKernel, c: ReturnType<typeof randomCase>): number {
  const lstm = c.cell === 'lstm';
  const f = kernel.forward({
    cell: c.cell, shape: c.shape, x: c.x, mask: c.mask, recurrentActivation: 'sigmoid', returnSequences: true,
    weights: { kernel: c.kernel, recurrentKernel: c.recurrentKernel, bias: c.bias },
    initialH: c.h0, initialC: lstm ? c.c0 : undefined,
  });
  let s = 0;
  for (let i = 0; i < c.gSeq.length; i++) s += f.sequence![i] * c.gSeq[i];
  for (let i = 0; i < c.gH.length; i++) s += f.h[i] * c.gH[i];
  if (lstm) for (let i = 0; i < c.gC.length; i++) s += f.c![i] * c.gC[i];
  return s;
}

describe('fused kernel gradients vs central finite differences', () => {
  for (const cell of ['lstm', 'gru'] as FusedCell[]) {
    it(`${cell}: every analytic gradient entry agrees with (L(w+e) - L(w-e)) / 2e`, () => {
      const c = randomCase(cell, { batch: 2, steps: 3, features: 2, units: 3 }, 11);
      const kernel = new RecurrentKernel();
      const lstm = cell === 'lstm';
      const f = kernel.forward({
        cell, shape: c.shape, x: c.x, mask: c.mask, recurrentActivation: 'sigmoid', returnSequences: true, keepTape: true,
        weights: { kernel: c.kernel, recurrentKernel: c.recurrentKernel, bias: c.bias },
        initialH: c.h0, initialC: lstm ? c.c0 : undefined,
      });
      const g = kernel.backward(f.tape!, { dSequence: c.gSeq, dH: c.gH, dC: lstm ? c.gC : undefined });
      const pairs: [Float32Array, Float32Array][] = [
        [c.x, g.dX!], [c.kernel, g.dKernel], [c.recurrentKernel, g.dRecurrentKernel], [c.bias, g.dBias], [c.h0, g.dInitialH],
      ];
      if (lstm) pairs.push([c.c0, g.dInitialC!]);
      const eps = 1e-2;
      let worst = 0;
      let checked = 0;
      for (const [param, grad] of pairs) {
        for (let i = 0; i < param.length; i++) {
          const keep = param[i];
          param[i] = keep + eps;
          const up = loss(kernel, c);
          param[i] = keep - eps;
          const down = loss(kernel, c);
          param[i] = keep;
          const numeric = (up - down) / (2 * eps);
          worst = Math.max(worst, Math.abs(numeric - grad[i]) / Math.max(1, Math.abs(numeric)));
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(50);
      expect(worst).toBeLessThan(2e-3);
    });
  }
});
