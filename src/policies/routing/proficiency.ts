/** Proficiency of an engineer for a ticket, shared by skill-aware policies. */
import type { Ticket } from '../../engine/types.js';
import type { EngineerView } from './types.js';

/**
 * Sum of the engineer's proficiencies (1–5) in the ticket's required skills; when the ticket
 * requires none, their best proficiency in any skill (0 with no skills).
 */
export function proficiency(e: EngineerView, ticket: Ticket): number {
  const req = ticket.skills ?? [];
  if (req.length === 0) {
    let best = 0;
    for (const v of e.skills.values()) if (v > best) best = v;
    return best;
  }
  let sum = 0;
  for (const s of req) sum += e.skills.get(s) ?? 0;
  return sum;
}
