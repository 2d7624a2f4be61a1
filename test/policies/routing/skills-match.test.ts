import { describe, expect, it } from 'vitest';
import { trace } from './trace.js';

describe('skills-match', () => {
  const team = [
    { capacity: 3, skills: { net: 2 } },
    { capacity: 3, skills: { net: 5, db: 1 } },
    { capacity: 3, skills: { db: 4 } },
  ];
  it('requires the skills, then prefers proficiency, then the lower load', () => {
    expect(trace('skills-match', team, [
      { open: 'n1', skills: ['net'] }, { open: 'd1', skills: ['db'] }, { open: 'nd', skills: ['net', 'db'] },
      { open: 'n2', skills: ['net'] }, { open: 'n3', skills: ['net'] },
    ])).toEqual(['n1→e2', 'd1→e3', 'nd→e2', 'n2→e2', 'n3→e1']);
  });
});
