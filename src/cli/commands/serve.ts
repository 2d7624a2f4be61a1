import type { Argv, CommandModule } from 'yargs';
import { UserError, show } from '../../errors.js';
import { DURATION_FORMS, formatDuration, parseDuration } from '../../kernel/duration.js';
import { ROLES, type Role } from '../../serve/inputs.js';
import { Journal } from '../../serve/journal.js';

interface ServeArgs {
  scenario?: string;
  db: string;
  port: number;
  host: string;
  clock?: string;
  rate: number;
  bodyLimit: number;
  snapshotEvery: number;
  retain: string;
  shadow?: string;
  profile?: string;
  mapping?: string;
  tz?: string;
  out?: string;
}

interface TokenArgs {
  action: string;
  role: string;
  db: string;
  engineer?: string;
  label?: string;
}

const tokenCommand: CommandModule<object, TokenArgs> = {
  command: 'token <action>',
  describe: 'make a bearer token for the service (printed alone on the last line; only its hash is stored)',
  builder: (y) =>
    y
      .positional('action', { type: 'string', choices: ['create'], demandOption: true })
      .option('role', { type: 'string', choices: [...ROLES], demandOption: true, describe: 'admin: everything; dispatcher: intake and actions on any incident; responder: their own incidents and presence; viewer: read-only, engineers pseudonymised' })
      .option('db', { type: 'string', demandOption: true, describe: 'the service database (SQLite)' })
      .option('engineer', { type: 'string', describe: "a responder's engineer id (required for --role responder)" })
      .option('label', { type: 'string', describe: 'a note stored with the token (who holds it)' }) as never,
  handler: (args) => {
    const role = args.role as Role;
    if (role === 'responder' && args.engineer === undefined) throw new UserError('--engineer: missing; a responder token acts for one engineer (e.g. --engineer network-01)');
    if (role !== 'responder' && args.engineer !== undefined) throw new UserError(`--engineer: only responder tokens act for an engineer; this is a ${role} token`);
    const j = new Journal(args.db);
    try {
      const token = j.createToken(role, args.engineer, args.label);
      process.stdout.write(`${role} token for ${args.db}${args.engineer ? ` (engineer ${args.engineer})` : ''}; store it now, it is not shown again:\n${token}\n`);
    } finally {
      j.db.close();
    }
  },
};

/**
 * `incisim serve SCENARIO --db FILE --port N`: the scenario's teams, schedules, routing and
 * escalation as a live HTTP service (src/serve/). `incisim serve token create` makes tokens;
 * `--shadow HISTORY` feeds a recorded ticket stream through the same service logic in virtual
 * time and reports its decisions against what happened.
 */
export const serveCommand: CommandModule<object, ServeArgs> = {
  command: 'serve [scenario]',
  describe: 'run the assignment engine and escalation policies live: webhook intake, journal, roles, dashboard',
  builder: (y: Argv) =>
    y
      .command(tokenCommand)
      .positional('scenario', { type: 'string', describe: 'the scenario whose teams, schedules, routing and escalation are the live configuration' })
      .option('db', { type: 'string', describe: 'SQLite database holding the journal, tokens and outbox (created if missing)' })
      .option('port', { type: 'number', default: 8080, describe: 'TCP port (0: any free port)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on' })
      .option('clock', { type: 'string', describe: 'service clock: an offset such as +2h / -1d, or an ISO-8601 instant to start a virtual clock at (default: the real clock)' })
      .option('rate', { type: 'number', default: 1, describe: 'how fast the clock runs (0: it stands still and moves only by POST /v1/clock)' })
      .option('body-limit', { type: 'number', default: 1048576, describe: 'largest request body, bytes' })
      .option('snapshot-every', { type: 'number', default: 10000, describe: 'write a snapshot of the state every N journal entries (and on a clean stop); a restart replays at most N entries (0: only on a clean stop)' })
      .option('retain', { type: 'string', default: '7d', describe: 'resolved incidents and audit entries older than this leave memory (the database keeps them: GET /v1/incidents/ID and /v1/audit still answer)' })
      .option('shadow', { type: 'string', describe: 'a ticket export (.csv, .csv.gz, or incisim import --out .jsonl): replay it through the service logic in virtual time and report decisions against what happened' })
      .option('profile', { type: 'string', describe: 'import profile for --shadow (see incisim import)' })
      .option('mapping', { type: 'string', describe: 'import column mapping for --shadow (see incisim import)' })
      .option('tz', { type: 'string', describe: 'time zone of the export for --shadow' })
      .option('out', { type: 'string', describe: 'with --shadow: write the per-incident comparison as JSON lines here' })
      .example('$0 serve token create --role admin --db live.db', 'make an admin token')
      .example('$0 serve scenarios/default.yaml --db live.db --port 8080', 'serve the default scenario')
      .example('$0 serve scenarios/default.yaml --db drill.db --clock 2026-10-05T09:00:00+01:00 --rate 0', 'a drill in virtual time') as never,
  handler: async (args) => {
    if (args.scenario === undefined) throw new UserError('serve: name a scenario (incisim serve SCENARIO --db FILE --port N) or use incisim serve token create');
    if (args.shadow !== undefined) {
      const { shadow } = await import('../../serve/shadow.js');
      await shadow({ scenario: args.scenario, history: args.shadow, profile: args.profile, mapping: args.mapping, tz: args.tz, out: args.out });
      return;
    }
    if (args.db === undefined) throw new UserError('--db: missing; expected the SQLite file that holds the journal (created if missing)');
    if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) throw new UserError(`--port: ${args.port} is not a port number (0–65535)`);
    if (!(args.bodyLimit > 0)) throw new UserError(`--body-limit: ${args.bodyLimit} is not a number of bytes > 0`);
    const retainMin = parseDuration(args.retain, '--retain');
    if (!(retainMin > 0)) throw new UserError(`--retain: ${show(args.retain)} is not a duration > 0; expected ${DURATION_FORMS}`);
    const { Service } = await import('../../serve/service.js');
    const { buildServer } = await import('../../serve/server.js');
    const { Deliveries } = await import('../../serve/webhooks.js');
    const service = new Service({ scenario: args.scenario, db: args.db, clock: args.clock, rate: args.rate, snapshotEvery: args.snapshotEvery, retainMs: retainMin * 60000 });
    const deliveries = new Deliveries(service.journal, service.salt);
    service.onDeliveries = () => deliveries.kick();
    deliveries.kick();
    const app = await buildServer(service, { bodyLimit: args.bodyLimit });
    let address: string;
    try {
      address = await app.listen({ port: args.port, host: args.host });
    } catch (e) {
      service.close();
      throw new UserError(`--port: cannot listen on ${args.host}:${args.port} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    // The stop handlers go in before the first line is printed: whoever waits for that line may
    // signal at once, and a SIGTERM before a handler exists ends the process without its snapshot.
    const stopped = new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        deliveries.stop();
        void app.close().finally(() => {
          service.close();
          resolve();
        });
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    const r = service.replay;
    process.stdout.write(`incisim serve: ${service.cfg.scenario.name} (${service.cfg.model.engineers.length} engineers in ${service.cfg.model.teams.length} teams) on ${address}\n`);
    if (r.warning !== undefined) process.stderr.write(`incisim serve: warning: ${r.warning}\n`);
    const restored = r.snapshot > 0 ? `restored snapshot at entry ${r.snapshot}, replayed ${r.entries} entries after it` : `${r.entries} entries replayed`;
    process.stdout.write(`journal ${args.db}: ${restored} in ${r.ms.toFixed(0)} ms; clock ${new Date(service.clock.now()).toISOString()}${service.clock.virtual ? ` (virtual, rate ${args.rate})` : ''}\n`);
    process.stdout.write(`snapshots every ${args.snapshotEvery > 0 ? `${args.snapshotEvery} entries and ` : ''}on a clean stop; resolved incidents leave memory after ${formatDuration(retainMin)}\n`);
    await stopped;
  },
};
