/**
 * `npm run pglite-template`: writes assets/pgdata-template.tar.br (an empty, freshly initialised PGlite cluster) and
 * assets/pgdata-template.json from the installed PGlite. Run it after upgrading @electric-sql/pglite.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { TEMPLATE_INFO_PATH, TEMPLATE_PATH, installedPgliteVersion, type TemplateInfo } from '../src/store/pglite-template.ts';

const pg = await PGlite.create();
const tar = Buffer.from(await (await pg.dumpDataDir('none')).arrayBuffer());
await pg.close();
// Brotli at its best (a 16 MiB window): the cluster is mostly empty pages and a zeroed WAL segment.
const packed = brotliCompressSync(tar, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: tar.length },
});
mkdirSync(dirname(TEMPLATE_PATH), { recursive: true });
writeFileSync(TEMPLATE_PATH, packed);
const info: TemplateInfo = { pglite: installedPgliteVersion(), bytes: tar.length };
writeFileSync(TEMPLATE_INFO_PATH, `${JSON.stringify(info, null, 2)}\n`);
process.stdout.write(`${TEMPLATE_PATH}: ${packed.length} bytes (${tar.length} unpacked), PGlite ${info.pglite}\n`);
