/**
 * `--set field.path=value` overrides: what-if questions without editing the file.
 *
 * A path is dotted field names with `[i]` array indices: `teams[0].engineers.count`,
 * `arrivals[1].rate.perHour`, `priorities.sla.P1.respond`. The value is read as a YAML scalar or
 * flow collection, so `14` is a number, `true` a boolean, `4h` a string and `[db, network]` a list.
 * Missing objects on the way are created (`priorities.sla.P1.respond=15m` on a scenario without
 * SLAs); the schema check that follows rejects misspelt names, so a typo is still an error.
 */
import { parseDocument } from 'yaml';
import { UserError, show } from '../errors.js';

type Json = Record<string, unknown> | unknown[];

/** Parses "a.b[2].c" into ["a", "b", 2, "c"]; throws UserError naming `where` when malformed. */
export function parseFieldPath(path: string, where: string): (string | number)[] {
  if (!/^[^.[\]=]+(\[\d+\]|\.[^.[\]=]+)*$/.test(path)) {
    throw new UserError(`${where}: "${path}" is not a field path (expected names and [index] like teams[0].engineers.count)`);
  }
  const parts = [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) => (m[2] !== undefined ? Number(m[2]) : m[1]));
  // These would reach Object.prototype rather than a scenario field.
  const bad = parts.find((p) => p === '__proto__' || p === 'constructor' || p === 'prototype');
  if (bad !== undefined) throw new UserError(`${where}: "${bad}" is not a scenario field (expected names and [index] like teams[0].engineers.count)`);
  return parts;
}

/** Applies `path=value` assignments to `data` in place, in order; returns `data`. */
export function applyOverrides<T extends Record<string, unknown>>(data: T, sets: string[], label: string): T {
  for (const set of sets) {
    const eq = set.indexOf('=');
    if (eq <= 0) throw new UserError(`${label}: --set "${set}": expected field.path=value, e.g. teams[0].engineers.count=14`);
    const path = set.slice(0, eq).trim();
    const raw = set.slice(eq + 1).trim();
    const parts = parseFieldPath(path, `${label}: --set ${path}`);
    // anything YAML cannot read cleanly (a stray tag, an alias, a syntax error) is the text itself
    let value: unknown = raw;
    if (raw !== '') {
      try {
        const doc = parseDocument(raw, { logLevel: 'silent' });
        if (doc.errors.length === 0 && doc.warnings.length === 0) value = doc.toJS({ maxAliasCount: 10 });
      } catch {
        value = raw;
      }
    }
    let node: Json = data;
    for (let i = 0; i < parts.length - 1; i++) {
      let next = Object.hasOwn(node, parts[i]) ? (node as Record<string | number, unknown>)[parts[i]] : undefined;
      // A missing field on the way becomes an empty object (the schema check that follows rejects
      // a misspelt one, with a did-you-mean); a missing list element is an error.
      if (next === undefined && typeof parts[i] === 'string' && typeof parts[i + 1] === 'string') {
        next = (node as Record<string, unknown>)[parts[i] as string] = {};
      }
      if (next === null || typeof next !== 'object') {
        const at = fieldPath(parts.slice(0, i + 1));
        throw new UserError(`${label}: --set ${path}: ${at} ${next === undefined ? 'does not exist' : `is ${show(next)}, not an object or list`}`);
      }
      node = next as Json;
    }
    const last = parts[parts.length - 1];
    if (Array.isArray(node) !== (typeof last === 'number')) {
      throw new UserError(`${label}: --set ${path}: ${fieldPath(parts.slice(0, -1)) || 'the scenario'} is ${Array.isArray(node) ? 'a list (use [index])' : 'an object (use .name)'}`);
    }
    if (Array.isArray(node) && (last as number) > node.length) {
      throw new UserError(`${label}: --set ${path}: index ${last} is past the end of ${fieldPath(parts.slice(0, -1))} (length ${node.length})`);
    }
    (node as Record<string | number, unknown>)[last] = value;
  }
  return data;
}

/** ["teams", 0, "id"] → "teams[0].id" */
export function fieldPath(parts: (string | number)[]): string {
  return parts.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}
