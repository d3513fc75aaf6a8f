// Writes the generated parts of docs/ (npm run docs): the configuration reference from the config table.
import { writeFileSync } from 'node:fs';
import { configurationMarkdown } from '../src/config.ts';

writeFileSync(new URL('../docs/configuration.md', import.meta.url), configurationMarkdown());
