#!/usr/bin/env node
/**
 * Writes a synthetic `incisim assign` event stream for scenarios/assign/roster.json on stdout:
 * N events, alternating "open" (a P3 general ticket at the service desk) and, eight tickets
 * later, its "resolve", so the engine's state stays bounded and every open gets one decision.
 *
 *   node scripts/assign-stream.js 1000000 > /tmp/events.jsonl
 *
 * Also exported as `assignStream(n)` (an array of lines) for tests.
 */
import { pathToFileURL } from 'node:url';

/** The lines of an n-event stream (without line ends). */
export function* assignLines(n) {
  const lag = 8;
  let opened = 0;
  let resolved = 0;
  for (let k = 0; k < n; k++) {
    const at = k;
    if (opened - resolved >= lag || (k % 2 === 1 && opened > resolved)) {
      resolved++;
      yield `{"type":"resolve","at":${at},"incident":"INC-${resolved}"}`;
    } else {
      opened++;
      yield `{"type":"open","at":${at},"id":"INC-${opened}","priority":"P3","team":"service-desk","skills":["general"],"effortHours":0.5}`;
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = Number(process.argv[2] ?? 1000);
  let block = '';
  for (const line of assignLines(n)) {
    block += line + '\n';
    if (block.length > 1 << 16) {
      if (!process.stdout.write(block)) await new Promise((r) => process.stdout.once('drain', r));
      block = '';
    }
  }
  process.stdout.write(block);
}
