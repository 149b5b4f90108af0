import { esc } from '../format.js';

/** Size and margins shared by every chart, so the page grid lines up. @internal */
export const FRAME = { width: 440, height: 330, top: 36, right: 18, bottom: 50, left: 60 } as const;

/** A linear mapping from data to pixels. @internal */
export interface Scale {
  /** Pixel position of a data value. */
  (v: number): number;
  /** The data domain. */
  readonly domain: readonly [number, number];
}

/** A linear scale from a domain to a pixel range. @internal */
export function linear(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const span = d1 - d0 || 1;
  const f = ((v: number) => range[0] + ((v - d0) / span) * (range[1] - range[0])) as Scale;
  return Object.assign(f, { domain });
}

/** Round tick values (1, 2 or 5 times a power of ten) covering the domain, about `count` of them. @internal */
export function ticks(domain: readonly [number, number], count = 5): number[] {
  const [lo, hi] = domain;
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => span / s <= count + 0.5) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Formats a tick value with no more decimals than the ticks need. @internal */
export function tickLabel(v: number, all: readonly number[]): string {
  const step = all.length > 1 ? Math.abs(all[1] - all[0]) : 1;
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  return v.toFixed(decimals);
}

/** What every chart frame needs: id, title and axis labels. @internal */
export interface FrameSpec {
  /** Element id of the svg (the tests and page links find charts by it). */
  readonly id: string;
  /** Title drawn above the plot and used as the accessible name. */
  readonly title: string;
  /** Label under the x axis. */
  readonly xLabel: string;
  /** Label left of the y axis. */
  readonly yLabel: string;
}

/** Opens an svg with title, grid, axes, tick labels and axis labels; the caller appends marks and closes it. @internal */
export function openFrame(spec: FrameSpec, x: Scale, y: Scale): string[] {
  const { width, height, top, right, bottom, left } = FRAME;
  const parts = [
    `<svg id="${esc(spec.id)}" class="chart" xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${esc(spec.title)}">`,
    `<title>${esc(spec.title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" class="chart-title">${esc(spec.title)}</text>`,
  ];
  const xt = ticks(x.domain);
  const yt = ticks(y.domain);
  for (const v of xt) {
    const px = x(v).toFixed(1);
    parts.push(`<line x1="${px}" x2="${px}" y1="${top}" y2="${height - bottom}" class="grid"/>`);
    parts.push(`<text x="${px}" y="${height - bottom + 16}" text-anchor="middle" class="tick">${tickLabel(v, xt)}</text>`);
  }
  for (const v of yt) {
    const py = y(v).toFixed(1);
    parts.push(`<line x1="${left}" x2="${width - right}" y1="${py}" y2="${py}" class="grid"/>`);
    parts.push(`<text x="${left - 6}" y="${py}" dy="0.32em" text-anchor="end" class="tick">${tickLabel(v, yt)}</text>`);
  }
  parts.push(`<line x1="${left}" x2="${width - right}" y1="${height - bottom}" y2="${height - bottom}" class="axis"/>`);
  parts.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${height - bottom}" class="axis"/>`);
  parts.push(`<text x="${(left + width - right) / 2}" y="${height - 12}" text-anchor="middle" class="axis-label">${esc(spec.xLabel)}</text>`);
  parts.push(
    `<text transform="translate(16 ${(top + height - bottom) / 2}) rotate(-90)" text-anchor="middle" class="axis-label">${esc(spec.yLabel)}</text>`,
  );
  return parts;
}

/** A legend in the plot's corner: a swatch and a name per entry. @internal */
export function legend(entries: readonly { name: string; color: string; dashed?: boolean; box?: boolean }[], corner: 'bottom-right' | 'top-right' | 'top-left'): string {
  const { width, height, top, right, bottom, left } = FRAME;
  const rowHeight = 16;
  const boxWidth = 8 + Math.max(...entries.map((e) => e.name.length)) * 6.6 + 26;
  const boxHeight = entries.length * rowHeight + 8;
  const x0 = corner === 'top-left' ? left + 8 : width - right - 8 - boxWidth;
  const y0 = corner === 'bottom-right' ? height - bottom - 8 - boxHeight : top + 8;
  const parts = [`<g class="legend"><rect x="${x0}" y="${y0}" width="${boxWidth.toFixed(0)}" height="${boxHeight}" fill="#ffffff" fill-opacity="0.85" stroke="#cccccc"/>`];
  entries.forEach((e, i) => {
    const cy = y0 + 12 + i * rowHeight;
    parts.push(
      e.box
        ? `<rect x="${x0 + 6}" y="${cy - 5}" width="16" height="10" fill="${e.color}" fill-opacity="0.6"/>`
        : `<line x1="${x0 + 6}" x2="${x0 + 22}" y1="${cy}" y2="${cy}" stroke="${e.color}" stroke-width="2"${e.dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
    );
    parts.push(`<text x="${x0 + 28}" y="${cy}" dy="0.32em" class="legend-text">${esc(e.name)}</text>`);
  });
  parts.push('</g>');
  return parts.join('');
}
