import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configurationMarkdown } from '../../src/config.ts';
import { ROOT_DIR } from '../support/paths.ts';

describe('the documentation in the repository', () => {
  it('docs/configuration.md lists exactly the settings of the config table (npm run docs rewrites it)', () => {
    expect(readFileSync(`${ROOT_DIR}docs/configuration.md`, 'utf8')).toBe(configurationMarkdown());
  });

  it('the README and docs/ link only to files inside the repository', () => {
    const files = ['README.md', 'SECURITY.md', ...['api.md', 'architecture.md', 'commands.md', 'configuration.md'].map((f) => `docs/${f}`)];
    for (const file of files) {
      const text = readFileSync(`${ROOT_DIR}${file}`, 'utf8');
      expect(text, file).not.toMatch(/\]\(\.\.\/|(^|[\s(`])\.\.\/shared/m);
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)) {
        if (target === undefined || /^[a-z]+:/.test(target)) continue;
        const base = file.includes('/') ? `${ROOT_DIR}docs/` : ROOT_DIR;
        expect(() => readFileSync(new URL(target, `file://${base}`)), `${file} links ${target}`).not.toThrow();
      }
    }
  });
});
