/**
 * Snapshots of the live service's state, as stored in the database: the core's `snapshot()`
 * (engine, timers, incidents, presence, audit, counters, random stream) as JSON text with a
 * format number and a SHA-256 of the text, tied to the journal position (the seq of the last
 * entry applied). A start loads the latest one and replays only the entries after it, so restart
 * time is bounded by the snapshot interval, not by the journal's length.
 *
 * The state holds no ±Infinity or NaN (JSON has none: the engine writes −∞ times as null, the
 * core an unbounded timeout as null), and every finite double round-trips exactly through JSON's
 * shortest form.
 */
import { createHash } from 'node:crypto';
import type { CoreSnapshot } from './core.js';

/** Bumped whenever the layout of CoreSnapshot (or the engine's) changes; other formats are not read. */
export const SNAPSHOT_FORMAT = 1;

/** A snapshot row as stored. */
export interface StoredSnapshot {
  /** the journal position: entries 1 … seq are in the state */
  seq: number;
  format: number;
  /** SHA-256 (hex) of `text` */
  sha256: string;
  text: string;
}

/** Encodes a core snapshot for storage. */
export function encodeSnapshot(seq: number, state: CoreSnapshot): StoredSnapshot {
  const text = JSON.stringify(state);
  return { seq, format: SNAPSHOT_FORMAT, sha256: sha256(text), text };
}

/**
 * Decodes a stored snapshot; throws an Error saying why it cannot be used (another format, a
 * checksum that does not match, text that is not JSON).
 */
export function decodeSnapshot(s: StoredSnapshot): CoreSnapshot {
  if (s.format !== SNAPSHOT_FORMAT) throw new Error(`format ${s.format}, this version reads format ${SNAPSHOT_FORMAT}`);
  if (sha256(s.text) !== s.sha256) throw new Error('checksum mismatch (the stored text is damaged)');
  let state: CoreSnapshot;
  try {
    state = JSON.parse(s.text) as CoreSnapshot;
  } catch (e) {
    throw new Error(`not JSON (${(e as Error).message})`);
  }
  if (state === null || typeof state !== 'object' || !Array.isArray(state.incidents) || !Array.isArray(state.timers)) throw new Error('not a service state');
  return state;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
