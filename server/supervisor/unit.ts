// What the supervisor keeps alive: anything that can be started, checked and stopped.

export interface Unit {
  readonly name: string;
  /** Brings the unit up; resolves once it answers, throws with the reason when it cannot. */
  start(): Promise<void>;
  /** Undefined while the unit answers; otherwise what is wrong with it. */
  check(): Promise<string | undefined>;
  /** Stops what `start` started; safe to call when it is already down (a hung process is killed). */
  stop(): Promise<void>;
  /** Units that learn at once that they died (a child process exiting) report it here. */
  watchExit?(onExit: (reason: string) => void): void;
  /** Process id, for status, when the unit is a process of ours. */
  pid?(): number | undefined;
}

export type UnitEventKind =
  | 'starting'
  | 'up'
  | 'start-failed'
  | 'check-failed'
  | 'down'
  | 'restart-scheduled'
  | 'crash-loop'
  | 'restart-requested'
  | 'stopped';

export interface UnitEvent {
  unit: string;
  event: UnitEventKind;
  reason?: string;
  delayMs?: number;
  /** Failures in a row (start failures and deaths) since the unit was last stable. */
  failuresInRow?: number;
}
