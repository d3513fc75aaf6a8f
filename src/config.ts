import { existsSync, readFileSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';
import { isValidTimezone } from './domain/schedule.ts';
import { BROKER_PREFIX_PATTERN } from './domain/broker-names.ts';

/**
 * Every setting is an environment variable, parsed and validated once into one frozen Config.
 * A bad value stops start-up with a message naming every bad variable at once.
 */

type Kind =
  | { type: 'int'; min: number; max: number }
  | { type: 'number'; min: number; max: number }
  | { type: 'bool' }
  | { type: 'string' }
  | { type: 'url'; protocols: string[] }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'timezone' };

interface Setting {
  env: string;
  kind: Kind;
  default: string | undefined;
  help: string;
}

const settings = {
  port: { env: 'PORT', kind: { type: 'int', min: 0, max: 65535 }, default: '8000', help: 'HTTP port.' },
  host: { env: 'HOST', kind: { type: 'string' }, default: '0.0.0.0', help: 'HTTP listen address.' },
  databaseUrl: {
    env: 'DATABASE_URL',
    kind: { type: 'url', protocols: ['postgres:', 'postgresql:'] },
    default: undefined,
    help: 'PostgreSQL URL. Unset: the embedded database (PGlite) in TICKWORK_DATA_DIR.',
  },
  dataDir: {
    env: 'TICKWORK_DATA_DIR',
    kind: { type: 'string' },
    default: './data',
    help: 'Directory of the embedded database (used when DATABASE_URL is unset).',
  },
  adminKey: {
    env: 'TICKWORK_ADMIN_KEY',
    kind: { type: 'string' },
    default: undefined,
    help: 'Ensure an admin API key with exactly this secret for tenant "default" (at least 16 characters).',
  },
  timezone: {
    env: 'TICKWORK_TIMEZONE',
    kind: { type: 'timezone' },
    default: 'UTC',
    help: 'Default IANA time zone for cron schedules and times given without an offset.',
  },
  bodyLimit: {
    env: 'TICKWORK_BODY_LIMIT',
    kind: { type: 'int', min: 1024, max: 64 * 1024 * 1024 },
    default: String(1024 * 1024),
    help: 'Largest request body in bytes; larger is a 413.',
  },
  misfireSeconds: {
    env: 'TICKWORK_MISFIRE_S',
    kind: { type: 'int', min: 1, max: 86_400 * 365 },
    default: '60',
    help: 'A firing more than this many seconds late counts as missed and follows the task\'s misfire policy.',
  },
  misfireCap: {
    env: 'TICKWORK_MISFIRE_CAP',
    kind: { type: 'int', min: 1, max: 100_000 },
    default: '100',
    help: 'With misfire=run_all, the most missed firings run after downtime (the oldest beyond it are dropped).',
  },
  allowPrivateTargets: {
    env: 'TICKWORK_ALLOW_PRIVATE_TARGETS',
    kind: { type: 'bool' },
    default: 'false',
    help: 'Allow calls to loopback, private, link-local and other non-public addresses.',
  },
  tflBaseUrl: {
    env: 'TICKWORK_TFL_BASE_URL',
    kind: { type: 'url', protocols: ['http:', 'https:'] },
    default: 'https://api.tfl.gov.uk',
    help: 'Base URL of the TfL Unified API for line-disruption checks.',
  },
  tflAppKey: {
    env: 'TICKWORK_TFL_APP_KEY',
    kind: { type: 'string' },
    default: undefined,
    help: 'Optional TfL app_key sent with line checks.',
  },
  concurrency: {
    env: 'TICKWORK_CONCURRENCY',
    kind: { type: 'int', min: 1, max: 10_000 },
    default: '200',
    help: 'Most calls one worker process runs at once.',
  },
  claimBatch: {
    env: 'TICKWORK_CLAIM_BATCH',
    kind: { type: 'int', min: 1, max: 5_000 },
    default: '200',
    help: 'Most due firings claimed in one statement.',
  },
  claimAheadMs: {
    env: 'TICKWORK_CLAIM_AHEAD_MS',
    kind: { type: 'int', min: 0, max: 2_000 },
    default: '100',
    help: 'Firings due within this many ms are claimed together and started each at its due time (never early), so a dense stream of due times costs one claim per window instead of one per firing.',
  },
  leaseSeconds: {
    env: 'TICKWORK_LEASE_S',
    kind: { type: 'number', min: 0.5, max: 3_600 },
    default: '30',
    help: 'Lease length L: a worker that stops heartbeating loses its claims after this long.',
  },
  sweepSeconds: {
    env: 'TICKWORK_SWEEP_S',
    kind: { type: 'number', min: 0.2, max: 3_600 },
    default: '5',
    help: 'How often expired leases are looked for (S).',
  },
  pollSeconds: {
    env: 'TICKWORK_POLL_S',
    kind: { type: 'number', min: 0.1, max: 3_600 },
    default: '5',
    help: 'Safety-net poll; workers otherwise sleep until the earliest due time or a notification.',
  },
  shutdownGraceSeconds: {
    env: 'TICKWORK_SHUTDOWN_GRACE_S',
    kind: { type: 'number', min: 0, max: 3_600 },
    default: '20',
    help: 'On SIGTERM, how long running calls may finish before their leases are handed back.',
  },
  retentionDays: {
    env: 'TICKWORK_RETENTION_DAYS',
    kind: { type: 'int', min: 1, max: 36_500 },
    default: '30',
    help: 'Days of history (runs, checks, events, webhook deliveries) kept.',
  },
  dbPoolSize: {
    env: 'TICKWORK_DB_POOL_SIZE',
    kind: { type: 'int', min: 2, max: 500 },
    default: '10',
    help: 'PostgreSQL connections per process and role.',
  },
  dbAcquireTimeoutMs: {
    env: 'TICKWORK_DB_ACQUIRE_TIMEOUT_MS',
    kind: { type: 'int', min: 100, max: 600_000 },
    default: '3000',
    help: 'How long an API request waits for a database connection before answering 503 with Retry-After.',
  },
  apiStatementTimeoutMs: {
    env: 'TICKWORK_API_STATEMENT_TIMEOUT_MS',
    kind: { type: 'int', min: 100, max: 3_600_000 },
    default: '15000',
    help: 'PostgreSQL statement_timeout for API queries, so a slow query cannot hold a connection for long.',
  },
  maxResponseBytes: {
    env: 'TICKWORK_MAX_RESPONSE_BYTES',
    kind: { type: 'int', min: 1024, max: 256 * 1024 * 1024 },
    default: String(1024 * 1024),
    help: 'Most bytes of a target\'s response body read.',
  },
  rateLimitPerMinute: {
    env: 'TICKWORK_RATE_LIMIT',
    kind: { type: 'int', min: 1, max: 10_000_000 },
    default: '600000',
    help: 'Requests per minute per API key, counted by the key\'s id after authentication (per API process). The default (10,000 a second) never throttles a tenant below what one API process can serve.',
  },
  authFailureLimit: {
    env: 'TICKWORK_AUTH_FAILURE_LIMIT',
    kind: { type: 'int', min: 1, max: 10_000_000 },
    default: '60',
    help: 'Failed authentications per minute per client address (per API process); past it, 429 with Retry-After, so guessing keys is slow.',
  },
  trustProxy: {
    env: 'TICKWORK_TRUST_PROXY',
    kind: { type: 'bool' },
    default: 'false',
    help: 'Trust X-Forwarded-For to name the client address (set behind a load balancer that sets it; never when clients reach the API directly).',
  },
  publicUrl: {
    env: 'TICKWORK_PUBLIC_URL',
    kind: { type: 'url', protocols: ['http:', 'https:'] },
    default: undefined,
    help: 'The URL users reach the service at (e.g. https://tickwork.example.com): builds ping URLs, links and the events\' CloudEvents source (<url>/tenants/<tenant>; unset: urn:tickwork:<deployment uuid>:<tenant>), never the request\'s Host header. Unset: http://HOST:PORT, with a warning at start.',
  },
  maxTasksPerTenant: {
    env: 'TICKWORK_MAX_TASKS_PER_TENANT',
    kind: { type: 'int', min: 1, max: 100_000_000 },
    default: '100000',
    help: 'Most live tasks one tenant may have.',
  },
  logLevel: {
    env: 'TICKWORK_LOG_LEVEL',
    kind: { type: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
    default: 'info',
    help: 'Log level.',
  },
  caFile: {
    env: 'TICKWORK_CA_FILE',
    kind: { type: 'string' },
    default: undefined,
    help: "PEM file of extra CA certificates trusted for https targets (a private CA), besides Node's own list.",
  },
  monitorConcurrency: {
    env: 'TICKWORK_MONITOR_CONCURRENCY',
    kind: { type: 'int', min: 1, max: 10_000 },
    default: '100',
    help: 'Most monitor checks one worker process runs at once (besides TICKWORK_CONCURRENCY task calls).',
  },
  tenantReservePercent: {
    env: 'TICKWORK_TENANT_RESERVE',
    kind: { type: 'int', min: 0, max: 90 },
    default: '10',
    help: 'Percent of a worker process\'s slots (task calls and monitor checks alike) that one tenant alone may not take: kept for other tenants\' work as it falls due.',
  },
  tenantConcurrency: {
    env: 'TICKWORK_TENANT_CONCURRENCY',
    kind: { type: 'int', min: 1, max: 10_000 },
    default: undefined,
    help: 'Most calls and checks of one tenant in flight at once per worker process (unset: all slots but the reserve).',
  },
  monitorRegexWorkers: {
    env: 'TICKWORK_MONITOR_REGEX_WORKERS',
    kind: { type: 'int', min: 1, max: 64 },
    default: '2',
    help: 'Worker threads matching monitor regexps; a pattern that overruns is stopped and its thread replaced.',
  },
  monitorRegexTimeoutMs: {
    env: 'TICKWORK_MONITOR_REGEX_TIMEOUT_MS',
    kind: { type: 'int', min: 10, max: 60_000 },
    default: '1000',
    help: 'Longest one monitor regexp match may take before the check fails with a regex error.',
  },
  pruneSeconds: {
    env: 'TICKWORK_PRUNE_S',
    kind: { type: 'number', min: 1, max: 86_400 },
    default: '300',
    help: 'How often history past TICKWORK_RETENTION_DAYS (runs, checks, events, webhook deliveries) is pruned, in small batches.',
  },
  workerId: {
    env: 'TICKWORK_WORKER_ID',
    kind: { type: 'string' },
    default: undefined,
    help: 'Name of this worker in runs and logs (default: host:pid).',
  },
  amqpUrl: {
    env: 'TICKWORK_AMQP_URL',
    kind: { type: 'url', protocols: ['amqp:', 'amqps:'] },
    default: undefined,
    help: 'RabbitMQ URL: events go to the topic exchange <prefix>.events; commands are read from <prefix>.commands (dead letters in <prefix>.commands.dead).',
  },
  natsUrl: {
    env: 'TICKWORK_NATS_URL',
    kind: { type: 'url', protocols: ['nats:', 'tls:'] },
    default: undefined,
    help: 'NATS URL: events go to subjects <prefix>.events.<type> (JetStream with acks where a stream covers them).',
  },
  brokerPrefix: {
    env: 'TICKWORK_BROKER_PREFIX',
    kind: { type: 'string' },
    default: 'tickwork',
    help: 'Prefix of every name on RabbitMQ and NATS (<prefix>.events, <prefix>.commands, <prefix>.events.<type>), so several deployments can share one broker (or give each its own vhost).',
  },
  secretKey: {
    env: 'TICKWORK_SECRET_KEY',
    kind: { type: 'string' },
    default: undefined,
    help: 'Comma-separated keys (each at least 32 characters, e.g. openssl rand -base64 32) that seal stored secrets (webhook and signing secrets, ping tokens, secret task headers, idempotent responses that carry a secret). The first seals, all open: to rotate, put a new key first, then run "tickwork secrets reseal". Required when DATABASE_URL is set; embedded mode generates one in the data dir when unset.',
  },
  eventLog: {
    env: 'TICKWORK_EVENT_LOG',
    kind: { type: 'bool' },
    default: 'true',
    help: 'Log one line per event (the log sink).',
  },
  relayLeaseSeconds: {
    env: 'TICKWORK_RELAY_LEASE_S',
    kind: { type: 'number', min: 1, max: 600 },
    default: '10',
    help: 'Lease of the one event relay per deployment; another engine takes over this long after the holder dies.',
  },
  sinkTimeoutSeconds: {
    env: 'TICKWORK_SINK_TIMEOUT_S',
    kind: { type: 'number', min: 0.5, max: 600 },
    default: '15',
    help: 'How long a broker may take to confirm a batch of events before it is sent again.',
  },
  brokerHeartbeatSeconds: {
    env: 'TICKWORK_BROKER_HEARTBEAT_S',
    kind: { type: 'int', min: 1, max: 600 },
    default: '10',
    help: 'Heartbeat (RabbitMQ) and ping (NATS) interval: a silent broker connection is dropped and re-opened after about twice this.',
  },
  webhookDisableAfter: {
    env: 'TICKWORK_WEBHOOK_DISABLE_AFTER',
    kind: { type: 'int', min: 1, max: 1_000_000 },
    default: '100',
    help: 'Consecutive failed webhook attempts after which the webhook is disabled (with a webhook.disabled event).',
  },
  webhookBackoffSeconds: {
    env: 'TICKWORK_WEBHOOK_BACKOFF_S',
    kind: { type: 'number', min: 0.01, max: 3_600 },
    default: '1',
    help: 'First retry delay of a failing webhook; it doubles per failure up to one hour.',
  },
  maxEventStreams: {
    env: 'TICKWORK_MAX_EVENT_STREAMS',
    kind: { type: 'int', min: 1, max: 100_000 },
    default: '1000',
    help: 'Most open GET /v1/events/stream connections per process; more are answered 503.',
  },
  streamHeartbeatSeconds: {
    env: 'TICKWORK_STREAM_HEARTBEAT_S',
    kind: { type: 'number', min: 0.1, max: 3_600 },
    default: '15',
    help: 'Seconds between comment lines on an idle event stream, so proxies keep it open.',
  },
  streamStallSeconds: {
    env: 'TICKWORK_STREAM_STALL_S',
    kind: { type: 'number', min: 0.1, max: 3_600 },
    default: '30',
    help: 'An event stream whose client has not read what was sent for this long is closed; it resumes with Last-Event-ID.',
  },
  metricsPort: {
    env: 'TICKWORK_METRICS_PORT',
    kind: { type: 'int', min: 0, max: 65535 },
    default: '9464',
    help: 'Port on HOST where a worker (tickwork worker) serves /metrics, /livez and /readyz; 0 turns it off. Each worker on one host needs its own port: a port in use stops start-up. The api and start roles serve the same paths on PORT.',
  },
} as const satisfies Record<string, Setting>;

type Settings = typeof settings;
type ValueOf<K extends Kind> = K extends { type: 'int' | 'number' }
  ? number
  : K extends { type: 'bool' }
    ? boolean
    : string;
type WithDefault<S extends Setting> = S['default'] extends string
  ? ValueOf<S['kind']>
  : ValueOf<S['kind']> | undefined;

export type Config = { readonly [K in keyof Settings]: WithDefault<Settings[K]> };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function parseValue(kind: Kind, raw: string): { ok: true; value: number | boolean | string } | { ok: false; why: string } {
  switch (kind.type) {
    case 'int': {
      if (!/^-?\d+$/.test(raw)) return { ok: false, why: 'must be an integer' };
      const n = Number(raw);
      if (n < kind.min || n > kind.max) return { ok: false, why: `must be between ${kind.min} and ${kind.max}` };
      return { ok: true, value: n };
    }
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) return { ok: false, why: 'must be a number' };
      if (n < kind.min || n > kind.max) return { ok: false, why: `must be between ${kind.min} and ${kind.max}` };
      return { ok: true, value: n };
    }
    case 'bool':
      if (/^(true|1|yes)$/i.test(raw)) return { ok: true, value: true };
      if (/^(false|0|no)$/i.test(raw)) return { ok: true, value: false };
      return { ok: false, why: 'must be true or false' };
    case 'url': {
      try {
        const u = new URL(raw);
        if (!kind.protocols.includes(u.protocol)) {
          return { ok: false, why: `must be a URL with scheme ${kind.protocols.join(' or ')}` };
        }
        return { ok: true, value: raw.replace(/\/+$/, '') };
      } catch {
        return { ok: false, why: 'must be a URL' };
      }
    }
    case 'enum':
      return kind.values.includes(raw) ? { ok: true, value: raw } : { ok: false, why: `must be one of ${kind.values.join(', ')}` };
    case 'timezone':
      return isValidTimezone(raw) ? { ok: true, value: raw } : { ok: false, why: 'must be an IANA time zone such as Europe/London' };
    case 'string':
      return { ok: true, value: raw };
  }
}

/** Reads `.env` (if present) under the real environment: a variable already set wins. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env, dotenvPath = '.env'): Record<string, string | undefined> {
  const fromFile = existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath)) : {};
  return { ...fromFile, ...env };
}

export function loadConfig(env: Record<string, string | undefined> = readEnvironment()): Config {
  const problems: string[] = [];
  const out: Record<string, number | boolean | string | undefined> = {};
  for (const [key, s] of Object.entries(settings) as [keyof Settings, Setting][]) {
    const given = env[s.env];
    const raw = given === undefined || given === '' ? s.default : given;
    if (raw === undefined) {
      out[key] = undefined;
      continue;
    }
    const parsed = parseValue(s.kind, raw);
    if (parsed.ok) out[key] = parsed.value;
    else problems.push(`${s.env}=${JSON.stringify(raw)}: ${parsed.why}`);
  }
  if (typeof out.adminKey === 'string' && out.adminKey.length < 16) {
    problems.push('TICKWORK_ADMIN_KEY: must be at least 16 characters');
  }
  if (typeof out.caFile === 'string' && !existsSync(out.caFile)) {
    problems.push(`TICKWORK_CA_FILE=${JSON.stringify(out.caFile)}: no such file`);
  }
  if (typeof out.brokerPrefix === 'string' && !BROKER_PREFIX_PATTERN.test(out.brokerPrefix)) {
    problems.push(`TICKWORK_BROKER_PREFIX=${JSON.stringify(out.brokerPrefix)}: must be dot-separated words of letters, digits, _ and -`);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(out) as unknown as Config;
}

/** The lines of `tickwork --help` that list every setting. */
export function describeSettings(): string {
  const rows = Object.values(settings as Record<string, Setting>).map((s) => {
    const def = s.default === undefined ? '' : ` (default ${s.default})`;
    return `  ${s.env.padEnd(32)} ${s.help}${def}`;
  });
  return rows.join('\n');
}

function describeKind(kind: Kind): string {
  switch (kind.type) {
    case 'int':
      return `integer ${kind.min}–${kind.max}`;
    case 'number':
      return `number ${kind.min}–${kind.max}`;
    case 'bool':
      return 'true or false';
    case 'url':
      return `URL (${kind.protocols.map((p) => p.replace(/:$/, '')).join(', ')})`;
    case 'enum':
      return kind.values.join(', ');
    case 'timezone':
      return 'IANA time zone';
    case 'string':
      return 'text';
  }
}

/** docs/configuration.md, written from the same table as the validation and `--help` (a test keeps them equal). */
export function configurationMarkdown(): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  const rows = Object.values(settings as Record<string, Setting>).map(
    (s) => `| \`${s.env}\` | ${describeKind(s.kind)} | ${s.default === undefined ? '—' : `\`${cell(s.default)}\``} | ${cell(s.help)} |`,
  );
  return [
    '# Configuration',
    '',
    'Every setting is an environment variable (a `.env` file in the working directory is read too; a variable already',
    'set wins). A bad value stops start-up with exit code 2 and a message naming every bad variable at once.',
    '`tickwork --help` prints the same list. This file is generated from `src/config.ts` by `npm run docs`.',
    '',
    '| variable | value | default | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
