import { parseArgs } from 'node:util';
import { migrate } from '../store/migrate.ts';
import { createKey } from '../store/keys.ts';
import { expectPositionals, parseCommandLine, UsageError } from './args.ts';
import { openLocalDb, type LocalContext } from './local.ts';
import { printJson } from './output.ts';

const scopeNames = ['read', 'write', 'admin'] as const;
type Scope = (typeof scopeNames)[number];

export const KEYS_USAGE = `usage: tickwork keys create --name NAME [--scopes read,write,admin] [--tenant TENANT] [--json]

Creates an API key and prints it once on stdout (only the key, so KEY=$(tickwork keys create --name ci) works;
--json prints the key with its id, scopes and tenant). Scopes default to admin, the tenant to "default".
Local: it writes to the database directly (DATABASE_URL, or the embedded data dir while the service is stopped).
While the embedded service runs, create keys over the API with an admin key:
  curl -X POST "$TICKWORK_URL/v1/api-keys" -H "Authorization: Bearer $TICKWORK_KEY" \\
       -H 'content-type: application/json' -d '{"name": "ci", "scopes": ["read"]}'
`;

const INSTEAD = `While it runs, create the key over the API with an admin key instead:
  curl -X POST "\${TICKWORK_URL:-http://localhost:8000}/v1/api-keys" -H "Authorization: Bearer $TICKWORK_KEY" \\
       -H 'content-type: application/json' -d '{"name": "NAME", "scopes": ["read"]}'`;

/** `tickwork keys create --name N [--scopes read,write] [--tenant T]`: prints the new key once. */
export async function keysCommand(local: () => LocalContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') return parseCommandLine(argv, KEYS_USAGE, () => 0);
  if (sub !== 'create') throw new UsageError(sub === undefined ? 'missing a subcommand' : `unknown subcommand "${sub}"`, KEYS_USAGE);
  const { values, positionals } = parseCommandLine(rest, KEYS_USAGE, (args) =>
    parseArgs({
      args,
      options: {
        name: { type: 'string' },
        scopes: { type: 'string', default: 'admin' },
        tenant: { type: 'string', default: 'default' },
        json: { type: 'boolean', default: false },
      },
      allowPositionals: true,
    }),
  );
  expectPositionals(positionals, [], KEYS_USAGE);
  const scopes = values.scopes.split(',').map((s) => s.trim());
  const bad = scopes.filter((s) => !(scopeNames as readonly string[]).includes(s));
  if (bad.length > 0) throw new UsageError(`unknown scope${bad.length > 1 ? 's' : ''} ${bad.map((s) => `"${s}"`).join(', ')} in --scopes (scopes: ${scopeNames.join(', ')})`, KEYS_USAGE);
  if (values.name === undefined || values.name.trim() === '') throw new UsageError('--name is required', KEYS_USAGE);
  if (values.tenant.trim() === '') throw new UsageError('--tenant must not be empty', KEYS_USAGE);
  const { config, log } = local();
  const db = await openLocalDb(config, log, 'keys create', INSTEAD);
  try {
    await migrate(db, log);
    const key = await createKey(db, values.tenant, values.name, scopes as Scope[]);
    if (values.json) {
      printJson({ id: key.id, key: key.key, name: key.name, tenant: key.tenant_id, scopes: key.scopes, created_at: key.created_at, expires_at: key.expires_at });
    } else {
      process.stdout.write(`${key.key}\n`);
    }
    return 0;
  } finally {
    await db.close();
  }
}
