/**
 * The JSON Schema of a partial result (what `incisim run --shard i/n` writes and `incisim merge`
 * reads), checked on every partial before any of it is used: every field's type, the metrics and
 * incident records field by field, and bounds on the counts a file could claim (replications,
 * shard count, list lengths) so that an edited file cannot make merge allocate without end.
 * The scenario inside is checked by the scenario's own validation (readPartial).
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/** The most replications a partial may claim (the scenario's own bound). */
export const MAX_PARTIAL_REPLICATIONS = 10_000;
/** The most shards a run may be split into (`--shard i/n`: n at most this). */
export const MAX_SHARDS = 10_000;

const Num = Type.Number();
const Count = Type.Integer({ minimum: 0 });
const Kpis = Type.Record(Type.String(), Num);
const KpisBy = Type.Record(Type.String(), Kpis);

const ReplicationMetricsSchema = Type.Object({
  index: Type.Integer({ minimum: 0, maximum: MAX_PARTIAL_REPLICATIONS - 1 }),
  kpis: Kpis,
  byPriority: KpisBy,
  byTeam: KpisBy,
  byType: Type.Optional(KpisBy),
  byClosureCode: Type.Optional(KpisBy),
  mtteByLevel: Kpis,
  engineers: Type.Array(
    Type.Object({
      id: Type.String(),
      team: Type.String(),
      utilisation: Num,
      workload: Num,
      workloadPerAvailableHour: Num,
      interruptions: Type.Object({ business: Num, off: Num, sleep: Num }),
      utilisationByDay: Type.Array(Type.Union([Num, Type.Null()])),
    }),
  ),
  arrivalsByHourOfWeek: Type.Array(Num),
  backlog: Type.Object({ t: Type.Array(Num), open: Type.Array(Num) }),
});

const Opt = <T extends TSchema>(t: T) => Type.Optional(t);
const IncidentRecordSchema = Type.Object({
  id: Type.String(),
  class: Type.String(),
  category: Opt(Type.String()),
  priority: Type.String(),
  openedAt: Num,
  firstAssignedAt: Opt(Num),
  firstAckAt: Opt(Num),
  firstWorkAt: Opt(Num),
  resolvedAt: Opt(Num),
  firstTeam: Type.String(),
  team: Type.String(),
  resolvedBy: Opt(Type.String()),
  reassignments: Count,
  escalations: Type.Array(
    Type.Object({ at: Num, kind: Type.Union([Type.Literal('functional'), Type.Literal('hierarchical')]), level: Count, to: Type.String(), reason: Type.String() }),
  ),
  misrouted: Type.Boolean(),
  autoRemediated: Type.Boolean(),
  major: Type.Boolean(),
  pausedMinutes: Num,
  respondSlaMinutes: Opt(Num),
  resolveSlaMinutes: Opt(Num),
  effortMinutes: Num,
  warmup: Type.Boolean(),
  type: Opt(Type.Union([Type.Literal('incident'), Type.Literal('request')])),
  misclassified: Opt(Type.Boolean()),
  knownError: Opt(Type.Boolean()),
  closureCode: Opt(Type.String()),
  reopens: Opt(Count),
  firstResolvedAt: Opt(Num),
  reopenedAt: Opt(Num),
  cause: Opt(Type.String()),
  recurrence: Opt(Type.Boolean()),
  commsAssigneeMinutes: Opt(Num),
  commsLeadMinutes: Opt(Num),
});

/** A partial result, as JSON. */
export const PartialResultSchema = Type.Object({
  kind: Type.Literal('incisim-partial'),
  incisimVersion: Type.String(),
  scenario: Type.Object({}),
  fingerprint: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  seed: Type.Union([Type.Number(), Type.String()]),
  replications: Type.Integer({ minimum: 1, maximum: MAX_PARTIAL_REPLICATIONS }),
  shard: Type.Object({ index: Type.Integer({ minimum: 0, maximum: MAX_SHARDS - 1 }), count: Type.Integer({ minimum: 1, maximum: MAX_SHARDS }) }),
  metrics: Type.Array(ReplicationMetricsSchema, { maxItems: MAX_PARTIAL_REPLICATIONS }),
  incidents: Opt(Type.Array(IncidentRecordSchema)),
  digest: Type.String({ pattern: '^[0-9a-f]{64}$' }),
  events: Count,
  wallSeconds: Type.Number({ minimum: 0 }),
});

let check: ValidateFunction | undefined;

/**
 * The first problem of a parsed partial result as `<field path>: <what is wrong>` (e.g.
 * `metrics[0].kpis.mtta: null is not a number`), or undefined when its structure is valid.
 */
export function partialProblem(data: unknown): string | undefined {
  check ??= new Ajv({ allErrors: false, strict: false }).compile(PartialResultSchema);
  if (check(data)) return undefined;
  const e = (check.errors ?? [])[0];
  return e ? explain(e, data) : 'not a partial result';
}

function explain(e: ErrorObject, data: unknown): string {
  const parts = e.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let path = '';
  let value: unknown = data;
  for (const p of parts) {
    path += /^\d+$/.test(p) ? `[${p}]` : /^[A-Za-z_$][\w$]*$/.test(p) ? `${path ? '.' : ''}${p}` : `[${JSON.stringify(p.slice(0, 40))}]`;
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[p] : undefined;
  }
  const at = path === '' ? '(root)' : path;
  const got = shortJson(value);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `${at === '(root)' ? '' : `${at}.`}${String(params.missingProperty)}: missing`;
    case 'type':
      return `${at}: ${got} is not ${params.type === 'integer' ? 'a whole number' : params.type === 'object' ? 'an object' : params.type === 'array' ? 'a list' : `a ${String(params.type)}`}`;
    case 'maximum':
    case 'minimum':
      return `${at}: ${got} is out of range; expected ${e.keyword === 'maximum' ? 'at most' : 'at least'} ${Number(params.limit).toLocaleString('en-US')}`;
    case 'maxItems':
      return `${at}: ${Array.isArray(value) ? value.length.toLocaleString('en-US') : '?'} items; expected at most ${Number(params.limit).toLocaleString('en-US')}`;
    case 'const':
      return `${at}: ${got}; expected ${JSON.stringify(params.allowedValue)}`;
    default:
      return `${at}: ${got} ${e.message ?? 'is not valid'}`;
  }
}

function shortJson(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length <= 40 ? s : `${s.slice(0, 37)}…`;
}
