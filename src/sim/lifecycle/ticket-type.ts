/**
 * Ticket types (#19): incidents and service requests. A ticket's SLA is its type's (requests
 * usually on a business-hours calendar with longer targets). Misclassification at triage: a share
 * of tickets is logged as the other type and first goes to that type's team, which finds the
 * mistake after `detectAfter` of its time and reroutes it — a reassignment, like a misroute.
 */
import type { Random } from '../../kernel/rng.js';
import type { ClassModel, Model, SlaModel } from '../../model/types.js';
import type { IncidentRecord } from '../records.js';
import type { Replication } from './state.js';

/** The SLA of a ticket: its type's, for its priority. */
export function slaOf(model: Model, rec: IncidentRecord): SlaModel | undefined {
  return (rec.type === 'request' ? model.requestSla : model.sla).get(rec.priority);
}

/**
 * Draws (from the class's content stream) whether the ticket is logged as the other type; if so,
 * returns the wrong step (a misroute to `team`, detected after `work` minutes) to put in front of its path (undefined otherwise, or when the other
 * type's team is its own first team: the mistake changes nothing then).
 */
export function drawMisclassification(rep: Replication, cls: ClassModel, r: Random, firstTeam: string): { team: string; work: number } | undefined {
  const m = rep.model.misclassification!;
  const u = r();
  const detect = m.detect.sample(r);
  if (u >= m.share) return undefined;
  const wrong = m.to[cls.type === 'incident' ? 'request' : 'incident'];
  if (wrong === undefined || wrong === firstTeam) return undefined;
  return { team: wrong, work: detect };
}
