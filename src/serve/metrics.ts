/**
 * /metrics in the Prometheus text exposition format (version 0.0.4): gauges of the state now and
 * counters since the journal began (a restart replays them, so counters never reset).
 */
import type { LiveCore } from './core.js';

export function prometheus(core: LiveCore, journal: { size: number; commits: number; entries: number; commitMs: number }, snapshots?: { seq: number; replayed: number }): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'gauge' | 'counter', help: string, rows: [Record<string, string>, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, v] of rows) {
      const l = Object.entries(labels).map(([k, x]) => `${k}="${x.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',');
      lines.push(`${name}${l ? `{${l}}` : ''} ${Number.isFinite(v) ? String(v) : v > 0 ? '+Inf' : v < 0 ? '-Inf' : 'NaN'}`);
    }
  };
  const c = core.counters;
  const teams = core.teams();
  metric('incisim_open_incidents', 'gauge', 'Open incidents by the team that holds them.', teams.map((t) => [{ team: t.id }, t.open]));
  metric('incisim_queued_incidents', 'gauge', 'Incidents waiting in a team queue.', teams.map((t) => [{ team: t.id }, t.queued]));
  metric('incisim_team_saturation', 'gauge', "Team load (held and queued) divided by its present engineers' capacity; +Inf when nobody is present.", teams.map((t) => [{ team: t.id }, t.saturation]));
  metric('incisim_engineers_present', 'gauge', 'Engineers on shift or on call.', teams.map((t) => [{ team: t.id }, t.present]));
  metric('incisim_decisions_total', 'counter', 'Assignment engine decisions by kind.', Object.entries(c.decisions).map(([k, v]) => [{ kind: k }, v]));
  metric('incisim_pages_total', 'counter', 'Pages sent to engineers.', [[{}, c.pages]]);
  metric('incisim_ack_timeouts_total', 'counter', 'Pages not acknowledged within their timeout.', [[{}, c.ackTimeouts]]);
  metric('incisim_escalations_total', 'counter', 'Escalations by kind.', [[{ kind: 'functional' }, c.escalations], [{ kind: 'hierarchical' }, c.notifications]]);
  metric('incisim_incidents_opened_total', 'counter', 'Incidents opened.', [[{}, c.opened]]);
  metric('incisim_incidents_resolved_total', 'counter', 'Incidents resolved.', [[{}, c.resolved]]);
  metric('incisim_alerts_deduplicated_total', 'counter', 'Alerts folded into an open incident with the same key.', [[{}, c.duplicates]]);
  metric('incisim_mtta_minutes', 'gauge', 'Mean time from opening to first acknowledgement, minutes, over acknowledged incidents.', [[{}, c.acknowledged > 0 ? c.ackMinutes / c.acknowledged : 0]]);
  metric('incisim_mttr_minutes', 'gauge', 'Mean time from opening to resolution, minutes, over resolved incidents.', [[{}, c.resolved > 0 ? c.resolveMinutes / c.resolved : 0]]);
  metric('incisim_journal_entries', 'gauge', 'Entries in the journal.', [[{}, journal.size]]);
  metric('incisim_journal_commits_total', 'counter', 'Journal commits since this process started (group commits).', [[{}, journal.commits]]);
  metric('incisim_journal_committed_entries_total', 'counter', 'Journal entries committed since this process started.', [[{}, journal.entries]]);
  metric('incisim_journal_commit_seconds_total', 'counter', 'Time the commits since this process started took, fsync included (seconds).', [[{}, journal.commitMs / 1000]]);
  metric('incisim_incidents_in_memory', 'gauge', 'Incidents held in memory: open, and resolved within the retention (--retain).', [[{}, core.incidentsInMemory]]);
  if (snapshots) {
    metric('incisim_snapshot_entry', 'gauge', 'Journal position of the latest snapshot (a restart replays the entries after it).', [[{}, snapshots.seq]]);
    metric('incisim_start_replayed_entries', 'gauge', 'Journal entries replayed at the last start, after its snapshot.', [[{}, snapshots.replayed]]);
  }
  return `${lines.join('\n')}\n`;
}
