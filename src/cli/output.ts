/** What the operator commands print on stdout: aligned tables for people, JSON for programs. */

export type Cell = string | number | boolean | null | undefined;

function text(c: Cell): string {
  if (c === null || c === undefined || c === '') return '-';
  return String(c);
}

/**
 * A plain aligned table with a header row; the last column is not padded. `minWidths` keep the lines of a stream
 * (printed one at a time with `tableLine`) in line with the table before them.
 */
export function table(headers: readonly string[], rows: readonly (readonly Cell[])[], minWidths: readonly number[] = []): string {
  const cells = [headers.map((h) => h.toUpperCase()), ...rows.map((r) => r.map(text))];
  const widths = headers.map((_, i) => Math.max(minWidths[i] ?? 0, ...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd())
    .join('\n')
    .concat('\n');
}

/** One row of a table printed as it comes, its columns `widths` wide. */
export function tableLine(row: readonly Cell[], widths: readonly number[]): string {
  return `${row.map((c, i) => (i === row.length - 1 ? text(c) : text(c).padEnd(widths[i] ?? 0))).join('  ').trimEnd()}\n`;
}

/** "key  value" lines for one object. */
export function details(pairs: readonly (readonly [string, Cell])[]): string {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(width)}  ${text(v)}`).join('\n').concat('\n');
}

/** An ISO time from the API, shown to the second with its zone (the API answers in UTC). */
export function when(iso: unknown): string | null {
  if (typeof iso !== 'string') return null;
  return iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** A value from a JSON object from the API, as a table cell. */
export function field(o: unknown, ...path: string[]): string | number | boolean | null {
  let v: unknown = o;
  for (const p of path) {
    if (typeof v !== 'object' || v === null) return null;
    v = (v as Record<string, unknown>)[p];
  }
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}
