import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupThousands } from '../../../src/interfaces/cli/text-table.js';

describe('groupThousands', () => {
  it('writes an integer as toLocaleString("en-US") does', () => {
    expect(groupThousands(1_000_000)).toBe('1,000,000');
    expect(groupThousands(999)).toBe('999');
    expect(groupThousands(0)).toBe('0');
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(groupThousands(n)).toBe(n.toLocaleString('en-US'));
      }),
    );
  });
});
