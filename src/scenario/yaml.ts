/**
 * Reading a YAML (or JSON) text a user gave us — scenarios, drills, comparisons, profiles — into
 * plain data, with every problem a one-line UserError naming the file, the line and the column:
 * syntax errors, duplicate keys, unknown tags (`!!js/function`), aliases that name no anchor, and
 * aliases that expand too far (an "alias bomb": a few lines that would become billions of nodes).
 */
import { LineCounter, parseAllDocuments, visit, isAlias, type Document, type Node } from 'yaml';
import { UserError } from '../errors.js';

/** The most alias expansions a file may make (the yaml library's own guard, at its default). */
export const MAX_YAML_ALIASES = 100;

/** The deepest nesting of flow collections (`[`, `{`) a file may have: the parser aborts V8 at about 20,000. */
export const MAX_YAML_NESTING = 100;

/**
 * Parses `source` (the text of `file`) as one YAML document; JSON is YAML. Throws a UserError
 * `<file>: line L, column C: <what is wrong>` for anything a plain data file should not contain.
 */
export function parseYamlText(source: string, file: string): unknown {
  const deep = nestingBeyond(source, MAX_YAML_NESTING);
  if (deep !== undefined) {
    const before = source.slice(0, deep);
    const line = before.split('\n').length;
    throw new UserError(`${file}: line ${line}, column ${deep - before.lastIndexOf('\n')}: brackets nested more than ${MAX_YAML_NESTING} deep; expected a plain data file`);
  }
  const lines = new LineCounter();
  let doc: Document.Parsed;
  try {
    const docs = parseAllDocuments(source, { lineCounter: lines, uniqueKeys: true, prettyErrors: false, logLevel: 'silent' });
    if (!Array.isArray(docs) || docs.length === 0) return null; // nothing but comments
    if (docs.length > 1) {
      const p = lines.linePos(docs[1].range[0]);
      throw new UserError(`${file}: line ${p.line}, column ${p.col}: a second YAML document (after "---"); expected one per file`);
    }
    doc = docs[0];
  } catch (e) {
    // the parser's own stack overflows on absurd nesting
    if (e instanceof RangeError) throw new UserError(`${file}: not valid YAML/JSON (nested too deeply)`);
    throw e;
  }
  const at = (offset: number | undefined) => {
    if (offset === undefined) return 'somewhere';
    const p = lines.linePos(offset);
    return `line ${p.line}, column ${p.col}`;
  };
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const what = problem.code === 'TAG_RESOLVE_FAILED' ? `unknown YAML tag (${firstLine(problem.message).replace(/^Unresolved tag: /, '')}); expected plain values`
      : problem.code === 'DUPLICATE_KEY' ? 'a key given twice in the same mapping'
      : `not valid YAML/JSON (${firstLine(problem.message)})`;
    throw new UserError(`${file}: ${at(problem.pos?.[0])}: ${what}`);
  }
  const aliases: Node[] = [];
  visit(doc, { Alias: (_, node) => void aliases.push(node as Node) });
  try {
    return doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (e) {
    if (!(e instanceof ReferenceError)) {
      if (e instanceof RangeError) throw new UserError(`${file}: not valid YAML/JSON (nested too deeply)`);
      throw e;
    }
    const unresolved = /Unresolved alias[^:]*: (.*)$/.exec(e.message)?.[1];
    if (unresolved !== undefined) {
      const node = aliases.find((a) => isAlias(a) && a.source === unresolved);
      throw new UserError(`${file}: ${at(node?.range?.[0])}: the alias *${short(unresolved)} names no anchor before it (expected &${short(unresolved)} earlier in the file)`);
    }
    throw new UserError(`${file}: ${at(aliases[0]?.range?.[0])}: YAML aliases expand too far (more than ${MAX_YAML_ALIASES} uses, or aliases of aliases: a guard against alias bombs); write the values out`);
  }
}

/** The offset at which `[`/`{` nesting (outside quotes and comments) first exceeds `max`, if it does. */
function nestingBeyond(text: string, max: number): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{') {
      if (++depth > max) return i;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === '"' || c === "'") {
      // skip the quoted scalar ("" and '' escapes inside are consumed by the same loop)
      for (i++; i < text.length && text[i] !== c && text[i] !== '\n'; i++) if (c === '"' && text[i] === '\\') i++;
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n') i++;
    }
  }
  return undefined;
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/ at line \d+, column \d+.*$/, '');
}

function short(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
