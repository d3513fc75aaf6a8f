import type { EventRow } from '../domain/event.ts';

/**
 * A place events are published to. The relay hands each sink its events in id order and moves the sink's cursor
 * only after `publish` resolved, so `publish` must resolve only once the sink has durably taken every event (a
 * broker's confirm) and throw otherwise; the same events are then offered again (at least once).
 */
export interface Sink {
  /** The name of its cursor: stable across restarts. */
  readonly name: string;
  publish(events: readonly EventRow[]): Promise<void>;
  close(): Promise<void>;
}

/** Rejects with `what` timed out after `ms`, so a silent broker cannot hold the relay forever. */
export function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (err: unknown) => {
        clearTimeout(t);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
