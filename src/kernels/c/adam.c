/*
 * One Adam step over a variable's values, in place: the arithmetic of tfjs's Adam op for op, each
 * operation in float32 (as FusedAdam's JS loop does with Math.fround, and as tfjs's float32 tensors
 * round it). IEEE float32 add, multiply, divide and square root are correctly rounded, so four lanes
 * at a time give the same bits as the scalar loop, without its float64 divides.
 * k = [b1, 1 - b1, 1 - b1^t, b2, 1 - b2, 1 - b2^t, eps, -lr].
 */
#include "common.h"

EXPORT void adam_update(int n, float *w, const float *g, float *m, float *v, const float *k) {
  const f4 b1 = wasm_f32x4_splat(k[0]), c1 = wasm_f32x4_splat(k[1]), corr1 = wasm_f32x4_splat(k[2]);
  const f4 b2 = wasm_f32x4_splat(k[3]), c2 = wasm_f32x4_splat(k[4]), corr2 = wasm_f32x4_splat(k[5]);
  const f4 eps = wasm_f32x4_splat(k[6]), rate = wasm_f32x4_splat(k[7]);
  for (int i = 0; i < n; i += 4) {
    const int c = n - i < 4 ? n - i : 4;
    f4 gi = ld(g + i, c);
    f4 mi = wasm_f32x4_add(wasm_f32x4_mul(ld(m + i, c), b1), wasm_f32x4_mul(gi, c1));
    f4 vi = wasm_f32x4_add(wasm_f32x4_mul(ld(v + i, c), b2), wasm_f32x4_mul(wasm_f32x4_mul(gi, gi), c2));
    st(m + i, mi, c);
    st(v + i, vi, c);
    f4 mhat = wasm_f32x4_div(mi, corr1);
    f4 vhat = wasm_f32x4_div(vi, corr2);
    f4 den = wasm_f32x4_add(wasm_f32x4_sqrt(vhat), eps);
    st(w + i, wasm_f32x4_add(wasm_f32x4_mul(wasm_f32x4_div(mhat, den), rate), ld(w + i, c)), c);
  }
}
