/*
 * Fused GRU over a whole sequence, forward and backward through time, with the semantics of
 * tfjs-layers' GRUCell (resetAfter = false): gates z, r, h in that order;
 *   z = ra(x Wz + h Rz + bz), r = ra(x Wr + h Rr + br), hh = tanh(x Wh + (r * h) Rh + bh),
 *   h_new = z * h + (1 - z) * hh,
 * and the RNN's mask blend h = m h_new + (1 - m) h_prev.
 *
 * Layouts: x [N,T,F], mask [N,T], W [F,3U], R [U,3U], b [3U], h [N,U], hseq [N,T,U]. Forward cache:
 * Z [N*T,3U] gate activations (z, r, hh), Hp [N*T,U] the state entering each step, RH [N*T,U] r * h_prev.
 * With Hp = 0 the forward keeps no cache (inference): Z is one step's [N,3U] scratch and RH [N,U].
 */
#include "common.h"

EXPORT void gru_forward(int N, int T, int F, int U, const float *x, const float *mask, const float *W,
                        const float *R, const float *b, const float *h0, int hard, float *hseq, float *h,
                        float *Z, float *Hp, float *RH) {
  const int G = 3 * U, NT = N * T;
  const int keep_cache = Hp != 0;
  /* With a cache, the input projection of every step is one product; without one, each step projects
   * its own rows into the [N,3U] scratch. Either way each sum runs over x first, then h, in k order:
   * the same bits. */
  if (keep_cache) gemm(NT, G, F, x, F, 1, W, G, Z, G, 0);
  for (int i = 0; i < N * U; i++) h[i] = h0 ? h0[i] : 0.0f;
  const f4 one = wasm_f32x4_splat(1.0f);
  for (int t = 0; t < T; t++) {
    /* Row n of this step's gates is Zt + n * ldz: rows n*T + t of the cache, or row n of the scratch. */
    float *Zt = keep_cache ? Z + t * G : Z;
    const int ldz = keep_cache ? T * G : G;
    float *RHt = keep_cache ? RH + t * U : RH;
    const int ldrh = keep_cache ? T * U : U;
    if (!keep_cache) gemm(N, G, F, x + t * F, T * F, 1, W, G, Zt, G, 0);
    /* z and r from one product; the candidate needs r first, so it takes a second. */
    gemm(N, 2 * U, U, h, U, 1, R, G, Zt, ldz, 1);
    /* Activations in their own loops, as in lstm_forward: independent lanes keep the core busy. */
    for (int n = 0; n < N; n++) act_range(Zt + n * ldz, b, 2 * U, hard ? ACT_HARD_SIGMOID : ACT_SIGMOID);
    for (int n = 0; n < N; n++) {
      float *z = Zt + n * ldz, *hn = h + n * U;
      float *hp = keep_cache ? Hp + (n * T + t) * U : 0, *rh = RHt + n * ldrh;
      for (int u = 0; u < U; u += 4) {
        const int k = U - u < 4 ? U - u : 4;
        f4 rg = ld(z + U + u, k);
        f4 hprev = ld(hn + u, k);
        if (keep_cache) st(hp + u, hprev, k);
        st(rh + u, wasm_f32x4_mul(rg, hprev), k);
      }
    }
    gemm(N, U, U, RHt, ldrh, 1, R + 2 * U, G, Zt + 2 * U, ldz, 1);
    for (int n = 0; n < N; n++) act_range(Zt + n * ldz + 2 * U, b + 2 * U, U, ACT_TANH);
    for (int n = 0; n < N; n++) {
      const int r = n * T + t;
      float *z = Zt + n * ldz, *hn = h + n * U;
      const f4 m = wasm_f32x4_splat(mask && mask[r] == 0.0f ? 0.0f : 1.0f); /* tfjs binarises the mask */
      const f4 keep = wasm_f32x4_sub(one, m);
      for (int u = 0; u < U; u += 4) {
        const int k = U - u < 4 ? U - u : 4;
        f4 hh = ld(z + 2 * U + u, k);
        /* h still holds the state entering this step until this very store. */
        f4 zg = ld(z + u, k), hprev = ld(hn + u, k);
        f4 hnew = wasm_f32x4_add(wasm_f32x4_mul(zg, hprev), wasm_f32x4_mul(wasm_f32x4_sub(one, zg), hh));
        f4 hout = wasm_f32x4_add(wasm_f32x4_mul(hnew, m), wasm_f32x4_mul(hprev, keep));
        st(hn + u, hout, k);
        if (hseq) st(hseq + r * U + u, hout, k);
      }
    }
  }
}

/*
 * Backward through time. dh enters as scratch and leaves holding the gradient w.r.t. the initial
 * state. Scratch: dZ [N*T,3U], RT [3U,U], WT [3U,F], DRH [N,U].
 */
EXPORT void gru_backward(int N, int T, int F, int U, const float *x, const float *mask, const float *W,
                         const float *R, int hard, const float *Z, const float *Hp, const float *RH,
                         const float *dHseq, const float *dhT, float *dX, float *dW, float *dR, float *db,
                         float *dh, float *dZ, float *RT, float *WT, float *DRH) {
  const int G = 3 * U, NT = N * T;
  transpose(U, G, R, G, RT);
  for (int i = 0; i < N * U; i++) dh[i] = dhT ? dhT[i] : 0.0f;
  const f4 one = wasm_f32x4_splat(1.0f);
  for (int t = T - 1; t >= 0; t--) {
    for (int n = 0; n < N; n++) {
      const int r = n * T + t;
      const float *a = Z + r * G, *hp = Hp + r * U;
      float *d = dZ + r * G, *dhn = dh + n * U;
      const f4 m = wasm_f32x4_splat(mask && mask[r] == 0.0f ? 0.0f : 1.0f); /* tfjs binarises the mask */
      const f4 keep = wasm_f32x4_sub(one, m);
      for (int u = 0; u < U; u += 4) {
        const int k = U - u < 4 ? U - u : 4;
        f4 dht = ld(dhn + u, k);
        if (dHseq) dht = wasm_f32x4_add(dht, ld(dHseq + r * U + u, k));
        f4 zg = ld(a + u, k), hh = ld(a + 2 * U + u, k), hprev = ld(hp + u, k);
        f4 dhnew = wasm_f32x4_mul(dht, m);
        /* dz kept raw for now; scaled by the activation slope once dr is known (below). */
        st(d + u, wasm_f32x4_mul(dhnew, wasm_f32x4_sub(hprev, hh)), k);
        f4 dhh = wasm_f32x4_mul(dhnew, wasm_f32x4_sub(one, zg));
        st(d + 2 * U + u, wasm_f32x4_mul(dhh, wasm_f32x4_sub(one, wasm_f32x4_mul(hh, hh))), k);
        st(dhn + u, wasm_f32x4_add(wasm_f32x4_mul(dht, keep), wasm_f32x4_mul(dhnew, zg)), k);
      }
    }
    /* d(r * h_prev) = dZh Rh^T */
    gemm(N, U, U, dZ + t * G + 2 * U, T * G, 1, RT + 2 * U * U, U, DRH, U, 0);
    for (int n = 0; n < N; n++) {
      const int r = n * T + t;
      const float *a = Z + r * G, *hp = Hp + r * U, *drh = DRH + n * U;
      float *d = dZ + r * G, *dhn = dh + n * U;
      for (int u = 0; u < U; u += 4) {
        const int k = U - u < 4 ? U - u : 4;
        f4 zg = ld(a + u, k), rg = ld(a + U + u, k), hprev = ld(hp + u, k), g = ld(drh + u, k);
        st(dhn + u, wasm_f32x4_add(ld(dhn + u, k), wasm_f32x4_mul(g, rg)), k);
        st(d + u, wasm_f32x4_mul(ld(d + u, k), rec_act_grad4(zg, hard)), k);
        st(d + U + u, wasm_f32x4_mul(wasm_f32x4_mul(g, hprev), rec_act_grad4(rg, hard)), k);
      }
    }
    /* dh_prev += [dZz dZr] [Rz Rr]^T */
    gemm(N, U, 2 * U, dZ + t * G, T * G, 1, RT, U, dh, U, 1);
  }
  gemm(F, G, NT, x, 1, F, dZ, G, dW, G, 0);
  gemm(U, 2 * U, NT, Hp, 1, U, dZ, G, dR, G, 0);
  gemm(U, U, NT, RH, 1, U, dZ + 2 * U, G, dR + 2 * U, G, 0);
  for (int j = 0; j < G; j++) db[j] = 0.0f;
  add_rows(db, dZ, NT, G, G);
  if (dX) {
    transpose(F, G, W, G, WT);
    gemm(NT, F, G, dZ, G, 1, WT, F, dX, F, 0);
  }
}
