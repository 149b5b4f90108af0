/**
 * Thins a curve for drawing: keeps the first and last point and any point that moved at least 1/maxPoints of the
 * unit square from the last kept one, so a 1M-point ROC curve draws as a few hundred points with the same shape.
 * @internal
 */
export function thin(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number): { x: number[]; y: number[] } {
  const n = x.length;
  if (n <= maxPoints) return { x: Array.from(x), y: Array.from(y) };
  const step = 1 / maxPoints;
  const xs = [x[0]];
  const ys = [y[0]];
  for (let i = 1; i < n - 1; i++) {
    if (Math.abs(x[i] - xs[xs.length - 1]) >= step || Math.abs(y[i] - ys[ys.length - 1]) >= step) {
      xs.push(x[i]);
      ys.push(y[i]);
    }
  }
  xs.push(x[n - 1]);
  ys.push(y[n - 1]);
  return { x: xs, y: ys };
}
