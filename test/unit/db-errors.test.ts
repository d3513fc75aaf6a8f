import { describe, expect, it } from 'vitest';
import { isTransientDbError, markClientError } from '../../src/store/db-errors.ts';

const withCode = (code: string): Error => Object.assign(new Error('x'), { code });

describe('which database failures are worth retrying', () => {
  it('retries connection, rollback, resource and shutdown SQLSTATEs, and lost sockets', () => {
    for (const code of ['08006', '40001', '40P01', '53300', '57P01', '57014', '55P03', 'ECONNRESET', 'ECONNREFUSED']) {
      expect(isTransientDbError(withCode(code)), code).toBe(true);
    }
  });

  it('does not retry what fails the same way again: bad values, constraints, unknown columns, our own bugs', () => {
    for (const code of ['22003', '22P05', '23505', '42703', '22021']) expect(isTransientDbError(withCode(code)), code).toBe(false);
    expect(isTransientDbError(new TypeError('Do not know how to serialize a BigInt'))).toBe(false);
    expect(isTransientDbError(new Error('a bug of ours, no code'))).toBe(false);
  });

  it('retries the client library\'s uncoded connection failures once the store has marked them', () => {
    const marked = markClientError(new Error('timeout exceeded when trying to connect'));
    expect(isTransientDbError(marked)).toBe(true);
    const coded = withCode('23505');
    expect(markClientError(coded)).toBe(coded);
    const ours = new TypeError('bad value');
    expect(markClientError(ours)).toBe(ours);
  });
});
