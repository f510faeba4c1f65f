/**
 * The test-companion state of one server: clock settings per database, fault rules and the
 * journal. All of it is plain serializable data (`ControlState`) owned by the server object, not
 * module globals, so that two servers in one process are independent; the processes of a worker
 * pool share theirs through files instead (server/control/shared.ts).
 */
import { ServerClock, type ClockSettings } from '../../models/tools/clock';
import { FaultBook, type FaultState } from './faults';
import { Journal, type JournalState } from './journal';

export interface ControlState {
  clocks: ClockSettings;
  faults: FaultState;
  journal: JournalState;
}

export function emptyControlState(journalLimit = 10000): ControlState {
  return { clocks: {}, faults: { next_id: 1, rules: [] }, journal: { next_id: 1, entries: [], first: 0, limit: journalLimit } };
}

export class Control {
  readonly clock: ServerClock;
  readonly faults: FaultBook;
  readonly journal: Journal;
  /** Bring the state up to date with other processes (worker pools: server/control/shared.ts). */
  readonly sync: () => void;

  constructor(readonly state: ControlState = emptyControlState(), parts?: { clock: ServerClock; faults: FaultBook; journal: Journal; sync: () => void }) {
    this.clock = parts?.clock ?? new ServerClock(state.clocks);
    this.faults = parts?.faults ?? new FaultBook(state.faults);
    this.journal = parts?.journal ?? new Journal(state.journal);
    this.sync = parts?.sync ?? (() => undefined);
  }
}
