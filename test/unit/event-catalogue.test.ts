import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../src/domain/event.ts';
import { ROOT_DIR } from '../support/paths.ts';

/** Every .ts file under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const PREFIXES = ['task', 'run', 'monitor', 'tfl', 'webhook'];

describe('the events catalogue', () => {
  it('EVENT_TYPES holds every event type a string literal in src/ names', () => {
    // commands/ names AMQP command ops (`task.create`), which share the prefixes but are not events.
    const files = sources(`${ROOT_DIR}src`).filter((f) => !f.includes(`${join('src', 'commands')}`));
    const literal = new RegExp(`['"\`]((?:${PREFIXES.join('|')})\\.[a-z_]+)['"\`]`, 'g');
    const found = new Set<string>();
    for (const f of files) for (const [, type] of readFileSync(f, 'utf8').matchAll(literal)) if (type !== undefined) found.add(type);
    expect(found.size).toBeGreaterThan(15);
    expect([...found].filter((t) => !(EVENT_TYPES as readonly string[]).includes(t)).sort()).toEqual([]);
  });

  it('docs/events.md has a section with a JSON example of each type in EVENT_TYPES, and no other', () => {
    const text = readFileSync(`${ROOT_DIR}docs/events.md`, 'utf8');
    const sections = [...text.matchAll(/^### (\S+)\n([\s\S]*?)(?=^#{2,3} |(?![\s\S]))/gm)];
    expect(sections.map((s) => s[1]).sort()).toEqual([...EVENT_TYPES].sort());
    for (const [, type, body] of sections) {
      const json = /```json\n([\s\S]*?)\n```/.exec(body ?? '')?.[1];
      expect(json, `${type} has a JSON example`).toBeDefined();
      const example = JSON.parse(json ?? 'null') as { type: string; subject: { kind: string }; data: unknown };
      expect(example.type, `the example under ${type}`).toBe(type);
      expect(['task', 'monitor', 'webhook']).toContain(example.subject.kind);
      expect(typeof example.data).toBe('object');
    }
    for (const type of EVENT_TYPES) expect(text, `the table lists ${type}`).toContain(`| [\`${type}\`]`);
  });

  it('docs/events.md and docs/tfl.md link only to files inside the repository', () => {
    for (const file of ['docs/events.md', 'docs/tfl.md']) {
      const text = readFileSync(`${ROOT_DIR}${file}`, 'utf8');
      expect(text, file).not.toMatch(/\]\(\.\.\/|(^|[\s(`])\.\.\/shared/m);
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        if (target === undefined || /^[a-z]+:/.test(target)) continue;
        expect(() => readFileSync(new URL(target, `file://${ROOT_DIR}docs/`)), `${file} links ${target}`).not.toThrow();
      }
    }
  });
});
