/** The incisim library API. The CLI is a thin face over these exports. */
export { Simulation } from './kernel/simulation.js';
export type { EventHandler, EventId, RunOptions } from './kernel/simulation.js';
export { RandomStreams, createStream, replicationSeed } from './kernel/rng.js';
export type { Random } from './kernel/rng.js';
export { UserError } from './errors.js';
export { VERSION } from './version.js';
