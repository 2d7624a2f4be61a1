import { describe, expect, it } from 'vitest';
import { trace } from './trace.js';

describe('least-recently-assigned', () => {
  it('picks whoever waited longest since their last assignment, never-assigned first', () => {
    expect(trace('least-recently-assigned', [{ capacity: 5 }, { capacity: 5 }, { capacity: 5 }], [
      { open: 'a' }, { open: 'b' }, { presence: ['e3', 'off'] }, { open: 'c' }, { presence: ['e3', 'on-shift'] }, { open: 'd' }, { open: 'e' },
    ])).toEqual(['a→e1', 'b→e2', 'c→e1', 'd→e3', 'e→e2']);
  });
});
