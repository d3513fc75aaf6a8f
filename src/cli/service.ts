import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Config } from '../config.ts';
import { databaseProblem, openDb, openPostgres, waitForDatabase, type Db } from '../store/db.ts';
import { DatabaseSettingsError } from '../store/db-errors.ts';
import { listenProblem, processRegistry, startMetricsServer, type MetricsServer } from './metrics-server.ts';
import { migrate } from '../store/migrate.ts';
import { resolveSecretKeys, secretBox, SecretKeyError, type SecretBox } from '../store/secrets.ts';
import { ConfigError } from '../config.ts';
import { bootstrapKeyIfNone, ensureAdminKey } from '../store/keys.ts';
import { buildApi, type Api } from '../api/index.ts';
import { DeadlineWatcher, MonitorChecker, TenantTally, Worker, createActionRunner, createMonitorCheckRunner } from '../engine/index.ts';
import { startEventDelivery, type LeaderWork } from '../engine/index.ts';
import { CommandConsumer } from '../commands/index.ts';
import { AmqpConnection } from '../sinks/index.ts';
import { brokerNames } from '../domain/broker-names.ts';

export interface Roles {
  api: boolean;
  engine: boolean;
}

export interface Service {
  /** Base URL of the HTTP API when the api role runs. */
  url: string | null;
  db: Db;
  registry: Registry;
  /** Graceful stop: the API stops accepting, the engine finishes or hands back its calls, the database closes. */
  close(): Promise<void>;
}

/**
 * Opens the database (waiting for it), migrates, and starts the requested roles in this process. `stop` (SIGTERM
 * during start-up) ends a wait for the database at once: startService then throws, having closed what it opened.
 */
export async function startService(config: Config, log: Logger, roles: Roles, stop?: AbortSignal): Promise<Service> {
  // Settings a role cannot work without fail here, before anything is opened, naming the setting.
  const secrets = openSecretBox(config);
  const registry = processRegistry();
  // Ready once the database answers and until the process is told to stop (the API's /readyz says the same).
  let opened: Db | null = null;
  let stopping = false;
  const ready = async (): Promise<string | null> => (stopping ? 'stopping' : opened === null ? 'starting' : databaseProblem(opened, 2_000));
  // A worker runs no API: it serves /metrics, /livez and /readyz on a port of its own, bound first so that a port in
  // use stops start-up at once, naming TICKWORK_METRICS_PORT.
  let metricsServer: MetricsServer | null = null;
  if (roles.engine && !roles.api && config.metricsPort !== 0) {
    metricsServer = await startMetricsServer({ host: config.host, port: config.metricsPort, registry, log, ready });
    log.info({ url: `${metricsServer.url}/metrics` }, 'serving metrics');
  }
  let db: Db;
  try {
    db = await openDb({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolSize: config.dbPoolSize,
      log,
      applicationName: `tickwork-${roles.api ? 'api' : ''}${roles.engine ? 'engine' : ''}`,
    });
  } catch (err) {
    await metricsServer?.close();
    throw err;
  }
  try {
    await waitForDatabase(db, log, stop);
    await migrate(db, log);
    if (roles.api) await bootstrapKeys(db, config, log);
  } catch (err) {
    await db.close();
    await metricsServer?.close();
    // A wrong password, an unknown role or database: a configuration error (exit 2), not something to wait for.
    if (err instanceof DatabaseSettingsError) throw new ConfigError([`DATABASE_URL: ${err.problem}`]);
    throw err;
  }
  opened = db;
  // On PostgreSQL the API has a pool of its own with a short wait for a connection and a statement timeout: slow
  // requests then answer 503 with Retry-After instead of hanging, and never take the engine's connections (R7).
  let apiDb = db;
  if (roles.api && config.databaseUrl !== undefined) {
    apiDb = await openPostgres({
      url: config.databaseUrl,
      poolSize: config.dbPoolSize,
      log,
      applicationName: 'tickwork-api',
      acquireTimeoutMs: config.dbAcquireTimeoutMs,
      statementTimeoutMs: config.apiStatementTimeoutMs,
    });
  }
  let api: Api | null = null;
  let url: string | null = null;
  let worker: Worker | null = null;
  let deadlines: DeadlineWatcher | null = null;
  let runner: ReturnType<typeof createActionRunner> | null = null;
  let monitors: MonitorChecker | null = null;
  let checkRunner: ReturnType<typeof createMonitorCheckRunner> | null = null;
  let events: LeaderWork | null = null;
  let commands: CommandConsumer | null = null;
  try {
    if (roles.engine) {
      runner = createActionRunner(config, secrets, db);
      // One tally of calls in flight per tenant for the process: task calls and monitor checks count alike.
      const tenants = new TenantTally(registry);
      const fairness = { tenants, tenantReservePercent: config.tenantReservePercent, tenantConcurrency: config.tenantConcurrency ?? null };
      worker = new Worker({
        db,
        log: log.child({ role: 'engine' }),
        registry,
        runAction: runner.run,
        workerId: config.workerId ?? `${hostname()}:${process.pid}`,
        concurrency: config.concurrency,
        claimBatch: config.claimBatch,
        claimAheadMs: config.claimAheadMs,
        leaseSeconds: config.leaseSeconds,
        sweepSeconds: config.sweepSeconds,
        pollSeconds: config.pollSeconds,
        shutdownGraceSeconds: config.shutdownGraceSeconds,
        misfireSeconds: config.misfireSeconds,
        misfireCap: config.misfireCap,
        ...fairness,
      });
      await worker.start();
      deadlines = new DeadlineWatcher(db, log.child({ role: 'deadlines' }), config.pollSeconds);
      await deadlines.start();
      checkRunner = createMonitorCheckRunner(config);
      monitors = new MonitorChecker({
        db,
        log: log.child({ role: 'monitors' }),
        check: checkRunner.check,
        concurrency: config.monitorConcurrency,
        claimBatch: config.claimBatch,
        leaseSeconds: config.leaseSeconds,
        pollSeconds: config.pollSeconds,
        shutdownGraceSeconds: config.shutdownGraceSeconds,
        retentionDays: config.retentionDays,
        pruneSeconds: config.pruneSeconds,
        registry,
        ...fairness,
      });
      await monitors.start();
    }
    if (roles.engine) {
      events = await startEventDelivery(db, config, log.child({ role: 'events' }), registry, config.workerId ?? `${hostname()}:${process.pid}`, secrets);
      // The other inbound door beside the API (commands/): tasks created, changed and deleted by AMQP messages.
      if (config.amqpUrl !== undefined) {
        const amqp = new AmqpConnection(config.amqpUrl, log.child({ role: 'commands' }), config.brokerHeartbeatSeconds, 'tickwork commands');
        commands = new CommandConsumer({ amqp, db, config, log: log.child({ role: 'commands' }), registry, prefetch: 16, secrets, names: brokerNames(config.brokerPrefix) });
        commands.start();
      }
    }
    if (roles.api) {
      if (config.publicUrl === undefined) {
        log.warn('TICKWORK_PUBLIC_URL is not set: ping URLs and links use the listening address, which users may not reach');
      }
      let listening = '';
      const publicUrl = (): string => config.publicUrl ?? listening;
      const server = await buildApi({ config, db: apiDb, log: log.child({ role: 'api' }), registry, secrets, publicUrl });
      api = server;
      url = await server.listen({ port: config.port, host: config.host }).catch((err: unknown) => {
        throw listenProblem(err, 'PORT', config.port, config.host) ?? err;
      });
      const port = server.server.address();
      const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
      listening = `http://${host.includes(':') ? `[${host}]` : host}:${typeof port === 'object' && port !== null ? port.port : config.port}`;
      log.info({ url, docs: `${url}/docs` }, 'tickwork is listening');
    }
  } catch (err) {
    await commands?.stop();
    await events?.stop();
    await monitors?.stop();
    await checkRunner?.close();
    await deadlines?.stop();
    await worker?.stop();
    await runner?.close();
    await api?.close();
    if (apiDb !== db) await apiDb.close();
    await db.close();
    await metricsServer?.close();
    throw err;
  }

  let closing: Promise<void> | null = null;
  return {
    url,
    db,
    registry,
    close() {
      closing ??= (async () => {
        stopping = true; // /readyz answers 503 from now on, so a load balancer or orchestrator stops sending work
        // Stop claiming at once (SIGTERM means no new work), while the API drains its requests.
        const engineStopped = Promise.all([worker?.stop(), monitors?.stop(), deadlines?.stop()]);
        await api?.close();
        await engineStopped;
        await commands?.stop();
        await events?.stop();
        await checkRunner?.close();
        await runner?.close();
        if (apiDb !== db) await apiDb.close();
        await db.close();
        await metricsServer?.close();
      })();
      return closing;
    },
  };
}

/** The key ring of TICKWORK_SECRET_KEY (or the embedded key file); a missing or short key is a ConfigError. */
export function openSecretBox(config: Config): SecretBox {
  try {
    return secretBox(resolveSecretKeys({ secretKey: config.secretKey, databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  } catch (err) {
    if (err instanceof SecretKeyError) throw new ConfigError([err.message]);
    throw err;
  }
}

async function bootstrapKeys(db: Db, config: Config, log: Logger): Promise<void> {
  if (config.adminKey !== undefined) {
    await ensureAdminKey(db, config.adminKey);
    return;
  }
  const key = await bootstrapKeyIfNone(db);
  if (key !== null) {
    // Printed once, on stdout and outside the JSON log, so the operator sees it; it is stored only hashed.
    process.stdout.write(
      `\n  First start: an admin API key was created for tenant "default". It is shown only this once:\n\n` +
        `    ${key}\n\n  Use it as "Authorization: Bearer <key>". Set TICKWORK_ADMIN_KEY to choose your own.\n\n`,
    );
    log.info('generated the first admin API key (printed above)');
  }
}
