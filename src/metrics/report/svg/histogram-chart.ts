import { FRAME, legend, linear, openFrame, type FrameSpec } from './frame.js';

/** A histogram of two classes drawn side by side within each bin. @internal */
export interface HistogramSpec extends FrameSpec {
  /** `bins + 1` edges. */
  readonly edges: readonly number[];
  /** One bar series per class: legend name, colour and value per bin. */
  readonly groups: readonly { readonly name: string; readonly color: string; readonly values: readonly number[] }[];
}

/** Renders grouped histogram bars as an inline svg string. @internal */
export function histogramChart(spec: HistogramSpec): string {
  const edges = spec.edges;
  const top = Math.max(1e-12, ...spec.groups.flatMap((g) => g.values));
  const x = linear([edges[0], edges[edges.length - 1]], [FRAME.left, FRAME.width - FRAME.right]);
  const y = linear([0, top * 1.05], [FRAME.height - FRAME.bottom, FRAME.top]);
  const parts = openFrame(spec, x, y);
  const share = 1 / spec.groups.length;
  spec.groups.forEach((g, gi) => {
    for (let b = 0; b + 1 < edges.length; b++) {
      const x0 = x(edges[b]);
      const w = x(edges[b + 1]) - x0;
      const bx = x0 + w * (0.05 + 0.9 * share * gi);
      const bw = w * 0.9 * share;
      const by = y(g.values[b]);
      parts.push(
        `<rect class="bar" x="${bx.toFixed(1)}" y="${by.toFixed(1)}" width="${bw.toFixed(1)}" height="${(y(0) - by).toFixed(1)}" fill="${g.color}" fill-opacity="0.75"/>`,
      );
    }
  });
  parts.push(legend(spec.groups.map((g) => ({ name: g.name, color: g.color, box: true })), 'top-right'));
  parts.push('</svg>');
  return parts.join('\n');
}
