import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { doubles, objectArray, objectSlots } from '../../src/kernel/arrays.js';

const built = new URL('../../dist/kernel/arrays.js', import.meta.url).href;

/** The elements kind V8 gives each array `make` returns, asked in a child with natives syntax (`npm test` builds dist/ first). */
function kinds(make: string): string[] {
  const src = `
    const { doubles, objectArray, objectSlots } = await import(${JSON.stringify(built)});
    const kind = (a) => (%HasSmiElements(a) ? 'small integers' : %HasDoubleElements(a) ? 'doubles' : %HasObjectElements(a) ? 'objects' : 'other') + (%HasHoleyElements(a) ? ', holey' : '');
    process.stdout.write(JSON.stringify((${make}).map(kind)));`;
  return JSON.parse(execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', src], { encoding: 'utf8' }));
}

describe('arrays made in the elements kind they will have', () => {
  it('are what they say: empty, n zeros, n empty slots', () => {
    expect(objectArray()).toEqual([]);
    const d = doubles(3);
    expect(d).toHaveLength(3);
    expect(d.every((x) => Object.is(x, -0))).toBe(true);
    const s = objectSlots<object>(2);
    expect(s.length).toBe(2);
    expect(s[0]).toBeUndefined();
  });

  it('start in their final kind, where [] starts with small integers and changes kind at its first object or fraction', () => {
    expect(kinds('[[], objectArray(), doubles(4), new Array(4), objectSlots(4)]')).toEqual([
      'small integers', 'objects', 'doubles', 'small integers, holey', 'objects, holey',
    ]);
  });

  it('keep their kind as they fill: an object array given objects, a double buffer given small integers', () => {
    expect(kinds('[(() => { const a = objectArray(); a.push({}); a.push(1); return a; })(), (() => { const a = doubles(2); a[0] = 3; a[1] = 0.5; return a; })()]')).toEqual([
      'objects', 'doubles',
    ]);
  });
});
