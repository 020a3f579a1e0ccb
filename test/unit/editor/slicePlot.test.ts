import test from 'node:test';
import assert from 'node:assert/strict';
import type { Distribution } from '../../../src/engine/space';
import { PLOT_HEIGHT, PLOT_WIDTH, slicePlot, svgMarkdownImage } from '../../../src/editor/slicePlot';
import { trial } from './fakes';

const LOSS = { metric: 'val_loss', direction: 'minimize' as const };
const LR: Distribution = { type: 'float', low: 1e-5, high: 1e-1, log: true };

function circles(svg: string): { cx: number; cy: number; best: boolean }[] {
  return [...svg.matchAll(/<circle( class="best")? cx="([-\d.]+)" cy="([-\d.]+)"/g)].map((m) => ({ best: Boolean(m[1]), cx: Number(m[2]), cy: Number(m[3]) }));
}

test('one point per complete trial that set the parameter, the best one marked', () => {
  const trials = [
    trial(0, { lr: 1e-4 }, 0.9),
    trial(1, { lr: 1e-3 }, 0.5),
    trial(2, { lr: 1e-2 }, 0.2),
    trial(3, { lr: 1e-2 }, undefined, 'failed'),
    trial(4, { lr: 3e-2 }, 0.4, 'pruned'),
    trial(5, { other: 1 }, 0.1),
    trial(6, { lr: 5e-2 }, Number.NaN),
  ];
  const svg = slicePlot(LR, 'lr', trials, LOSS, 2)!;
  const points = circles(svg);
  assert.equal(points.length, 3, svg);
  assert.deepEqual(points.map((p) => p.best), [false, false, true]);
  assert.match(svg, new RegExp(`^<svg [^>]*width="${PLOT_WIDTH}" height="${PLOT_HEIGHT}"`));
});

test('a log distribution spaces decades evenly; a larger objective is drawn higher up', () => {
  const svg = slicePlot(LR, 'lr', [trial(0, { lr: 1e-5 }, 1), trial(1, { lr: 1e-3 }, 0.5), trial(2, { lr: 1e-1 }, 0)], LOSS)!;
  const [a, b, c] = circles(svg);
  assert.ok(Math.abs((b.cx - a.cx) - (c.cx - b.cx)) < 0.5, `even decades: ${a.cx} ${b.cx} ${c.cx}`);
  assert.ok(a.cy < b.cy && b.cy < c.cy, `the y axis grows upwards: ${a.cy} ${b.cy} ${c.cy}`);
  for (const p of [a, b, c]) assert.ok(p.cx >= 0 && p.cx <= PLOT_WIDTH && p.cy >= 0 && p.cy <= PLOT_HEIGHT, 'inside the picture');
  assert.match(svg, /\(log\)/);
  const linear = slicePlot({ type: 'float', low: 0, high: 1, log: false }, 'x', [trial(0, { x: 0 }, 1), trial(1, { x: 0.1 }, 1), trial(2, { x: 1 }, 1)], LOSS)!;
  const [l0, l1, l2] = circles(linear);
  assert.ok((l1.cx - l0.cx) * 5 < l2.cx - l1.cx, 'a linear axis keeps 0.1 near 0');
});

test('choices are columns in the order of the annotation', () => {
  const d: Distribution = { type: 'categorical', choices: ['sgd', 'momentum', 'adam'] };
  const trials = [trial(0, { opt: 'adam' }, 0.1), trial(1, { opt: 'sgd' }, 0.3), trial(2, { opt: 'momentum' }, 0.2), trial(3, { opt: 'sgd' }, 0.35)];
  const svg = slicePlot(d, 'opt', trials, LOSS, 0)!;
  const points = circles(svg);
  assert.equal(points.length, 4);
  const x = (n: number): number => points.find((_, i) => [1, 2, 3, 0][i] === n)!.cx; // the best (trial 0) is drawn last
  assert.ok(x(1) < x(2) && x(2) < x(0), 'sgd, then momentum, then adam');
  assert.ok(Math.abs(x(1) - x(3)) < PLOT_WIDTH / 6, 'the same choice shares a column');
  for (const label of ['sgd', 'momentum', 'adam']) assert.match(svg, new RegExp(`>${label}</text>`));
});

test('nothing to draw gives no plot', () => {
  assert.equal(slicePlot(LR, 'lr', [trial(0, { lr: 1e-3 }, undefined, 'running')], LOSS), undefined);
  assert.equal(slicePlot({ type: 'fidelity', low: 1, high: 9 }, 'epochs', [trial(0, { epochs: 9 }, 1)], LOSS), undefined);
});

test('names and values are escaped, and the image is a base64 data URI', () => {
  const svg = slicePlot({ type: 'categorical', choices: ['<a&b>'] }, 'x', [trial(0, { x: '<a&b>' }, 1)], { metric: 'loss"<', direction: 'maximize' })!;
  assert.doesNotMatch(svg.replace(/<\/?(svg|path|text|circle|title)\b[^>]*>/g, ''), /[<>]/);
  const image = svgMarkdownImage(svg);
  const m = /^!\[plot\]\(data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)$/.exec(image);
  assert.ok(m, image.slice(0, 80));
  assert.equal(Buffer.from(m[1], 'base64').toString('utf8'), svg);
});
