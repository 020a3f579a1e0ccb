// The side panel's entry: one store fed by the host's validated messages, a
// render once a frame at most (timed for the benchmark), and the person's
// view choices kept across reloads with VS Code's webview state.
import './panel.css';
import { parseHostMessage } from '../src/panel/protocol';
import { mergeChanges } from '../src/panel/viewModel/changes';
import { parseViewPrefs } from '../src/panel/viewModel/viewPrefs';
import type { PanelActions } from './actions';
import { PanelApp } from './app';
import { PanelStore, type StoreChange } from './store';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const store = new PanelStore();
const prefs = parseViewPrefs(vscode.getState());

/** The host reads a trial's logs for its detail: holding the arrow key down asks once, for the trial it stops on. */
const DETAIL_REQUEST_DELAY_MS = 120;
let detailRequest: ReturnType<typeof setTimeout> | undefined;
const actions: PanelActions = {
  post: (message) => vscode.postMessage(message),
  selectTrial(trial) {
    store.select(trial);
    clearTimeout(detailRequest);
    const run = store.run;
    if (!run || trial === undefined) return;
    detailRequest = setTimeout(() => {
      if (store.run?.id === run.id && store.selected === trial) vscode.postMessage({ type: 'selectTrial', runId: run.id, trial });
    }, DETAIL_REQUEST_DELAY_MS);
  },
};

const root = document.getElementById('root') ?? document.body.appendChild(document.createElement('div'));
const app = new PanelApp(root, store, actions, prefs, () => vscode.setState(prefs));

let pending: StoreChange | undefined;
let frame = 0;
store.subscribe((change) => {
  pending = mergeChanges(pending, change);
  if (!frame) frame = requestAnimationFrame(renderPass);
});

function renderPass(): void {
  frame = 0;
  const change = pending;
  pending = undefined;
  if (!change) return;
  performance.mark('hyperlens-render-start');
  app.render(change);
  performance.measure('hyperlens-render', 'hyperlens-render-start');
  if (store.seq !== undefined) document.body.dataset.renderedSeq = String(store.seq);
  document.body.dataset.trials = String(store.trials.length);
}

/** Set after a gap until the snapshot asked for comes, so a burst of updates asks once. */
let snapshotRequested = false;
window.addEventListener('message', (event: MessageEvent) => {
  const parsed = parseHostMessage(event.data);
  if (!parsed.ok) {
    console.warn(`Hyperlens panel: ignored a message: ${parsed.error}`);
    app.showError(`Ignored a message the panel cannot read (${parsed.error}).`);
    return;
  }
  const message = parsed.message;
  if (message.type === 'error') {
    app.showError(message.message);
    return;
  }
  if (message.type === 'snapshot') snapshotRequested = false;
  if (store.apply(message) === 'gap' && !snapshotRequested) {
    snapshotRequested = true;
    vscode.postMessage({ type: 'requestSnapshot' });
  }
});

setInterval(() => app.tick(), 1000);
vscode.postMessage({ type: 'ready' });
