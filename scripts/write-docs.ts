// Writes the generated parts of docs/ (npm run docs): the configuration reference from the config table, the HTTP
// API reference from the OpenAPI document, and the TypeScript client's types from the same document.
import { writeFileSync } from 'node:fs';
import { configurationMarkdown } from '../src/config.ts';
import { apiMarkdown, clientTypes } from './api-reference.ts';
import { openApiDocument } from './openapi-document.ts';

writeFileSync(new URL('../docs/configuration.md', import.meta.url), configurationMarkdown());
const doc = await openApiDocument();
writeFileSync(new URL('../docs/api.md', import.meta.url), apiMarkdown(doc));
writeFileSync(new URL('../clients/typescript/src/schema.d.ts', import.meta.url), await clientTypes(doc));
