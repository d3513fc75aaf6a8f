import { parseArgs } from 'node:util';
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { openDb, waitForDatabase, type Db } from '../store/db.ts';
import { migrate } from '../store/migrate.ts';
import type { ResealBatch, SecretBox } from '../store/secrets.ts';
import { resealWebhookSecrets } from '../store/webhooks.ts';
import { resealPingTokens } from '../store/heartbeats.ts';
import { resealTaskActions } from '../store/tasks.ts';
import { resealSigningSecrets } from '../store/signing-secrets.ts';
import { openSecretBox } from './service.ts';

export const SECRETS_USAGE = `usage: tickwork secrets reseal [--batch N]

Seals again, under the first key of TICKWORK_SECRET_KEY, every sealed value the database holds that an older key
sealed: webhook and signing secrets (current and previous), heartbeat ping tokens and task header and URL query secrets. Task
secrets still stored in plain text (rows from before sealing) are sealed too. Safe to run while the service runs
and to run again; one transaction per batch of N rows (default 500). Prints counts on stdout, logs on stderr.

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

/** `tickwork secrets reseal [--batch N]`. */
export async function secretsCommand(config: Config, log: Logger, argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'reseal') {
    process.stderr.write(SECRETS_USAGE);
    return sub === '--help' || sub === '-h' ? 0 : 2;
  }
  let batchSize = 500;
  try {
    const { values } = parseArgs({ args: rest, options: { batch: { type: 'string' } } });
    if (values.batch !== undefined) batchSize = Number(values.batch);
  } catch {
    batchSize = Number.NaN;
  }
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > 100_000) {
    process.stderr.write(`tickwork secrets reseal: --batch must be an integer from 1 to 100000\n\n${SECRETS_USAGE}`);
    return 2;
  }
  const box = openSecretBox(config);
  const db = await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolSize: 2, log, applicationName: 'tickwork-secrets' });
  try {
    await waitForDatabase(db, log);
    await migrate(db, log);
    const counts = await resealAll(db, box, log, batchSize);
    for (const c of counts) process.stdout.write(`${c.kind}: ${c.resealed} resealed of ${c.scanned}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
