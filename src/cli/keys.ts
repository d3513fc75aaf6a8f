import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { openDb, waitForDatabase } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import { createKey } from '../store/keys.ts';

const scopeNames = ['read', 'write', 'admin'] as const;
type Scope = (typeof scopeNames)[number];

/** `tickwork keys create --name N [--scopes read,write] [--tenant T]`: prints the new key once. */
export async function keysCommand(config: Config, log: Logger, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create') {
    process.stderr.write('usage: tickwork keys create --name NAME [--scopes read,write,admin] [--tenant TENANT]\n');
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, scopes: { type: 'string', default: 'admin' }, tenant: { type: 'string', default: 'default' } },
  });
  const scopes = (values.scopes ?? '').split(',').map((s) => s.trim());
  const bad = scopes.filter((s) => !(scopeNames as readonly string[]).includes(s));
  if (values.name === undefined || values.name === '' || bad.length > 0 || scopes.length === 0) {
    process.stderr.write(`tickwork keys create: --name is required; scopes are ${scopeNames.join(', ')}\n`);
    return 2;
  }
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2, log });
  try {
    await waitForDatabase(db, log);
    await migrate(db, log);
    const key = await createKey(db, values.tenant ?? 'default', values.name, scopes as Scope[]);
    process.stdout.write(`${key.key}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
