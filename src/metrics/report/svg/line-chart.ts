import { esc } from '../format.js';
import { FRAME, legend, linear, openFrame, type FrameSpec } from './frame.js';

/** One line on a chart. @internal */
export interface Series {
  /** Legend name. */
  readonly name: string;
  /** X values. */
  readonly x: readonly number[];
  /** Y values, same length as x; undefined values break the line. */
  readonly y: readonly (number | undefined)[];
  /** Stroke colour. */
  readonly color: string;
  /** Draw dashed (reference lines such as "random"). */
  readonly dashed?: boolean;
  /** Draw a dot at every point (few points, such as calibration bins or epochs). */
  readonly dots?: boolean;
}

/** A line chart: frame, series and legend. @internal */
export interface LineChartSpec extends FrameSpec {
  /** X domain. */
  readonly xDomain: readonly [number, number];
  /** Y domain. */
  readonly yDomain: readonly [number, number];
  /** Lines, drawn in order. */
  readonly series: readonly Series[];
  /** Where the legend goes. */
  readonly legendCorner: 'bottom-right' | 'top-right' | 'top-left';
  /** Optional vertical marker, such as the best epoch. */
  readonly marker?: { readonly x: number; readonly label: string };
}

/** Renders a line chart as an inline svg string. @internal */
export function lineChart(spec: LineChartSpec): string {
  const x = linear(spec.xDomain, [FRAME.left, FRAME.width - FRAME.right]);
  const y = linear(spec.yDomain, [FRAME.height - FRAME.bottom, FRAME.top]);
  const parts = openFrame(spec, x, y);
  if (spec.marker) {
    const px = x(spec.marker.x).toFixed(1);
    parts.push(`<line x1="${px}" x2="${px}" y1="${FRAME.top}" y2="${FRAME.height - FRAME.bottom}" stroke="#888888" stroke-dasharray="2 3"/>`);
    parts.push(`<text x="${px}" y="${FRAME.top - 4}" text-anchor="middle" class="tick">${esc(spec.marker.label)}</text>`);
  }
  for (const s of spec.series) {
    let d = '';
    let pen = false;
    s.x.forEach((xv, i) => {
      const yv = s.y[i];
      if (yv === undefined || !Number.isFinite(yv)) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${x(xv).toFixed(1)} ${y(yv).toFixed(1)}`;
      pen = true;
    });
    const dash = s.dashed ? ' stroke-dasharray="5 4"' : '';
    parts.push(`<path class="series" data-series="${esc(s.name)}" d="${d}" fill="none" stroke="${s.color}" stroke-width="${s.dashed ? 1.2 : 2}"${dash}/>`);
    if (s.dots) {
      s.x.forEach((xv, i) => {
        const yv = s.y[i];
        if (yv !== undefined && Number.isFinite(yv)) parts.push(`<circle cx="${x(xv).toFixed(1)}" cy="${y(yv).toFixed(1)}" r="3" fill="${s.color}"/>`);
      });
    }
  }
  parts.push(legend(spec.series, spec.legendCorner));
  parts.push('</svg>');
  return parts.join('\n');
}
