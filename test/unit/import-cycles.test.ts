import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../support/paths.ts';

const SRC = join(ROOT_DIR, 'src');

/** Every .ts file under src/, as paths relative to src/. */
function sources(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [relative(SRC, join(dir, e.name))] : [],
  );
}

/** The files of ours a file imports, types included: a circle of types is still two rooms that each need the other. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(SRC, file), 'utf8');
  const found = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+'(\.[^']+)'/gm)].map((m) => m[1] ?? '');
  return found.map((spec) => relative(SRC, resolve(dirname(join(SRC, file)), spec)));
}

/** Each cycle once, as the list of files from its smallest name round. */
function cycles(): string[][] {
  const graph = new Map(sources().map((f) => [f, importsOf(f)]));
  const seen = new Set<string>();
  const out: string[][] = [];
  const stack: string[] = [];
  const onStack = new Set<string>();
  const visit = (f: string): void => {
    if (onStack.has(f)) {
      const cycle = stack.slice(stack.indexOf(f));
      const start = cycle.indexOf([...cycle].sort()[0] ?? '');
      const key = [...cycle.slice(start), ...cycle.slice(0, start)];
      if (!out.some((c) => c.join() === key.join())) out.push(key);
      return;
    }
    if (seen.has(f)) return;
    seen.add(f);
    stack.push(f);
    onStack.add(f);
    for (const g of graph.get(f) ?? []) if (graph.has(g)) visit(g);
    stack.pop();
    onStack.delete(f);
  };
  for (const f of graph.keys()) visit(f);
  return out;
}

/** Circles known when this test was written, each being broken by its own change; remove an entry when it lands. */
const KNOWN = [['store/checks.ts', 'store/monitors.ts']];

describe('imports', () => {
  it('form no circle in src/ beyond the known ones being broken', () => {
    const found = cycles().map((c) => c.join(' -> '));
    console.log(`figure: import cycles in src/: ${found.length}${found.length > 0 ? ` (${found.join('; ')})` : ''}`);
    expect(found.filter((c) => !KNOWN.some((k) => k.join(' -> ') === c))).toEqual([]);
  });
});
