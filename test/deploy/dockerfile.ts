import { readFileSync } from 'node:fs';
import { ROOT_DIR } from '../support/paths.ts';

/** One stage of the Dockerfile, as much of it as the deploy tests follow. */
export interface Stage {
  name: string | null;
  instructions: { op: string; args: string }[];
  /** COPY lines: sources (relative to the context, or to stage `from`) and the destination. */
  copies: { from: string | null; sources: string[]; dest: string }[];
  runs: string[];
}

/** Reads the repository's Dockerfile into stages (line continuations joined, comments dropped). */
export function readDockerfile(): Stage[] {
  const text = readFileSync(`${ROOT_DIR}Dockerfile`, 'utf8').replace(/\\\n/g, ' ');
  const stages: Stage[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [op = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (op.toUpperCase() === 'FROM') {
      const m = /\bAS\s+(\S+)/i.exec(args);
      stages.push({ name: m?.[1] ?? null, instructions: [], copies: [], runs: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (stage === undefined) throw new Error('Dockerfile: an instruction before FROM');
    stage.instructions.push({ op: op.toUpperCase(), args });
    if (op.toUpperCase() === 'COPY') {
      const words = args.split(/\s+/);
      const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length) ?? null;
      const paths = words.filter((w) => !w.startsWith('--'));
      const dest = paths.pop() ?? '';
      stage.copies.push({ from, sources: paths, dest });
    }
    if (op.toUpperCase() === 'RUN') stage.runs.push(args);
  }
  return stages;
}
