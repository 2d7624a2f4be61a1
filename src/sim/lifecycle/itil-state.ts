/**
 * What the ITIL-depth stages (#19) keep per open incident, beside the lifecycle's own state:
 * drawn at arrival (closure code, reopen, cause) or set when the Inc is a problem record, and the
 * record's ITIL fields.
 */
export interface ItilInc {
  /** closure code drawn at arrival, put on the record at the final resolution */
  closureCode: string | undefined;
  /** the class stream's reopen draws (reopen.ts): uniform, delay and work of the first reopen */
  reopen: { u: number; after: number; work: number } | undefined;
  /** index of the problem cause that produced it */
  cause: number;
  /** when this Inc is a problem record (problems.ts): its cause's index; otherwise −1 */
  problem: number;
  /** the current chain of status updates (comms.ts); an older chain's event is stale */
  commsToken: number;
  // the record's ITIL fields (IncidentRecord), read through the incident's accessors
  misclassified: boolean;
  knownError: boolean;
  reopens: number;
  firstResolvedAt: number | undefined;
  reopenedAt: number | undefined;
  /** the id of the problem cause that produced it (the record's `cause`) */
  causeId: string | undefined;
  recurrence: boolean;
  commsAssigneeMinutes: number;
  commsLeadMinutes: number;
}

/** A fresh per-incident ITIL state (no closure code, reopen, cause or problem). */
export function newItil(): ItilInc {
  return {
    closureCode: undefined, reopen: undefined, cause: -1, problem: -1, commsToken: 0,
    misclassified: false, knownError: false, reopens: 0, firstResolvedAt: undefined, reopenedAt: undefined, causeId: undefined, recurrence: false,
    commsAssigneeMinutes: 0, commsLeadMinutes: 0,
  };
}
