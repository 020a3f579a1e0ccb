// The params tab: parallel coordinates with brushing, parameter importance,
// and a slice plot of the objective against a chosen parameter.
import { isBrushActive } from '../../src/panel/viewModel/parallelCoords';
import type { PanelActions } from '../actions';
import type { PanelStore, StoreChange } from '../store';
import { select } from '../ui';
import { renderImportance } from './importance';
import { LazyPanel, section } from './panel';
import { ParallelCoordinates } from './parallel';
import { SlicePlot } from './slice';

export class ParamsPanel extends LazyPanel {
  private readonly parallel: ParallelCoordinates;
  private readonly importanceBox: HTMLElement;
  private readonly slice: SlicePlot;
  private readonly sliceBar: HTMLElement;
  /** The parameter names the slice select was built for. */
  private sliceChoices = '';
  /** The trials changed since the parallel axes were built. */
  private axesStale = true;

  constructor(container: HTMLElement, store: PanelStore, actions: PanelActions) {
    super(container, store);
    const parallelBox = document.createElement('div');
    parallelBox.className = 'canvas-box canvas-box-tall';
    this.parallel = new ParallelCoordinates(parallelBox, store, () => this.theme);
    const hint = document.createElement('p');
    hint.className = 'chart-note';
    hint.textContent = 'Drag along an axis to filter the table; double-click an axis to clear it, elsewhere to clear all.';
    this.importanceBox = document.createElement('div');
    this.importanceBox.className = 'importance';
    this.sliceBar = document.createElement('div');
    this.sliceBar.className = 'chart-toolbar';
    const sliceBox = document.createElement('div');
    sliceBox.className = 'canvas-box';
    this.slice = new SlicePlot(sliceBox, store, actions, () => this.theme);
    const sliceBody = document.createElement('div');
    sliceBody.append(this.sliceBar, sliceBox);
    const parallelBody = document.createElement('div');
    parallelBody.append(parallelBox, hint);
    container.append(section('Parallel coordinates', parallelBody), section('Parameter importance', this.importanceBox), section('Slice', sliceBody));
  }

  override update(change: StoreChange): void {
    if (change.full || change.runChanged || change.trials.size > 0) this.axesStale = true;
    // The brush filters the table even while this tab is hidden: new trials must pass it too.
    if (this.axesStale && isBrushActive(this.store.brush)) {
      this.refreshAxes();
      this.parallel.reapplyBrush();
    }
    super.update(change);
  }

  override dispose(): void {
    this.parallel.dispose();
    this.slice.dispose();
    super.dispose();
  }

  protected render(change: StoreChange): void {
    const run = this.store.run;
    if (change.full || change.runChanged) {
      renderImportance(this.importanceBox, run?.importance);
      this.buildSliceSelect();
    }
    if (this.axesStale) this.refreshAxes();
    if (change.full || change.runChanged || change.trials.size > 0) this.slice.refresh();
    this.parallel.invalidate();
    this.slice.invalidate();
  }

  private refreshAxes(): void {
    this.parallel.refresh();
    this.axesStale = false;
  }

  private buildSliceSelect(): void {
    const names = (this.store.run?.params ?? []).filter((p) => p.kind !== 'fixed').map((p) => p.name);
    const key = names.join('\n');
    if (key === this.sliceChoices) return;
    this.sliceChoices = key;
    // The most important parameter first: the slice worth looking at.
    const first = this.store.run?.importance?.find((i) => names.includes(i.name))?.name ?? names[0];
    if (!this.slice.param || !names.includes(this.slice.param)) this.slice.param = first;
    this.sliceBar.replaceChildren();
    if (names.length === 0) return;
    const label = document.createElement('span');
    label.textContent = 'parameter';
    this.sliceBar.append(
      label,
      select(
        names.map((n) => ({ value: n, label: n })),
        this.slice.param ?? '',
        (value) => {
          this.slice.param = value;
          this.slice.refresh();
        },
      ),
    );
  }
}
