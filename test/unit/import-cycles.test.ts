import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../support/paths.ts';

/**
 * Import circles in `src/`: every relative `import … from`, `export … from` and side-effect `import '…'` of every
 * .ts/.js file, type-only ones included (a circle of types is still two rooms that each need the other), printed
 * as `a.ts → b.ts → a.ts`.
 */

const SRC = resolve(ROOT_DIR, 'src');

/**
 * Circles allowed to remain: none. The test fails on any circle not listed here, and on a listed one that no longer
 * exists, so the list can only shrink.
 */
const KNOWN_CYCLES: readonly string[] = [];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|js)$/.test(e.name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s*['"](\.{1,2}\/[^'"]+)['"]/gm),
  ];
  return specs.flatMap(([, spec]) => (spec === undefined ? [] : [resolve(dirname(file), spec)]));
}

/**
 * The circles a depth-first search meets (one per edge back into the open path; any graph with a circle has at least
 * one), each rotated to start at its smallest file so that it is reported once.
 */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const found = new Map<string, string[]>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next));
        const start = cycle.indexOf([...cycle].sort()[0] ?? next);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        found.set(rotated.join(' → '), rotated);
      } else if (state.get(next) === undefined) {
        visit(next);
      }
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (state.get(node) === undefined) visit(node);
  return [...found.values()];
}

describe('the import graph of src/', () => {
  it('has no import circles beyond the known ones listed in this test', () => {
    const files = sourceFiles(SRC);
    const graph = new Map(files.map((f) => [relative(SRC, f), importsOf(f).map((i) => relative(SRC, i))]));
    const cycles = findCycles(graph).map((c) => [...c, c[0]].join(' → ')).sort();
    for (const c of cycles) console.log(`import circle: ${c}`);
    console.log(`figure: import circles in src/: ${cycles.length} (${files.length} files)`);
    expect(cycles).toEqual([...KNOWN_CYCLES].sort());
  });

  it('finds a circle of three files and reports it once', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ]);
    expect(findCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
