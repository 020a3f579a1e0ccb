import test from 'node:test';
import assert from 'node:assert/strict';
import { type AnnotationError, type HostLanguage, type ParsedConfig, formatAnnotationError, parseConfig, runProblems } from '../../../src/annotations';
import { type QuickFix, type TextEdit, quickFixes } from '../../../src/editor/quickFixModel';

const FILE_OF: Record<HostLanguage, string> = { yaml: 'c.yaml', toml: 'c.toml', json: 'c.jsonc', python: 'c.py', env: '.env', ini: 'c.ini' };

function apply(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.text + out.slice(e.span.end);
  return out;
}

function problems(parsed: ParsedConfig): AnnotationError[] {
  return [...parsed.errors, ...runProblems(parsed)];
}

/** The one problem of `text` matching `field`, its fixes, and the parsed file. */
function fixesFor(text: string, file: string, match: (e: AnnotationError) => boolean): { parsed: ParsedConfig; error: AnnotationError; fixes: QuickFix[] } {
  const parsed = parseConfig(text, file);
  const error = problems(parsed).find(match);
  assert.ok(error, `no matching problem in: ${problems(parsed).map(formatAnnotationError).join(' | ')}`);
  return { parsed, error, fixes: quickFixes(parsed, error) };
}

function fixed(text: string, fix: QuickFix, file: string): ParsedConfig {
  return parseConfig(apply(text, fix.edits), file);
}

const DIRECTIVES = '# @tune.command python t.py\n# @tune.objective loss min\n';

test('swapping reversed bounds fixes int(64, 4, log)', () => {
  const text = `${DIRECTIVES}width: 16  # @tune int(64, 4, log)\n`;
  const { fixes } = fixesFor(text, 'c.yaml', (e) => e.field === 'bounds');
  assert.equal(fixes.length, 1);
  assert.equal(fixes[0].isPreferred, true);
  assert.equal(fixes[0].title, 'Swap the bounds: int(4, 64, log)');
  const after = apply(text, fixes[0].edits);
  assert.match(after, /# @tune int\(4, 64, log\)/);
  const parsed = parseConfig(after, 'c.yaml');
  assert.deepEqual(problems(parsed).map(formatAnnotationError), []);
  assert.deepEqual(parsed.values[0].distribution, { type: 'int', low: 4, high: 64, log: true, step: 1 });
});

test('equal bounds get no swap', () => {
  const { fixes } = fixesFor(`${DIRECTIVES}n: 5  # @tune int(5, 5)\n`, 'c.yaml', (e) => e.field === 'bounds');
  assert.deepEqual(fixes, []);
});

test('a log scale with low <= 0: dropping log (preferred) or raising low both parse clean', () => {
  for (const annotation of ['float(0, 1, log)', 'float(0, 1, log=true)', 'float(0, 1, log, step=0.1)']) {
    const text = `${DIRECTIVES}lr: 0.5  # @tune ${annotation}\n`;
    const { fixes } = fixesFor(text, 'c.yaml', (e) => e.field === 'log');
    assert.equal(fixes[0].title.startsWith('Drop log'), true);
    assert.equal(fixes[0].isPreferred, true);
    const dropped = fixed(text, fixes[0], 'c.yaml');
    assert.equal(dropped.errors.length, 0, `${annotation}: ${dropped.errors.map(formatAnnotationError).join(' | ')}`);
    assert.equal(dropped.values[0].distribution.type === 'float' && dropped.values[0].distribution.log, false);
  }
  const text = `${DIRECTIVES}lr: 0.5  # @tune float(0, 1, log)\n`;
  const { fixes } = fixesFor(text, 'c.yaml', (e) => e.field === 'log');
  const raised = fixed(text, fixes[1], 'c.yaml');
  assert.deepEqual(raised.errors, []);
  assert.deepEqual(raised.values[0].distribution, { type: 'float', low: 0.001, high: 1, log: true });
  const int = `${DIRECTIVES}n: 8  # @tune int(0, 64, log)\n`;
  const intFix = fixesFor(int, 'c.yaml', (e) => e.field === 'log').fixes[1];
  assert.deepEqual(fixed(int, intFix, 'c.yaml').values[0].distribution, { type: 'int', low: 1, high: 64, log: true, step: 1 });
});

test('a misspelt distribution or directive is corrected to the suggestion', () => {
  const typo = `${DIRECTIVES}lr: 0.5  # @tune flaot(0, 1)\n`;
  const { fixes } = fixesFor(typo, 'c.yaml', (e) => e.field === 'distribution');
  assert.deepEqual(fixed(typo, fixes[0], 'c.yaml').errors, []);
  const directive = `${DIRECTIVES}# @tune.trails 10\nlr: 0.5  # @tune float(0, 1)\n`;
  const d = fixesFor(directive, 'c.yaml', (e) => e.field === 'directive');
  const after = fixed(directive, d.fixes[0], 'c.yaml');
  assert.deepEqual(after.errors, []);
  assert.equal(after.directives.trials, 10);
});

const SAMPLES: Record<HostLanguage, string> = {
  yaml: 'lr: 0.5  # @tune float(0, 1)\n',
  toml: 'lr = 0.5  # @tune float(0, 1)\n',
  json: '{\n  "lr": 0.5 // @tune float(0, 1)\n}\n',
  python: 'lr = 0.5  # @tune float(0, 1)\n',
  env: 'LR=0.5  # @tune float(0, 1)\n',
  ini: '[opt]\nlr = 0.5  # @tune float(0, 1)\n',
};

test('adding the missing command and objective leaves no run problem, in every host language', () => {
  for (const [language, sample] of Object.entries(SAMPLES) as [HostLanguage, string][]) {
    const file = FILE_OF[language];
    for (const eol of ['\n', '\r\n']) {
      let text = sample.replace(/\n/g, eol);
      for (const field of ['command', 'objective']) {
        const { fixes } = fixesFor(text, file, (e) => e.field === field && !e.span);
        assert.equal(fixes.length, 1, `${language}: one fix for the missing ${field}`);
        assert.equal(fixes[0].isPreferred, true);
        text = apply(text, fixes[0].edits);
      }
      const parsed = parseConfig(text, file);
      assert.deepEqual(problems(parsed).map(formatAnnotationError), [], `${language}:\n${text}`);
      assert.equal(parsed.directives.command, 'python train.py --config {config}');
      assert.deepEqual(parsed.directives.objectives, [{ metric: 'val_loss', direction: 'minimize' }]);
      assert.equal(parsed.values.length, 1, `${language}: the value still parses`);
      if (eol === '\r\n') assert.doesNotMatch(text, /(^|[^\r])\n/, `${language}: no bare \\n in a CRLF file`);
      if (language === 'json') assert.match(text, /\/\/ @tune\.objective/);
      else assert.match(text, /# @tune\.objective/);
    }
  }
});

test('the objective goes right after the command line, with its indentation and marker', () => {
  const text = '{\n  // @tune.command node t.js\n  // @tune.trials 4\n  "lr": 0.5 // @tune float(0, 1)\n}\n';
  const { fixes } = fixesFor(text, 'c.jsonc', (e) => e.field === 'objective');
  assert.equal(apply(text, fixes[0].edits), '{\n  // @tune.command node t.js\n  // @tune.objective val_loss min\n  // @tune.trials 4\n  "lr": 0.5 // @tune float(0, 1)\n}\n');
});

test('the objective names a declared metric, maximising accuracy-like ones', () => {
  const text = '# @tune.command node t.js\n# @tune.metric accuracy /acc=([\\d.]+)/\n# @tune.metric loss /loss=([\\d.]+)/\nlr: 0.5  # @tune float(0, 1)\n';
  const { fixes } = fixesFor(text, 'c.yaml', (e) => e.field === 'objective');
  assert.deepEqual(fixes.map((f) => f.title), ['Add @tune.objective accuracy max', 'Add @tune.objective loss min']);
  assert.deepEqual(fixed(text, fixes[0], 'c.yaml').directives.objectives, [{ metric: 'accuracy', direction: 'maximize' }]);
});

test('a directive added to a script goes below its #! line', () => {
  const text = '#!/usr/bin/env python\nlr = 0.5  # @tune float(0, 1)\n';
  const { fixes } = fixesFor(text, 'c.py', (e) => e.field === 'command');
  assert.equal(apply(text, fixes[0].edits), '#!/usr/bin/env python\n# @tune.command python train.py --config {config}\nlr = 0.5  # @tune float(0, 1)\n');
});

test('a directive inside a YAML block scalar is not taken as where directives live', () => {
  const text = 'text: |\n  # @tune.trials 3\nlr: 0.5  # @tune float(0, 1)\n';
  const { fixes } = fixesFor(text, 'c.yaml', (e) => e.field === 'command');
  assert.equal(apply(text, fixes[0].edits).startsWith('# @tune.command'), true);
});

test('problems without a mechanical fix get none', () => {
  const { fixes } = fixesFor(`${DIRECTIVES}lr: 5  # @tune float(0, 1)\n`, 'c.yaml', (e) => e.field === 'value');
  assert.deepEqual(fixes, []);
});
