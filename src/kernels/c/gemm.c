/*
 * Register-blocked SIMD matrix product. A 4x8 block of C lives in 8 vector accumulators while k
 * runs; A's elements are splatted, B's rows are loaded as vectors. K is cut into chunks so the B rows
 * a pass touches stay in cache when K is the long N*T axis of a weight gradient.
 */
#include "common.h"

#ifndef KC
#define KC 256
#endif

INLINE f4 madd(f4 acc, f4 a, f4 b) { return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b)); }

static void block_rows4(int N, int K, const float *A, int sai, int sak, const float *B, int ldb, float *C,
                        int ldc, int accumulate) {
  const float *a0 = A, *a1 = A + sai, *a2 = A + 2 * sai, *a3 = A + 3 * sai;
  float *c0 = C, *c1 = C + ldc, *c2 = C + 2 * ldc, *c3 = C + 3 * ldc;
  int j = 0;
  for (; j + 8 <= N; j += 8) {
    f4 z = wasm_f32x4_splat(0.0f);
    f4 x00 = z, x01 = z, x10 = z, x11 = z, x20 = z, x21 = z, x30 = z, x31 = z;
    if (accumulate) {
      x00 = wasm_v128_load(c0 + j); x01 = wasm_v128_load(c0 + j + 4);
      x10 = wasm_v128_load(c1 + j); x11 = wasm_v128_load(c1 + j + 4);
      x20 = wasm_v128_load(c2 + j); x21 = wasm_v128_load(c2 + j + 4);
      x30 = wasm_v128_load(c3 + j); x31 = wasm_v128_load(c3 + j + 4);
    }
    const float *b = B + j;
    for (int k = 0; k < K; k++, b += ldb) {
      f4 b0 = wasm_v128_load(b), b1 = wasm_v128_load(b + 4);
      int ak = k * sak;
      f4 s = wasm_v128_load32_splat(a0 + ak);
      x00 = madd(x00, s, b0); x01 = madd(x01, s, b1);
      s = wasm_v128_load32_splat(a1 + ak);
      x10 = madd(x10, s, b0); x11 = madd(x11, s, b1);
      s = wasm_v128_load32_splat(a2 + ak);
      x20 = madd(x20, s, b0); x21 = madd(x21, s, b1);
      s = wasm_v128_load32_splat(a3 + ak);
      x30 = madd(x30, s, b0); x31 = madd(x31, s, b1);
    }
    wasm_v128_store(c0 + j, x00); wasm_v128_store(c0 + j + 4, x01);
    wasm_v128_store(c1 + j, x10); wasm_v128_store(c1 + j + 4, x11);
    wasm_v128_store(c2 + j, x20); wasm_v128_store(c2 + j + 4, x21);
    wasm_v128_store(c3 + j, x30); wasm_v128_store(c3 + j + 4, x31);
  }
  for (; j < N; j += 4) {
    int n = N - j < 4 ? N - j : 4;
    f4 z = wasm_f32x4_splat(0.0f);
    f4 x0 = z, x1 = z, x2 = z, x3 = z;
    if (accumulate) { x0 = ld(c0 + j, n); x1 = ld(c1 + j, n); x2 = ld(c2 + j, n); x3 = ld(c3 + j, n); }
    const float *b = B + j;
    for (int k = 0; k < K; k++, b += ldb) {
      f4 b0 = ld(b, n);
      int ak = k * sak;
      x0 = madd(x0, wasm_v128_load32_splat(a0 + ak), b0);
      x1 = madd(x1, wasm_v128_load32_splat(a1 + ak), b0);
      x2 = madd(x2, wasm_v128_load32_splat(a2 + ak), b0);
      x3 = madd(x3, wasm_v128_load32_splat(a3 + ak), b0);
    }
    st(c0 + j, x0, n); st(c1 + j, x1, n); st(c2 + j, x2, n); st(c3 + j, x3, n);
  }
}

static void block_row1(int N, int K, const float *A, int sak, const float *B, int ldb, float *C, int accumulate) {
  int j = 0;
  for (; j + 8 <= N; j += 8) {
    f4 x0 = accumulate ? wasm_v128_load(C + j) : wasm_f32x4_splat(0.0f);
    f4 x1 = accumulate ? wasm_v128_load(C + j + 4) : wasm_f32x4_splat(0.0f);
    const float *b = B + j;
    for (int k = 0; k < K; k++, b += ldb) {
      f4 s = wasm_v128_load32_splat(A + k * sak);
      x0 = madd(x0, s, wasm_v128_load(b));
      x1 = madd(x1, s, wasm_v128_load(b + 4));
    }
    wasm_v128_store(C + j, x0);
    wasm_v128_store(C + j + 4, x1);
  }
  for (; j < N; j += 4) {
    int n = N - j < 4 ? N - j : 4;
    f4 x0 = accumulate ? ld(C + j, n) : wasm_f32x4_splat(0.0f);
    const float *b = B + j;
    for (int k = 0; k < K; k++, b += ldb) x0 = madd(x0, wasm_v128_load32_splat(A + k * sak), ld(b, n));
    st(C + j, x0, n);
  }
}

void gemm(int M, int N, int K, const float *A, int sai, int sak, const float *B, int ldb, float *C, int ldc,
          int accumulate) {
  if (K == 0) {
    if (!accumulate)
      for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) C[i * ldc + j] = 0.0f;
    return;
  }
  for (int k0 = 0; k0 < K; k0 += KC) {
    int kc = K - k0 < KC ? K - k0 : KC;
    int acc = accumulate || k0 > 0;
    const float *Ak = A + k0 * sak;
    const float *Bk = B + k0 * ldb;
    int i = 0;
    for (; i + 4 <= M; i += 4) block_rows4(N, kc, Ak + i * sai, sai, sak, Bk, ldb, C + i * ldc, ldc, acc);
    for (; i < M; i++) block_row1(N, kc, Ak + i * sai, sak, Bk, ldb, C + i * ldc, acc);
  }
}

void transpose(int rows, int cols, const float *src, int lds, float *dst) {
  for (int r = 0; r < rows; r++)
    for (int c = 0; c < cols; c++) dst[c * rows + r] = src[r * lds + c];
}
