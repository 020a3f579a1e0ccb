// The chart panels the UI mounts in its tabs: curves (best so far, learning
// curves), params (parallel coordinates, importance, slice), pareto, pbt.
import type { PanelActions } from '../actions';
import type { PanelStore } from '../store';
import './charts.css';
import { CurvesPanel } from './curves';
import type { ChartPanel } from './panel';
import { ParamsPanel } from './params';
import { ParetoPanel } from './pareto';
import { PbtPanel } from './pbt';

export type { ChartPanel } from './panel';
export type ChartKind = 'curves' | 'params' | 'pareto' | 'pbt';

/** A chart panel inside `container`; it starts hidden and draws once made visible. */
export function createChartPanel(kind: ChartKind, container: HTMLElement, store: PanelStore, actions: PanelActions): ChartPanel {
  const root = document.createElement('div');
  root.className = `chart-panel chart-panel-${kind}`;
  root.dataset.chart = kind;
  root.hidden = true;
  container.append(root);
  switch (kind) {
    case 'curves':
      return new CurvesPanel(root, store, actions);
    case 'params':
      return new ParamsPanel(root, store, actions);
    case 'pareto':
      return new ParetoPanel(root, store, actions);
    case 'pbt':
      return new PbtPanel(root, store, actions);
  }
}
