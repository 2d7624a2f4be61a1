import { describe, expect, it } from 'vitest';
import { trace } from './trace.js';

describe('most-available-capacity', () => {
  it('picks the most spare capacity, so bigger capacities take more', () => {
    expect(trace('most-available-capacity', [{ capacity: 2 }, { capacity: 4 }], [
      { open: 'a' }, { open: 'b' }, { open: 'c' }, { open: 'd' }, { open: 'e' }, { open: 'f' },
    ])).toEqual(['a→e2', 'b→e2', 'c→e1', 'd→e2', 'e→e1', 'f→e2']);
  });

  it('breaks equal spare capacity by the lower load ratio, before roster order', () => {
    // before c: e1 2 of 4 (spare 2, 50%), e2 0 of 2 (spare 2, 0%) → e2
    expect(trace('most-available-capacity', [{ capacity: 4 }, { capacity: 2 }], [
      { open: 'a' }, { open: 'b' }, { open: 'c' },
    ])).toEqual(['a→e1', 'b→e1', 'c→e2']);
  });
});
