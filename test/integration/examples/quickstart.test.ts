// The quickstart example (examples/quickstart): a real training run with Node
// alone, reporting per-epoch metrics the way the trial contract says.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { reportFromJson } from '../../../src/executors/metrics';
import { cleanEnv, describe, metricLines, repoRoot, run, scratch } from './support';

const root = repoRoot();
const quickstart = path.join(root, 'examples', 'quickstart');
const trainJs = path.join(quickstart, 'train.js');
const defaultConfig = readFileSync(path.join(quickstart, 'config.yaml'), 'utf8');

interface EpochMetrics {
  step: number;
  val_loss: number;
  val_acc: number;
}

/** Each metrics line as the tuner's own parser reads it. */
function parseMetrics(lines: string[]): EpochMetrics[] {
  return lines.map((line) => {
    const r = reportFromJson(line);
    assert.ok(r, `metrics line is not a report the tuner reads: ${line}`);
    assert.ok(r.step !== undefined && 'val_loss' in r.metrics && 'val_acc' in r.metrics, `missing step/val_loss/val_acc: ${line}`);
    return { step: r.step, val_loss: r.metrics.val_loss, val_acc: r.metrics.val_acc };
  });
}

/** The default config with some `key: value` lines' values replaced, layout kept. */
function withValues(values: Record<string, string>): string {
  let text = defaultConfig;
  for (const [key, value] of Object.entries(values)) {
    const re = new RegExp(`^(\\s*${key}:\\s*)(\\S+)`, 'm');
    assert.match(text, re, `config.yaml has no "${key}:" line`);
    text = text.replace(re, `$1${value}`);
  }
  return text;
}

/** Runs train.js on a config text; returns the process and its parsed metrics. */
async function trainOn(configText: string, extraEnv: Record<string, string> = {}) {
  const box = scratch();
  try {
    const config = box.file('config.yaml');
    writeFileSync(config, configText);
    const metricsFile = box.file('metrics.jsonl');
    const result = await run(process.execPath, [trainJs, '--config', config], {
      cwd: quickstart,
      env: cleanEnv({ HYPERLENS_METRICS_FILE: metricsFile, ...extraEnv }),
    });
    return { result, lines: metricLines(metricsFile) };
  } finally {
    box.cleanup();
  }
}

// The file's own values are a deliberately middling start (tuning should beat
// them); this is the well-tuned configuration the tests compare against.
const goodValues = { hidden: '32', name: 'adam', lr: '0.01' };

test('a good config reports one finite, improving val_loss line per epoch within 10 s', async () => {
  const box = scratch();
  try {
    const metricsFile = box.file('metrics.jsonl');
    const configFile = box.file('config.yaml');
    writeFileSync(configFile, withValues(goodValues));
    const result = await run(process.execPath, ['examples/quickstart/train.js', '--config', configFile], {
      cwd: root,
      env: cleanEnv({ HYPERLENS_METRICS_FILE: metricsFile }),
    });
    assert.equal(result.code, 0, describe(result));
    assert.ok(result.seconds < 10, `a trial took ${result.seconds.toFixed(1)} s`);

    const epochs = Number(/^epochs:\s*(\d+)/m.exec(defaultConfig)?.[1]);
    assert.ok(epochs >= 2, 'config.yaml sets epochs');
    const metrics = parseMetrics(metricLines(metricsFile));
    assert.deepEqual(metrics.map((m) => m.step), Array.from({ length: epochs }, (_, i) => i + 1));
    for (const m of metrics) {
      assert.ok(Number.isFinite(m.val_loss) && m.val_loss >= 0, `epoch ${m.step}: val_loss ${m.val_loss}`);
      assert.ok(m.val_acc >= 0 && m.val_acc <= 1, `epoch ${m.step}: val_acc ${m.val_acc}`);
    }
    const first = metrics[0].val_loss;
    const last = metrics[metrics.length - 1].val_loss;
    assert.ok(last < first * 0.5, `val_loss should fall well below its first value: ${first} -> ${last}`);
    // The human-readable line per epoch goes to stdout as well.
    assert.equal(result.stdout.match(/^epoch\s+\d+\/\d+ .*val_loss/gm)?.length, epochs, result.stdout);
  } finally {
    box.cleanup();
  }
});

test('a good config beats a deliberately bad one (sgd, lr 1e-4, 2 epochs) on val_loss', async () => {
  const [good, bad] = await Promise.all([
    trainOn(withValues(goodValues)),
    trainOn(withValues({ name: 'sgd', lr: '1e-4', epochs: '2' })),
  ]);
  assert.equal(good.result.code, 0, describe(good.result));
  assert.equal(bad.result.code, 0, describe(bad.result));
  const goodLoss = parseMetrics(good.lines).at(-1)!.val_loss;
  const badMetrics = parseMetrics(bad.lines);
  assert.equal(badMetrics.length, 2);
  const badLoss = badMetrics.at(-1)!.val_loss;
  assert.ok(goodLoss + 0.5 < badLoss, `good val_loss ${goodLoss} should be far below bad ${badLoss}`);
});

test('values rendered in other number spellings and quoted strings are read', async () => {
  const { result, lines } = await trainOn(
    withValues({ lr: '3.1622776601683794e-3', weight_decay: '1.0e-05', name: "'momentum'", hidden: '8', epochs: '3' }),
  );
  assert.equal(result.code, 0, describe(result));
  assert.match(result.stdout, /MLP 2x8 with momentum \(lr 0\.0031622776601683794, weight_decay 0\.00001\)/);
  assert.equal(lines.length, 3);
});

test('a bad config exits 2 with a message that names the field', async () => {
  const { result, lines } = await trainOn(withValues({ name: 'rmsprop' }));
  assert.equal(result.code, 2, describe(result));
  assert.match(result.stderr, /optimizer\.name must be one of sgd, momentum, adam, got "rmsprop"/);
  assert.deepEqual(lines, []);

  const negative = await trainOn(withValues({ lr: '-0.1' }));
  assert.equal(negative.result.code, 2, describe(negative.result));
  assert.match(negative.result.stderr, /optimizer\.lr must be a positive number/);
});

test('a diverged run reports val_loss NaN, stops and exits 0', async () => {
  const { result, lines } = await trainOn(withValues({ name: 'sgd', lr: '1e300' }));
  assert.equal(result.code, 0, describe(result));
  assert.equal(lines.length, 1, `training should stop at the first NaN epoch: ${lines.join('\n')}`);
  assert.match(lines[0], /"val_loss": NaN/);
  assert.ok(Number.isNaN(parseMetrics(lines)[0].val_loss));
  assert.match(result.stdout, /diverged at epoch 1/);
});

test('training stops after the current epoch once the stop file exists', async () => {
  const box = scratch();
  try {
    const stopFile = box.file('STOP');
    writeFileSync(stopFile, '');
    const { result, lines } = await trainOn(defaultConfig, { HYPERLENS_STOP_FILE: stopFile });
    assert.equal(result.code, 0, describe(result));
    assert.equal(lines.length, 1);
    assert.match(result.stdout, /stop requested after epoch 1/);
  } finally {
    box.cleanup();
  }
});

test('run by hand without HYPERLENS_METRICS_FILE it only prints', async () => {
  const box = scratch();
  try {
    const config = box.file('config.yaml');
    writeFileSync(config, withValues({ epochs: '2' }));
    const result = await run(process.execPath, [trainJs, '--config', config], { cwd: box.dir, env: cleanEnv() });
    assert.equal(result.code, 0, describe(result));
    assert.equal(result.stdout.match(/^epoch\s+\d+\/2 /gm)?.length, 2, result.stdout);
  } finally {
    box.cleanup();
  }
});

test('the YAML reader reads nested scalars and ignores comments', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { parseYaml } = require(path.join(quickstart, 'yaml.js')) as { parseYaml(text: string): unknown };
  const parsed = parseYaml(
    [
      '# a comment',
      'model:',
      '  hidden: 16   # @tune int(4, 64, log)',
      'optimizer:',
      "  name: 'adam'",
      '  lr: 3.1622776601683794e-4',
      '  weight_decay: 1.0e-05',
      '  note: "a # not a comment"',
      '  nested:',
      '    deep: true',
      'epochs: 20',
      'label: plain words',
      '',
    ].join('\n'),
  );
  assert.deepEqual(parsed, {
    model: { hidden: 16 },
    optimizer: { name: 'adam', lr: 0.00031622776601683794, weight_decay: 0.00001, note: 'a # not a comment', nested: { deep: true } },
    epochs: 20,
    label: 'plain words',
  });
  assert.throws(() => parseYaml('items:\n  - 1\n'), /line 2: lists are not supported/);
  assert.throws(() => parseYaml('a: 1\n   b: 2\n'), /line 2: indentation/);
});
