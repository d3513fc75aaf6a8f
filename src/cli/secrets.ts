import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import type { Db } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import type { ResealBatch, SecretBox } from '../store/secrets.ts';
import { resealWebhookSecrets } from '../store/webhooks.ts';
import { resealPingTokens } from '../store/heartbeats.ts';
import { resealTaskActions } from '../store/tasks.ts';
import { resealSigningSecrets } from '../store/signing-secrets.ts';
import { openSecretBox } from './service.ts';
import { expectPositionals, integerOption, parseCommandLine, UsageError } from './args.ts';
import { openLocalDb, type LocalContext } from './local.ts';
import { printJson } from './output.ts';

export const SECRETS_USAGE = `usage: tickwork secrets reseal [--batch N] [--json]

Seals again, under the first key of TICKWORK_SECRET_KEY, every sealed value the database holds that an older key
sealed: webhook and signing secrets (current and previous), heartbeat ping tokens and task header and URL query secrets. Task
secrets still stored in plain text (rows from before sealing) are sealed too. Safe to run while the service runs
and to run again; one transaction per batch of N rows (default 500). Prints counts on stdout (--json: a JSON
array of {kind, scanned, resealed}), logs on stderr. On the embedded database it needs the data dir: stop the
service, reseal, start it again.

Rotating the key: 1. put the new key first, keep the old ones after it (TICKWORK_SECRET_KEY=new,old) on every
process and restart them; 2. run "tickwork secrets reseal"; 3. remove the old key and restart.

Idempotency records are left as they are: they expire after 24 hours. Keep the old key in the list for 24 hours
after the reseal, or a replay of a request made before it cannot return its stored response.
`;

/** What one kind of sealed value is called in the output, and the store function that reseals one batch of it. */
const KINDS: readonly { name: string; batch: (db: Db, box: SecretBox, afterId: number, limit: number) => Promise<ResealBatch> }[] = [
  { name: 'webhook secrets', batch: resealWebhookSecrets },
  { name: 'heartbeat ping tokens', batch: resealPingTokens },
  { name: 'task secrets', batch: resealTaskActions },
  { name: 'signing secrets', batch: resealSigningSecrets },
];

export interface ResealCount {
  kind: string;
  scanned: number;
  resealed: number;
}

/** Reseals every kind of sealed value, batch by batch (one transaction each); returns the counts per kind. */
export async function resealAll(db: Db, box: SecretBox, log: Logger, batchSize: number): Promise<ResealCount[]> {
  const counts: ResealCount[] = [];
  for (const kind of KINDS) {
    const count = { kind: kind.name, scanned: 0, resealed: 0 };
    let after = 0;
    for (;;) {
      const b = await kind.batch(db, box, after, batchSize);
      count.scanned += b.scanned;
      count.resealed += b.resealed;
      if (b.lastId === null || b.scanned < batchSize) break;
      after = b.lastId;
      log.debug({ kind: kind.name, after, resealed: count.resealed }, 'reseal batch done');
    }
    log.info(count, 'resealed');
    counts.push(count);
  }
  return counts;
}

const INSTEAD = 'Stop the service (it stops in about a second), run "tickwork secrets reseal", and start it again.';

/** `tickwork secrets reseal [--batch N] [--json]`. */
export async function secretsCommand(local: () => LocalContext, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === '--help' || sub === '-h') return parseCommandLine(argv, SECRETS_USAGE, () => 0);
  if (sub !== 'reseal') throw new UsageError(sub === undefined ? 'missing a subcommand' : `unknown subcommand "${sub}"`, SECRETS_USAGE);
  const { values, positionals } = parseCommandLine(rest, SECRETS_USAGE, (args) =>
    parseArgs({ args, options: { batch: { type: 'string' }, json: { type: 'boolean', default: false } }, allowPositionals: true }),
  );
  expectPositionals(positionals, [], SECRETS_USAGE);
  const batchSize = integerOption(values.batch, 'batch', SECRETS_USAGE, 1, 100_000) ?? 500;
  const { config, log } = local();
  const box = openSecretBox(config);
  const db = await openLocalDb(config, log, 'secrets reseal', INSTEAD);
  try {
    await migrate(db, log);
    const counts = await resealAll(db, box, log, batchSize);
    if (values.json) printJson(counts);
    else for (const c of counts) process.stdout.write(`${c.kind}: ${c.resealed} resealed of ${c.scanned}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
