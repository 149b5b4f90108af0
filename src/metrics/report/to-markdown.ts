import type { EvaluationReportJSON } from './report-json.js';
import { reportTables } from './sections.js';

/** Renders a report as GitHub-flavoured Markdown. @internal */
export function reportToMarkdown(r: EvaluationReportJSON): string {
  const out = [`# ${r.title}`, ''];
  for (const t of reportTables(r)) {
    out.push(`## ${t.heading}`, '', t.note, '');
    out.push(`| ${t.header.map(cell).join(' | ')} |`);
    // Right-align a column only when every cell in it is a number, so prose columns stay readable.
    const numeric = t.header.map((_, i) => i > 0 && t.rows.every((row) => /^[-−\d.,%∞—]/.test(row[i])));
    out.push(`| ${numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`);
    for (const row of t.rows) out.push(`| ${row.map(cell).join(' | ')} |`);
    out.push('');
  }
  return out.join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}
