import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTflExecutor, type TflExecutor } from '../../src/executors/index.ts';
import { startTarget, type Target } from '../support/target.ts';

/** What TfL answers for /Line/central,victoria/Disruption (trimmed from the real shape). */
const DISRUPTIONS = [
  {
    $type: 'Tfl.Api.Presentation.Entities.Disruption, Tfl.Api.Presentation.Entities',
    category: 'RealTime',
    type: 'lineInfo',
    categoryDescription: 'RealTime',
    description: 'Central Line: Minor delays between Liverpool Street and Epping due to an earlier faulty train.',
    affectedRoutes: [{ lineId: 'central', name: 'Ealing Broadway - Epping' }],
    affectedStops: [],
    closureText: 'minorDelays',
  },
];

let server: Target;
const executors: TflExecutor[] = [];
const live = () => new AbortController().signal;
function tfl(path = '', appKey?: string): TflExecutor {
  const e = createTflExecutor({
    baseUrl: `${server.url}${path}`,
    timeoutMs: 2_000,
    ...(appKey === undefined ? {} : { appKey }),
  });
  executors.push(e);
  return e;
}

beforeAll(async () => {
  server = await startTarget();
  server.on('/Line/central,victoria/Disruption', (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(DISRUPTIONS));
  });
  server.on('/Line/bakerloo/Disruption', (_req, res) => res.writeHead(200).end('[]'));
  server.on('/broken/Line/central/Disruption', (_req, res) => res.writeHead(500).end('{"message":"internal"}'));
  server.on('/html/Line/central/Disruption', (_req, res) => res.writeHead(200).end('<html>maintenance</html>'));
  server.on('/object/Line/central/Disruption', (_req, res) => res.writeHead(200).end('{"not":"a list"}'));
});
afterEach(async () => {
  await Promise.all(executors.splice(0).map((e) => e.close()));
});
afterAll(async () => {
  await server.close();
});

describe('TfL line check', () => {
  it('asks for the lines with the app key and keeps the disruptions', async () => {
    const r = await tfl('', 'secret-key').execute(['central', 'victoria'], live());
    expect(r).toMatchObject({ status: 'succeeded', http_status: 200, error: null });
    expect(r.result).toEqual({
      lines: ['central', 'victoria'],
      disrupted: true,
      disruptions: [
        {
          category: 'RealTime',
          type: 'lineInfo',
          description: 'Central Line: Minor delays between Liverpool Street and Epping due to an earlier faulty train.',
          closureText: 'minorDelays',
          affected_lines: ['central'],
        },
      ],
    });
    const seen = server.requests.at(-1);
    expect(seen?.path).toBe('/Line/central,victoria/Disruption');
    expect(seen?.headers.accept).toBe('application/json');
  });

  it('sends app_key only when one is configured', async () => {
    await tfl('', 'secret-key').execute(['central', 'victoria'], live());
    expect(lastQuery()).toBe('?app_key=secret-key');
    const quiet = await tfl().execute(['bakerloo'], live());
    expect(quiet).toMatchObject({
      status: 'succeeded',
      result: { lines: ['bakerloo'], disruptions: [], disrupted: false },
    });
    expect(lastQuery()).toBe('');
  });

  it('fails with the status on a 500', async () => {
    const r = await tfl('/broken').execute(['central'], live());
    expect(r).toMatchObject({ status: 'failed', http_status: 500, result: null });
    expect(r.error).toBe('TfL API answered 500: {"message":"internal"}');
  });

  it.each([
    ['/html', 'TfL API answered invalid JSON: "<html>maintenance</html>"'],
    ['/object', 'TfL API answered JSON that is not a list of disruptions'],
  ])('fails on an answer from %s that is not a list of disruptions', async (path, error) => {
    expect(await tfl(path).execute(['central'], live())).toMatchObject({ status: 'failed', http_status: 200, error });
  });
});

/** The query string of the last request the fake TfL received. */
function lastQuery(): string {
  const raw = server.requests.at(-1)?.url ?? '';
  const i = raw.indexOf('?');
  return i === -1 ? '' : raw.slice(i);
}
