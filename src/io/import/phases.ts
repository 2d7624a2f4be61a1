import type { ImportSummary, Phase } from './types.js';

/**
 * How an event log's state or activity values read as phases of an incident's life
 * (`queued | active | pending | resolved | closed`). The mapping's `phases:` map wins; otherwise
 * the default rules below, tried in order on the lower-cased value, recognise ServiceNow states
 * (New, Active, Awaiting User Info, Resolved, Closed), ITIL / help-desk statuses ("Queued/Awaiting
 * Assignment", "Accepted/In Progress", "Accepted/Wait", "Completed/Resolved") and common activity
 * names (assign, take in charge, in progress, wait, resolve, close). A value no rule matches is
 * ignored: the phase stays what it was. `import` prints the table of what it read as what.
 */
const RULES: [RegExp, Phase][] = [
  [/awaiting assign|queued|^new$|^open(ed)?$|^creat|regist|^logged|submit|^schedule/, 'queued'],
  [/wait|await|pending|on hold|hold|suspend/, 'pending'],
  [/clos|cancel|withdraw|abort|reject/, 'closed'],
  [/resolv|solved|fixed|^complete|completed\b|\bdone$/, 'resolved'],
  [/assign|take in charge|taken|in progress|progress|^active$|^start|resume|accept|work|investigat|diagnos|handl|escalat/, 'active'],
];

/** XES `lifecycle:transition` values, used when the activity name itself says nothing. */
const LIFECYCLE: Record<string, Phase> = {
  schedule: 'queued',
  assign: 'active',
  reassign: 'active',
  start: 'active',
  resume: 'active',
  suspend: 'pending',
};

/** The default phase of a state / activity value (undefined: none of the rules matches). */
export function defaultPhase(value: string, transition?: string): Phase | undefined {
  const v = value.trim().toLowerCase();
  for (const [re, phase] of RULES) if (re.test(v)) return phase;
  if (transition !== undefined) return LIFECYCLE[transition.trim().toLowerCase()];
  return undefined;
}

/**
 * Reads values as phases with the mapping's overrides, counting what it read as what (for the
 * import summary). Caches per value: event logs repeat a handful of values.
 */
export class PhaseReader {
  private readonly cache = new Map<string, Phase | undefined>();
  readonly table: NonNullable<ImportSummary['phases']> = {};
  constructor(private readonly overrides: Readonly<Record<string, Phase>> = {}) {}

  read(value: string | undefined, transition?: string): Phase | undefined {
    if (value === undefined) return undefined;
    const key = transition === undefined ? value : `${value}\u0000${transition}`;
    let phase = this.cache.get(key);
    if (phase === undefined && !this.cache.has(key)) {
      phase = this.overrides[value] ?? defaultPhase(value, transition);
      this.cache.set(key, phase);
    }
    const label = transition === undefined ? value : `${value} (${transition})`;
    const row = (this.table[label] ??= { phase: phase ?? 'ignored', events: 0, from: this.overrides[value] !== undefined ? 'mapping' : 'default' });
    row.events++;
    return phase;
  }
}
