/**
 * The test-companion state of one server: clock settings per database, fault rules and the
 * journal. All of it is plain serializable data (`ControlState`) owned by the server object, not
 * module globals, so that two servers in one process are independent and a pool of worker
 * threads could be handed the same state.
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
  return { clocks: {}, faults: { next_id: 1, rules: [] }, journal: { next_id: 1, entries: [], limit: journalLimit } };
}

export class Control {
  readonly clock: ServerClock;
  readonly faults: FaultBook;
  readonly journal: Journal;

  constructor(readonly state: ControlState = emptyControlState()) {
    this.clock = new ServerClock(state.clocks);
    this.faults = new FaultBook(state.faults);
    this.journal = new Journal(state.journal);
  }
}
