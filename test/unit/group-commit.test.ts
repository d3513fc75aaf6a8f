import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { GroupCommit } from '../../src/engine/group-commit.ts';

const log = pino({ level: 'silent' });

/** An error as the database reports it: a SQLSTATE in `code`. */
function dbError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

describe('GroupCommit', () => {
  it('writes every other item and isolates the one that fails for a lasting reason, then goes on', async () => {
    const written: number[] = [];
    const isolated: { item: number; reason: string }[] = [];
    const gc = new GroupCommit<number>({
      async write(batch) {
        if (batch.includes(13)) throw dbError('unsupported Unicode escape sequence', '22P05');
        written.push(...batch);
      },
      async isolate(item, reason) {
        isolated.push({ item, reason });
      },
      batchSize: 50,
      lingerMs: 1,
      log,
      what: 'outcomes',
    });
    for (let i = 0; i < 40; i++) gc.push(i);
    await gc.flush();
    expect(isolated).toEqual([{ item: 13, reason: 'unsupported Unicode escape sequence (SQLSTATE 22P05)' }]);
    expect(written.sort((a, b) => a - b)).toEqual([...Array(40).keys()].filter((i) => i !== 13));
    expect(gc.counts).toEqual({ isolated: 1, dropped: 0 });

    // The loop goes on: later items are written as usual.
    gc.push(100);
    await gc.flush();
    expect(written).toContain(100);
    expect(gc.unwritten()).toEqual([]);
  });

  it('retries the whole batch on a transient failure and isolates nothing', async () => {
    const attempts: number[][] = [];
    let failuresLeft = 2;
    const isolated: number[] = [];
    const gc = new GroupCommit<number>({
      async write(batch) {
        attempts.push([...batch]);
        if (failuresLeft > 0) {
          failuresLeft--;
          throw dbError('could not serialize access due to concurrent update', '40001');
        }
      },
      async isolate(item) {
        isolated.push(item);
      },
      batchSize: 10,
      lingerMs: 1,
      log,
      what: 'outcomes',
    });
    for (let i = 0; i < 5; i++) gc.push(i);
    await gc.flush();
    expect(isolated).toEqual([]);
    expect(attempts).toEqual([
      [0, 1, 2, 3, 4],
      [0, 1, 2, 3, 4],
      [0, 1, 2, 3, 4],
    ]);
  });

  it('keeps an item queued when its isolating write fails transiently, and isolates it once that passes', async () => {
    let isolateFailures = 1;
    const isolated: number[] = [];
    const gc = new GroupCommit<number>({
      async write(batch) {
        if (batch.includes(2)) throw dbError('invalid byte sequence for encoding "UTF8": 0x00', '22021');
      },
      async isolate(item) {
        if (isolateFailures-- > 0) throw dbError('terminating connection due to administrator command', '57P01');
        isolated.push(item);
      },
      batchSize: 10,
      lingerMs: 1,
      log,
      what: 'checks',
    });
    gc.push(1);
    gc.push(2);
    gc.push(3);
    await gc.flush();
    expect(isolated).toEqual([2]);
    expect(gc.unwritten()).toEqual([]);
  });

  it('drops, counts and goes on when even the isolating write fails for a lasting reason', async () => {
    const written: string[] = [];
    const told: string[] = [];
    const gc = new GroupCommit<string>({
      async write(batch) {
        if (batch.includes('poison')) throw dbError('value too long', '22001');
        written.push(...batch);
      },
      async isolate() {
        throw dbError('null value in column violates not-null constraint', '23502');
      },
      onIsolated: (outcome) => told.push(outcome),
      batchSize: 10,
      lingerMs: 1,
      log,
      what: 'outcomes',
    });
    for (const s of ['a', 'poison', 'b']) gc.push(s);
    await gc.flush();
    expect(written.sort()).toEqual(['a', 'b']);
    expect(told).toEqual(['dropped']);
    expect(gc.counts).toEqual({ isolated: 0, dropped: 1 });
  });

  it('finds several bad items in one batch', async () => {
    const bad = new Set([0, 7, 8, 31]);
    const written: number[] = [];
    const isolated: number[] = [];
    const gc = new GroupCommit<number>({
      async write(batch) {
        if (batch.some((i) => bad.has(i))) throw new TypeError('Do not know how to serialize a BigInt');
        written.push(...batch);
      },
      async isolate(item) {
        isolated.push(item);
      },
      batchSize: 32,
      lingerMs: 1,
      log,
      what: 'outcomes',
    });
    for (let i = 0; i < 32; i++) gc.push(i);
    await gc.flush();
    expect(isolated).toEqual([0, 7, 8, 31]);
    expect(written.length + isolated.length).toBe(32);
  });
});
