import type { Random } from './random.js';

// Weight initialisers drawn from churnkit's own seeded Random, in JS, so initial weights do not
// depend on the backend's random ops. Same formulas as Keras: Glorot-uniform kernels,
// orthogonal recurrent kernels, zero biases (LSTM forget gate at 1).

/** Glorot/Xavier uniform for a `[fanIn, fanOut]` matrix, row-major. @internal */
export function glorotUniform(rng: Random, fanIn: number, fanOut: number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const out = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < out.length; i++) out[i] = (rng.next() * 2 - 1) * limit;
  return out;
}

/**
 * A `[rows, cols]` matrix with orthonormal rows (or columns when rows > cols), by Gram–Schmidt on
 * a Gaussian draw. For an LSTM's recurrent kernel `[U, 4U]` every row is a unit vector orthogonal
 * to the others. @internal
 */
export function orthogonal(rng: Random, rows: number, cols: number): Float32Array {
  const transpose = rows > cols;
  const r = transpose ? cols : rows;
  const c = transpose ? rows : cols;
  const m = new Float64Array(r * c);
  for (let i = 0; i < m.length; i++) m[i] = rng.normal();
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < i; j++) {
      let dot = 0;
      for (let k = 0; k < c; k++) dot += m[i * c + k] * m[j * c + k];
      for (let k = 0; k < c; k++) m[i * c + k] -= dot * m[j * c + k];
    }
    let norm = 0;
    for (let k = 0; k < c; k++) norm += m[i * c + k] ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < c; k++) m[i * c + k] /= norm;
  }
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < r; i++) {
    for (let k = 0; k < c; k++) {
      if (transpose) out[k * cols + i] = m[i * c + k];
      else out[i * cols + k] = m[i * c + k];
    }
  }
  return out;
}
