import { parseArgs } from 'node:util';
import { migrate } from '../store/migrate.ts';
import { expectPositionals, parseCommandLine } from './args.ts';
import { openLocalDb, type LocalContext } from './local.ts';
import { printJson } from './output.ts';

export const MIGRATE_USAGE = `usage: tickwork migrate [--json]

Applies the database's pending migrations and exits; prints what it applied on stdout (--json: {"applied": [...]}).
start, api and worker migrate at start too, under a lock, so this is for upgrading ahead of a rollout.
Local: on the embedded database it needs the data dir, so it runs while the service is stopped.
`;

const INSTEAD = 'The running service applied every migration it knows when it started: stop it, upgrade, and start it again (it migrates then).';

export async function migrateCommand(local: () => LocalContext, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, MIGRATE_USAGE, (args) =>
    parseArgs({ args, options: { json: { type: 'boolean', default: false } }, allowPositionals: true }),
  );
  expectPositionals(positionals, [], MIGRATE_USAGE);
  const { config, log } = local();
  const db = await openLocalDb(config, log, 'migrate', INSTEAD);
  try {
    const applied = await migrate(db, log);
    log.info({ applied }, applied.length === 0 ? 'the database is up to date' : 'migrations applied');
    if (values.json) printJson({ applied });
    else process.stdout.write(applied.length === 0 ? 'the database is up to date\n' : `applied ${applied.join(', ')}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
