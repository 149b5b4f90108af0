/*
 * Shared pieces of the fused recurrent kernels: a SIMD matrix product and the gate activations.
 * Freestanding C for wasm32 + simd128: no libc, no allocation (the TypeScript side lays out every
 * buffer in linear memory and passes offsets).
 */
#ifndef CHURNKIT_COMMON_H
#define CHURNKIT_COMMON_H

#include <wasm_simd128.h>

#define EXPORT __attribute__((visibility("default")))
#define INLINE static inline __attribute__((always_inline))

typedef v128_t f4;

/* ---- activations ------------------------------------------------------------------------------
 * exp via Cody-Waite range reduction (y = n ln2 + r, |r| <= ln2/2) and a degree-6 polynomial for
 * expm1(r) = r + r^2 P(r), P fitted for least maximum relative error on that interval (fit 1.3e-8,
 * below float32 rounding; evaluated in float32 the error is 1.3e-7, the same as the degree-7 Taylor
 * series it replaces, two operations sooner). Outputs match tfjs (float64 Math.exp rounded to float32)
 * to ~1e-7. expm1 keeps tanh accurate in relative terms near 0, where 1 - e^-2x cancels. */

/* clamp to [lo, hi] with pmin/pmax (one x86 instruction each; f32x4.min/max cost several for their
 * NaN and signed-zero rules). Same result for every non-NaN input here, and a NaN still comes out. */
INLINE f4 clamp4(f4 y, float lo, float hi) {
  return wasm_f32x4_pmin(wasm_f32x4_pmax(y, wasm_f32x4_splat(lo)), wasm_f32x4_splat(hi));
}
INLINE f4 expm1_reduced(f4 r) {
  f4 p = wasm_f32x4_splat(0.0013882506173104048f);
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(0.008366548456251621f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(0.04166720062494278f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(0.1666654348373413f));
  p = wasm_f32x4_add(wasm_f32x4_mul(p, r), wasm_f32x4_splat(0.4999999701976776f));
  return wasm_f32x4_add(r, wasm_f32x4_mul(wasm_f32x4_mul(p, r), r));
}

/* Splits y into n and r, returns expm1(r) and 2^n (as a float vector). y must be clamped. */
INLINE f4 exp_parts(f4 y, f4 *scale) {
  /* Adding 1.5 * 2^23 rounds to the nearest integer, ties to even (as f32x4.nearest), and leaves that
   * integer in the low mantissa bits: 2^n's exponent field is then one integer add and shift away,
   * without i32x4.trunc_sat, which x86 engines expand into a long guarded sequence. */
  const f4 magic = wasm_f32x4_splat(12582912.0f);
  f4 t = wasm_f32x4_add(wasm_f32x4_mul(y, wasm_f32x4_splat(1.44269504088896341f)), magic);
  f4 n = wasm_f32x4_sub(t, magic);
  f4 r = wasm_f32x4_sub(y, wasm_f32x4_mul(n, wasm_f32x4_splat(0.693359375f)));
  r = wasm_f32x4_sub(r, wasm_f32x4_mul(n, wasm_f32x4_splat(-2.12194440e-4f)));
  /* t's bits are 0x4B400000 + n; that constant vanishes in the shift by 23. */
  v128_t bits = wasm_i32x4_shl(wasm_i32x4_add(t, wasm_i32x4_splat(127)), 23);
  *scale = bits;
  return expm1_reduced(r);
}

INLINE f4 exp4(f4 y) {
  y = clamp4(y, -87.0f, 88.0f);
  f4 s;
  f4 m = exp_parts(y, &s);
  return wasm_f32x4_mul(wasm_f32x4_add(m, wasm_f32x4_splat(1.0f)), s);
}

/* expm1(y) = 2^n expm1(r) + (2^n - 1): exact-zero cancellation when n = 0, mild elsewhere. */
INLINE f4 expm14(f4 y) {
  y = clamp4(y, -87.0f, 88.0f);
  f4 s;
  f4 m = exp_parts(y, &s);
  return wasm_f32x4_add(wasm_f32x4_mul(m, s), wasm_f32x4_sub(s, wasm_f32x4_splat(1.0f)));
}

INLINE f4 sigmoid4(f4 x) {
  f4 one = wasm_f32x4_splat(1.0f);
  return wasm_f32x4_div(one, wasm_f32x4_add(one, exp4(wasm_f32x4_neg(x))));
}

/* Keras hardSigmoid as tfjs-layers defines it: clip(0.2 x + 0.5, 0, 1). */
INLINE f4 hard_sigmoid4(f4 x) {
  f4 y = wasm_f32x4_add(wasm_f32x4_mul(x, wasm_f32x4_splat(0.2f)), wasm_f32x4_splat(0.5f));
  return clamp4(y, 0.0f, 1.0f);
}

/* tanh|x| = -expm1(-2|x|) / (2 + expm1(-2|x|)), sign restored. */
INLINE f4 tanh4(f4 x) {
  f4 ax = wasm_f32x4_abs(x);
  f4 e = expm14(wasm_f32x4_mul(ax, wasm_f32x4_splat(-2.0f)));
  f4 t = wasm_f32x4_div(wasm_f32x4_neg(e), wasm_f32x4_add(e, wasm_f32x4_splat(2.0f)));
  v128_t sign = wasm_v128_and(x, wasm_i32x4_splat((int)0x80000000u));
  return wasm_v128_or(t, sign);
}

/* Recurrent activation by mode: 0 = sigmoid, 1 = hardSigmoid. */
INLINE f4 rec_act4(f4 x, int hard) { return hard ? hard_sigmoid4(x) : sigmoid4(x); }

/* Derivative of the recurrent activation from its output a. For hardSigmoid the slope is 0.2 inside
 * the clip range; tfjs's clipByValue passes the gradient at the bounds too, which only differs on a
 * measure-zero set of inputs. */
INLINE f4 rec_act_grad4(f4 a, int hard) {
  if (hard) {
    v128_t inside = wasm_v128_and(wasm_f32x4_gt(a, wasm_f32x4_splat(0.0f)), wasm_f32x4_lt(a, wasm_f32x4_splat(1.0f)));
    return wasm_v128_and(inside, wasm_f32x4_splat(0.2f));
  }
  return wasm_f32x4_mul(a, wasm_f32x4_sub(wasm_f32x4_splat(1.0f), a));
}

/* Loads n < 4 trailing floats (rest zero) / stores n floats: lets every gate loop stay vector-only. */
INLINE f4 load_n(const float *p, int n) {
  float t[4] = {0, 0, 0, 0};
  for (int i = 0; i < n; i++) t[i] = p[i];
  return wasm_v128_load(t);
}
INLINE void store_n(float *p, f4 v, int n) {
  float t[4];
  wasm_v128_store(t, v);
  for (int i = 0; i < n; i++) p[i] = t[i];
}
INLINE f4 ld(const float *p, int n) { return n >= 4 ? wasm_v128_load(p) : load_n(p, n); }
INLINE void st(float *p, f4 v, int n) {
  if (n >= 4) wasm_v128_store(p, v);
  else store_n(p, v, n);
}

enum { ACT_SIGMOID = 0, ACT_HARD_SIGMOID = 1, ACT_TANH = 2 };
INLINE f4 act4(f4 v, int kind) { return kind == ACT_TANH ? tanh4(v) : rec_act4(v, kind == ACT_HARD_SIGMOID); }

/* p[j] = act(p[j] + bias[j]) for j in [0, len): a loop of independent lanes (see lstm_forward), two
 * vectors per turn (~20% faster than one). The bias joins here, after both products, as in tfjs's cell
 * (x W + h R, then the bias), which also saves writing it into every row before the products. */
INLINE void act_range(float *p, const float *bias, int len, int kind) {
  int j = 0;
  for (; j + 8 <= len; j += 8) {
    f4 v0 = wasm_f32x4_add(wasm_v128_load(p + j), wasm_v128_load(bias + j));
    f4 v1 = wasm_f32x4_add(wasm_v128_load(p + j + 4), wasm_v128_load(bias + j + 4));
    wasm_v128_store(p + j, act4(v0, kind));
    wasm_v128_store(p + j + 4, act4(v1, kind));
  }
  for (; j < len; j += 4) {
    const int k = len - j < 4 ? len - j : 4;
    f4 v = wasm_f32x4_add(ld(p + j, k), ld(bias + j, k));
    st(p + j, act4(v, kind), k);
  }
}

/* acc[0, width) += the `count` rows at `rows` (row stride `stride`), added in row order. Each column block
 * stays in registers across the rows: storing and reloading acc after every row made one serial
 * chain through memory (7% of the LSTM backward). Same sums, same order, same bits. */
INLINE void add_rows(float *acc, const float *rows, int count, int stride, int width) {
  int j = 0;
  for (; j + 16 <= width; j += 16) {
    f4 s0 = wasm_v128_load(acc + j), s1 = wasm_v128_load(acc + j + 4);
    f4 s2 = wasm_v128_load(acc + j + 8), s3 = wasm_v128_load(acc + j + 12);
    for (int n = 0; n < count; n++) {
      const float *d = rows + n * stride + j;
      s0 = wasm_f32x4_add(s0, wasm_v128_load(d));
      s1 = wasm_f32x4_add(s1, wasm_v128_load(d + 4));
      s2 = wasm_f32x4_add(s2, wasm_v128_load(d + 8));
      s3 = wasm_f32x4_add(s3, wasm_v128_load(d + 12));
    }
    wasm_v128_store(acc + j, s0); wasm_v128_store(acc + j + 4, s1);
    wasm_v128_store(acc + j + 8, s2); wasm_v128_store(acc + j + 12, s3);
  }
  for (; j < width; j += 4) {
    const int k = width - j < 4 ? width - j : 4;
    f4 s0 = ld(acc + j, k);
    for (int n = 0; n < count; n++) s0 = wasm_f32x4_add(s0, ld(rows + n * stride + j, k));
    st(acc + j, s0, k);
  }
}

/* ---- matrix product ---------------------------------------------------------------------------
 * C[M,N] (+)= A(M,K) . B[K,N]. A is addressed by strides (element (i,k) at A[i*sai + k*sak]) so the
 * same routine multiplies by a transposed A (weight gradients: X^T dZ) without copying; B and C are
 * row-major with leading dimensions ldb and ldc. Exported too: the dense layers around the recurrent
 * encoder (src/kernels/host-matmul.ts) run their products through it. */
EXPORT void gemm(int M, int N, int K, const float *A, int sai, int sak, const float *B, int ldb, float *C, int ldc,
                 int accumulate);

/* dst[cols, rows] = src[rows, cols]^T (src leading dimension lds). */
EXPORT void transpose(int rows, int cols, const float *src, int lds, float *dst);

#endif
