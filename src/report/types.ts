/**
 * A report is plain data: a title, a header of facts, sections of text, tables and Vega-Lite
 * charts, and an appendix (the scenario echoed). `write.ts` turns it into files: a self-contained
 * HTML page, each chart as `.vl.json` (and `.svg`/`.png` when asked), each table as CSV.
 */
import type { TopLevelSpec } from 'vega-lite';

/** One chart: `name` is its file stem (`charts/<name>.vl.json`), unique within a report. */
export interface Chart {
  name: string;
  spec: TopLevelSpec;
}

/** A table of strings (already formatted for people) with a file stem for its CSV. */
export interface Table {
  name: string;
  columns: string[];
  rows: string[][];
}

export interface Section {
  heading: string;
  /** paragraphs of plain text (HTML-escaped when rendered) */
  text?: string[];
  table?: Table;
  charts?: Chart[];
}

export interface Report {
  /** page title, e.g. "default — 10 replications" */
  title: string;
  /** facts shown in the header, in order: scenario, seed, replications, version, run date, wall time… */
  header: [string, string][];
  sections: Section[];
  /** text echoed verbatim at the end (the scenario file) */
  appendix?: { heading: string; text: string };
}

/** Every chart of a report, in page order. */
export function reportCharts(report: Report): Chart[] {
  return report.sections.flatMap((s) => s.charts ?? []);
}

/** Every table of a report, in page order. */
export function reportTables(report: Report): Table[] {
  return report.sections.flatMap((s) => (s.table ? [s.table] : []));
}
