/**
 * A set of roster indices 0 … n−1 as a two-level bitset: insert and delete in O(1), the smallest
 * member in O(n / 1024) word reads (one summary word covers 1,024 engineers). The engine keeps one
 * per team and number of incidents held, so that "the available member holding the fewest
 * incidents, lowest roster index first" is found without scanning the team.
 */
export class RosterSet {
  private readonly words: Uint32Array;
  /** bit w of summary word s: words[32·s + w] is not zero */
  private readonly summary: Uint32Array;
  private count = 0;

  constructor(n: number) {
    this.words = new Uint32Array(Math.max(1, Math.ceil(n / 32)));
    this.summary = new Uint32Array(Math.max(1, Math.ceil(this.words.length / 32)));
  }

  get size(): number {
    return this.count;
  }

  add(i: number): void {
    const w = i >>> 5;
    const bit = 1 << (i & 31);
    if ((this.words[w] & bit) !== 0) return;
    this.words[w] |= bit;
    this.summary[w >>> 5] |= 1 << (w & 31);
    this.count++;
  }

  delete(i: number): void {
    const w = i >>> 5;
    const bit = 1 << (i & 31);
    if ((this.words[w] & bit) === 0) return;
    this.words[w] &= ~bit;
    if (this.words[w] === 0) this.summary[w >>> 5] &= ~(1 << (w & 31));
    this.count--;
  }

  /** Removes every member. */
  clear(): void {
    this.words.fill(0);
    this.summary.fill(0);
    this.count = 0;
  }

  has(i: number): boolean {
    return (this.words[i >>> 5] & (1 << (i & 31))) !== 0;
  }

  /** The smallest member ≥ `from`, or −1 when there is none (a walk in order: `for (i = first(); i >= 0; i = next(i + 1))`). */
  next(from: number): number {
    let w = from >>> 5;
    if (w >= this.words.length) return -1;
    let bits = this.words[w] & (~0 << (from & 31));
    while (bits === 0) {
      if (++w >= this.words.length) return -1;
      bits = this.words[w];
    }
    return (w << 5) + lowestBit(bits);
  }

  /** The smallest member, or −1 when empty. */
  first(): number {
    if (this.count === 0) return -1;
    const s = this.summary;
    for (let k = 0; k < s.length; k++) {
      if (s[k] === 0) continue;
      const w = (k << 5) + lowestBit(s[k]);
      return (w << 5) + lowestBit(this.words[w]);
    }
    return -1;
  }
}

/** Position of the lowest set bit of a non-zero 32-bit word. */
function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}
