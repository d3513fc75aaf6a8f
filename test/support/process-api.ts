import { TEST_ADMIN_KEY } from './service.ts';
import type { Fleet, FleetProcess } from './fleet.ts';

/** The HTTP API of a `tickwork start` or `tickwork api` child process, with the admin key. */
export interface ProcessApi {
  url: string;
  call<T = unknown>(path: string, body?: unknown, method?: string): Promise<{ status: number; body: T }>;
  text(path: string): Promise<string>;
}

/** Waits for the process's "tickwork is listening" line and returns a client of the URL it names. */
export async function processApi(fleet: Fleet, p: FleetProcess): Promise<ProcessApi> {
  await fleet.waitForOutput(p, /"msg":"tickwork is listening"/, 60_000);
  const m = /"url":"([^"]+)","docs"/.exec(p.output());
  const url = m?.[1];
  if (url === undefined) throw new Error(`no listening URL in the log of ${p.name}`);
  return {
    url,
    async call<T>(path: string, body?: unknown, method?: string) {
      const res = await fetch(`${url}${path}`, {
        method: method ?? (body === undefined ? 'GET' : 'POST'),
        headers: { authorization: `Bearer ${TEST_ADMIN_KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as T };
    },
    async text(path: string) {
      return (await fetch(`${url}${path}`)).text();
    },
  };
}
