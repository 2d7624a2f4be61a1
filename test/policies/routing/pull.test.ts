import { describe, expect, it } from 'vitest';
import { trace } from './trace.js';

describe('pull', () => {
  it('whoever has been free longest takes the next ticket; a freed engineer takes the head of the queue', () => {
    expect(trace('pull', [{}, {}], [
      { open: 'a', at: 0 }, { open: 'b', at: 1 }, { open: 'c', at: 2 }, { open: 'p1', priority: 'P1', at: 3 },
      { resolve: 'b', at: 4 }, { resolve: 'a', at: 5 },
    ])).toEqual(['a→e1', 'b→e2', 'c→queue', 'p1→queue', 'p1→e2', 'c→e1']);
  });

  it('prefers the engineer who came free earlier over roster order', () => {
    expect(trace('pull', [{}, {}], [
      { open: 'a', at: 0 }, { open: 'b', at: 0 }, { resolve: 'b', at: 1 }, { resolve: 'a', at: 2 }, { open: 'c', at: 3 },
    ])).toEqual(['a→e1', 'b→e2', 'c→e2']);
  });
});
