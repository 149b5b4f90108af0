/*
 * Fused LSTM over a whole sequence, forward and backward through time, with the semantics of
 * tfjs-layers' LSTMCell + RNN: z = x W + h R + b split as gates i, f, c, o; i/f/o use the recurrent
 * activation (sigmoid or hardSigmoid), c and the output use tanh; a step with mask m blends
 * h = m h_new + (1 - m) h_prev (and c alike), so a padded step (m = 0) carries the state unchanged.
 *
 * Layouts (row-major float32): x [N,T,F] (row r = n*T + t), mask [N,T], W [F,4U], R [U,4U], b [4U],
 * states [N,U], hseq [N,T,U]. The forward leaves the cache backward needs, step-major (row t*N + n):
 * Z [T*N,4U] gate activations, Hp/Cp [T*N,U] the states entering each step, TC [T*N,U] tanh of the
 * new cell.
 * Any optional pointer may be 0 (no mask, zero initial state, no sequence output or gradient); with
 * Hp = 0 the forward keeps no cache (inference), Cp/TC are ignored and Z needs only [N,4U]. R must
 * start right after W (R == W + F*4U); XH is [N, F+U] scratch.
 */
#include "common.h"

EXPORT void lstm_forward(int N, int T, int F, int U, const float *x, const float *mask, const float *W,
                         const float *R, const float *b, const float *h0, const float *c0, int hard,
                         float *hseq, float *h, float *c, float *Z, float *Hp, float *Cp, float *TC, float *XH) {
  const int G = 4 * U, K = F + U;
  const int keep_cache = Hp != 0;
  /* Each step's gate pre-activations are one product [x_t | h] . [W; R] (K = F + U) into Zt: XH holds
   * this step's inputs beside the running state, and the callers lay R out right after W, so [W; R] is
   * one [F+U, 4U] matrix. The sum runs over x first, then h, in k order: the same bits as projecting x
   * and then accumulating h R, one pass over Zt fewer, and no short K = F product per step. */
  if (R != W + F * G) __builtin_trap();
  for (int n = 0; n < N; n++)
    for (int u = 0; u < U; u++) {
      XH[n * K + F + u] = h0 ? h0[n * U + u] : 0.0f;
      c[n * U + u] = c0 ? c0[n * U + u] : 0.0f;
    }
  const f4 one = wasm_f32x4_splat(1.0f);
  /* Without a cache (inference) Zt is one [N,4U] scratch that stays in cache, with one that step's block
   * of the cache, then the bias is added in the activation pass (tfjs's order: x W + h R, then b). The
   * cache is step-major (row t*N + n), so each step writes and the backward reads one contiguous block
   * (~4% faster both ways than rows n*T + t, whose steps were 30 KB apart). */
  for (int t = 0; t < T; t++) {
    float *Zt = keep_cache ? Z + t * N * G : Z;
    for (int n = 0; n < N; n++)
      for (int f = 0; f < F; f++) XH[n * K + f] = x[(n * T + t) * F + f];
    gemm(N, G, K, XH, K, 1, W, G, Zt, G, 0);
    /* Gate activations first, for every row of the step, then the cell update: each loop's lanes are
     * independent, so many exp/divide chains are in flight at once. Fusing both into one loop per unit
     * chained gate -> cell -> tanh(cell) and left the core waiting on latency (twice as slow). */
    for (int n = 0; n < N; n++) {
      float *z = Zt + n * G;
      act_range(z, b, 2 * U, hard ? ACT_HARD_SIGMOID : ACT_SIGMOID);
      act_range(z + 2 * U, b + 2 * U, U, ACT_TANH);
      act_range(z + 3 * U, b + 3 * U, U, hard ? ACT_HARD_SIGMOID : ACT_SIGMOID);
    }
    for (int n = 0; n < N; n++) {
      const int r = n * T + t;
      float *z = Zt + n * G, *hn = XH + n * K + F, *cn = c + n * U;
      const int q = t * N + n;
      float *hp = keep_cache ? Hp + q * U : 0, *cp = keep_cache ? Cp + q * U : 0, *tcr = keep_cache ? TC + q * U : 0;
      const f4 m = wasm_f32x4_splat(mask && mask[r] == 0.0f ? 0.0f : 1.0f); /* tfjs binarises the mask */
      const f4 keep = wasm_f32x4_sub(one, m);
      for (int u = 0; u < U; u += 4) {
        const int k = U - u < 4 ? U - u : 4;
        f4 ig = ld(z + u, k), fg = ld(z + U + u, k), gg = ld(z + 2 * U + u, k), og = ld(z + 3 * U + u, k);
        f4 hprev = ld(hn + u, k), cprev = ld(cn + u, k);
        f4 cnew = wasm_f32x4_add(wasm_f32x4_mul(fg, cprev), wasm_f32x4_mul(ig, gg));
        f4 tc = tanh4(cnew);
        if (keep_cache) {
          st(hp + u, hprev, k); st(cp + u, cprev, k);
          st(tcr + u, tc, k);
        }
        f4 hnew = wasm_f32x4_mul(og, tc);
        f4 hout = wasm_f32x4_add(wasm_f32x4_mul(hnew, m), wasm_f32x4_mul(hprev, keep));
        f4 cout = wasm_f32x4_add(wasm_f32x4_mul(cnew, m), wasm_f32x4_mul(cprev, keep));
        st(hn + u, hout, k); st(cn + u, cout, k);
        if (hseq) st(hseq + r * U + u, hout, k);
      }
    }
  }
  for (int n = 0; n < N; n++)
    for (int u = 0; u < U; u++) h[n * U + u] = XH[n * K + F + u];
}

/*
 * Backward through time. Inputs: the forward's cache and the gradients of the loss w.r.t. the
 * sequence output dHseq [N,T,U] and the final states dhT/dcT (each optional). Outputs: dX [N,T,F]
 * (optional), dW, dR, db, and dh/dc, which enter as scratch and leave holding the gradients w.r.t. the
 * initial states. Scratch: dZ [N,4U] (one step's gate gradients), RT [4U,U], WT [4U,F].
 */
EXPORT void lstm_backward(int N, int T, int F, int U, const float *x, const float *mask, const float *W,
                          const float *R, int hard, const float *Z, const float *Hp, const float *Cp,
                          const float *TC, const float *dHseq, const float *dhT, const float *dcT, float *dX,
                          float *dW, float *dR, float *db, float *dh, float *dc, float *dZ, float *RT,
                          float *WT) {
  const int G = 4 * U;
  transpose(U, G, R, G, RT);
  if (dX) transpose(F, G, W, G, WT);
  for (int i = 0; i < N * U; i++) {
    dh[i] = dhT ? dhT[i] : 0.0f;
    dc[i] = dcT ? dcT[i] : 0.0f;
  }
  for (int j = 0; j < G; j++) db[j] = 0.0f;
  const f4 one = wasm_f32x4_splat(1.0f);
  for (int t = T - 1; t >= 0; t--) {
    for (int n = 0; n < N; n++) {
      const int r = n * T + t, q = t * N + n;
      const float *a = Z + q * G, *cp = Cp + q * U, *tcr = TC + q * U;
      float *d = dZ + n * G, *dhn = dh + n * U, *dcn = dc + n * U;
      const f4 m = wasm_f32x4_splat(mask && mask[r] == 0.0f ? 0.0f : 1.0f); /* tfjs binarises the mask */
      const f4 keep = wasm_f32x4_sub(one, m);
      for (int u = 0; u < U; u += 4) {
        const int k = U - u < 4 ? U - u : 4;
        f4 dht = ld(dhn + u, k);
        if (dHseq) dht = wasm_f32x4_add(dht, ld(dHseq + r * U + u, k));
        f4 dct = ld(dcn + u, k);
        f4 ig = ld(a + u, k), fg = ld(a + U + u, k), gg = ld(a + 2 * U + u, k), og = ld(a + 3 * U + u, k);
        f4 tc = ld(tcr + u, k), cprev = ld(cp + u, k);
        f4 dhnew = wasm_f32x4_mul(dht, m);
        f4 dcnew = wasm_f32x4_mul(dct, m);
        f4 dog = wasm_f32x4_mul(dhnew, tc);
        dcnew = wasm_f32x4_add(dcnew, wasm_f32x4_mul(wasm_f32x4_mul(dhnew, og),
                                                     wasm_f32x4_sub(one, wasm_f32x4_mul(tc, tc))));
        f4 dig = wasm_f32x4_mul(dcnew, gg);
        f4 dfg = wasm_f32x4_mul(dcnew, cprev);
        f4 dgg = wasm_f32x4_mul(dcnew, ig);
        st(dcn + u, wasm_f32x4_add(wasm_f32x4_mul(dcnew, fg), wasm_f32x4_mul(dct, keep)), k);
        st(dhn + u, wasm_f32x4_mul(dht, keep), k);
        st(d + u, wasm_f32x4_mul(dig, rec_act_grad4(ig, hard)), k);
        st(d + U + u, wasm_f32x4_mul(dfg, rec_act_grad4(fg, hard)), k);
        st(d + 2 * U + u, wasm_f32x4_mul(dgg, wasm_f32x4_sub(one, wasm_f32x4_mul(gg, gg))), k);
        st(d + 3 * U + u, wasm_f32x4_mul(dog, rec_act_grad4(og, hard)), k);
      }
    }
    /* dh_prev += dZ_t R^T: one product per step for all four gates. */
    gemm(N, U, G, dZ, G, 1, RT, U, dh, U, 1);
    /* Weight gradients step by step, while dZ_t [N, 4U] and this step's inputs are still in cache:
     * summing them once over all N*T rows at the end re-read the whole gate gradient and state
     * history from memory, which cost more than the products' own C traffic here. */
    const int acc = t < T - 1;
    gemm(F, G, N, x + t * F, 1, T * F, dZ, G, dW, G, acc);
    gemm(U, G, N, Hp + t * N * U, 1, U, dZ, G, dR, G, acc);
    add_rows(db, dZ, N, G, G);
    if (dX) gemm(N, F, G, dZ, G, 1, WT, F, dX + t * F, T * F, 0);
  }
}
