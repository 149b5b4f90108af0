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
 * tanh as an odd rational function x P(x^2) / Q(x^2), P of degree 5 and Q of degree 3 in x^2, fitted
 * for least maximum relative error on [0, 7.9053] (fit 1.7e-8; evaluated in float32 the error is
 * 2.9e-7, about 5 ulp) and clamped there, where float32 tanh is within 4 ulp of 1. The sigmoid is the
 * same function through sigmoid(x) = 1/2 + tanh(x/2)/2, its halvings folded into the coefficients:
 * absolute error 1.8e-7. No exp, no range reduction, one divide: ~30% fewer operations than the
 * exp-based forms, and the forward pass is a third activations. tfjs's results are matched to 1e-5. */

/* clamp to [lo, hi] with pmin/pmax (one x86 instruction each; f32x4.min/max cost several for their
 * NaN and signed-zero rules). Same result for every non-NaN input here, and a NaN still comes out. */
INLINE f4 clamp4(f4 y, float lo, float hi) {
  return wasm_f32x4_pmin(wasm_f32x4_pmax(y, wasm_f32x4_splat(lo)), wasm_f32x4_splat(hi));
}

#define F4(c) wasm_f32x4_splat(c)
#define MADD(a, b, c) wasm_f32x4_add(wasm_f32x4_mul(a, b), c)

/* x P(x^2) / Q(x^2) with the coefficients given lowest power first. */
INLINE f4 odd_rational4(f4 x, float p0, float p1, float p2, float p3, float p4, float p5, float q0, float q1,
                        float q2, float q3) {
  f4 u = wasm_f32x4_mul(x, x);
  f4 p = MADD(MADD(MADD(MADD(MADD(F4(p5), u, F4(p4)), u, F4(p3)), u, F4(p2)), u, F4(p1)), u, F4(p0));
  f4 q = MADD(MADD(MADD(F4(q3), u, F4(q2)), u, F4(q1)), u, F4(q0));
  return wasm_f32x4_div(wasm_f32x4_mul(x, p), q);
}

#define TANH_CLAMP 7.90531110763549805f

INLINE f4 tanh4(f4 x) {
  return odd_rational4(clamp4(x, -TANH_CLAMP, TANH_CLAMP), 1.000000000e+00f, 1.298462898e-01f, 2.991788089e-03f,
                       9.936162314e-06f, -1.489601686e-08f, 2.407453230e-11f, 1.000000000e+00f, 4.631794691e-01f,
                       2.405184880e-02f, 2.380428923e-04f);
}

/* tanh4's coefficients with sigmoid(x) = 1/2 + (x/2) P(x^2/4) / (2 Q(x^2/4)) folded in. */
INLINE f4 sigmoid4(f4 x) {
  f4 t = odd_rational4(clamp4(x, -2.0f * TANH_CLAMP, 2.0f * TANH_CLAMP), 2.500000000e-01f, 8.115393110e-03f,
                       4.674668889e-05f, 3.881313404e-08f, -1.454689147e-11f, 5.877571362e-15f, 1.000000000e+00f,
                       1.157948673e-01f, 1.503240550e-03f, 3.719420192e-06f);
  return wasm_f32x4_add(t, F4(0.5f));
}

/* Keras hardSigmoid as tfjs-layers defines it: clip(0.2 x + 0.5, 0, 1). */
INLINE f4 hard_sigmoid4(f4 x) {
  f4 y = wasm_f32x4_add(wasm_f32x4_mul(x, wasm_f32x4_splat(0.2f)), wasm_f32x4_splat(0.5f));
  return clamp4(y, 0.0f, 1.0f);
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
