/** Number formatting and escaping shared by the Markdown and HTML renderers. @internal */

/** A metric with 4 decimals, or an em dash when undefined. @internal */
export function num(v: number | null | undefined, digits = 4): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (v === Infinity) return '∞ (flag nobody)';
  return Number.isInteger(v) && Math.abs(v) < 1e15 ? String(v) : v.toFixed(digits);
}

/** A share as a percentage with one decimal. @internal */
export function pct(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  return `${(v * 100).toFixed(1)}%`;
}

/** Escapes text for HTML and SVG content and attributes. @internal */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A threshold or share with at most 4 decimals and no trailing zeros (0.5, 0.2178, ∞). @internal */
export function short(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  if (v === Infinity) return '∞ (flag nobody)';
  return String(Number(v.toFixed(4)));
}
