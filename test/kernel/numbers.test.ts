import { describe, expect, it } from 'vitest';
import { DOUBLE_ZERO } from '../../src/kernel/numbers.js';

describe('DOUBLE_ZERO', () => {
  it('is zero to arithmetic and comparison, and prints as 0', () => {
    expect(DOUBLE_ZERO === 0).toBe(true);
    expect(DOUBLE_ZERO + 0.25).toBe(0.25);
    expect(DOUBLE_ZERO + 0).toBe(0);
    expect(Object.is(DOUBLE_ZERO + 0, 0)).toBe(true); // a sum that was added to is +0
    expect(DOUBLE_ZERO < 0 || DOUBLE_ZERO > 0).toBe(false);
    expect(JSON.stringify({ x: DOUBLE_ZERO })).toBe('{"x":0}');
    expect(String(DOUBLE_ZERO)).toBe('0');
    expect(`${DOUBLE_ZERO}`).toBe('0');
    expect(DOUBLE_ZERO.toFixed(2)).toBe('0.00');
  });

  it('is not a small integer, so a field set to it starts as a double (it is −0)', () => {
    expect(Object.is(DOUBLE_ZERO, -0)).toBe(true);
  });
});
