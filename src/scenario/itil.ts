/**
 * Cross-references of the ITIL-depth fields (issue #19): problem teams and classes, priorities of
 * SLAs per type, comms cadences and problem records. One line per broken reference.
 */
import { names, show } from '../errors.js';
import type { Scenario } from './schema.js';

/** Checks that name teams, classes and priorities; `team` and `priority` push their own lines. */
export function itilReferenceProblems(
  s: Scenario,
  team: (id: string, path: string) => void,
  priority: (p: string, path: string) => void,
  classes: string[],
  didYouMean: (word: string, options: string[]) => string,
): string[] {
  const out: string[] = [];
  for (const type of ['incident', 'request'] as const) {
    for (const p of Object.keys(s.priorities.slaByType?.[type] ?? {})) priority(p, `priorities.slaByType.${type}.${p}`);
  }
  const m = s.triage?.misclassification;
  if (m?.to?.incident) team(m.to.incident, 'triage.misclassification.to.incident');
  if (m?.to?.request) team(m.to.request, 'triage.misclassification.to.request');
  if (s.problems) {
    team(s.problems.team, 'problems.team');
    const ids = new Map<string, number>();
    s.problems.causes.forEach((c, i) => {
      const path = `problems.causes[${i}]`;
      if (ids.has(c.id)) out.push(`${path}.id: ${show(c.id)} is already the id of problems.causes[${ids.get(c.id)}]; cause ids must be unique`);
      else ids.set(c.id, i);
      c.classes.forEach((k, j) => {
        if (!classes.includes(k)) out.push(`${path}.classes[${j}]: unknown class ${show(k)}${didYouMean(k, classes)} (expected one of: ${names(classes)})`);
      });
      if (typeof c.share === 'object') {
        for (const k of Object.keys(c.share)) {
          if (!c.classes.includes(k)) out.push(`${path}.share.${k}: ${show(k)} is not one of the cause's classes${didYouMean(k, c.classes)} (expected one of: ${names(c.classes)})`);
        }
      }
      if (c.team !== undefined) team(c.team, `${path}.team`);
      if (c.priority !== undefined) priority(c.priority, `${path}.priority`);
    });
  }
  if (s.comms) {
    for (const p of Object.keys(s.comms.cadence)) priority(p, `comms.cadence.${p}`);
    if (typeof s.comms.duration === 'object') for (const p of Object.keys(s.comms.duration)) priority(p, `comms.duration.${p}`);
  }
  return out;
}
