// What a component may do besides reading the store: talk to the host
// (every message typed by the protocol) and change the selection.
import type { WebviewMessage } from '../src/panel/protocol';

export interface PanelActions {
  /** Sends a message to the host (validated there). */
  post(message: WebviewMessage): void;
  /** Selects a trial (the table highlights it, the detail pane shows it, the host is asked for its detail). */
  selectTrial(trial: number | undefined): void;
}
