// End to end, one code-server session for all: a run started from the CLI
// shows live in the Runs view and the lens, the hover over a value, a quick
// fix, Hyperlens: Open Run, and the editor and Runs view in a light and a dark
// theme. Screenshots land in test-output/e2e/views-*.png.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeRow, RUNS_VIEW, sharedSession } from './sharedSession';
import { bestOfRun, lineOf, type Best } from './workspaceFiles';
import { Session, type TreeRow } from './harness';
import { REPO } from './prerequisites';

const CLI = path.join(REPO, 'bin', 'hyperlens.js');
const LIGHT = 'Default Light Modern';
const DARK = 'Default Dark Modern';

/** 3 trials and a fixed seed: the CLI run takes seconds and always finds the same best. */
function quickstart(workspace: string): void {
  const file = path.join(workspace, 'config.yaml');
  const text = fs.readFileSync(file, 'utf8');
  const from = /^# @tune\.trials 20$/m;
  assert.match(text, from, `examples/quickstart/config.yaml changed: no match for ${from}`);
  fs.writeFileSync(file, text.replace(from, '# @tune.trials 3\n# @tune.seed 7'));
}

/** The lr: value as the file on disk has it (`0.01`). */
function lrValue(s: Session): string {
  return /lr:\s*([^\s#]+)/.exec(lineOf(path.join(s.workspace, 'config.yaml'), 'lr:').text)![1];
}

/** `x` and `y` agree to `digits` significant digits (the editor rounds what it shows). */
function close(x: number, y: number, digits = 4): boolean {
  return Math.abs(x - y) <= Math.abs(y) * 10 ** -digits;
}

interface CliRun {
  runId: string;
  best: Best;
}

describe('Runs view, hover, quick fix, Open Run and themes (one code-server session)', () => {
  const { session, step } = sharedSession('views.e2e', {
      name: 'views',
      trust: 'trusted',
      prepareWorkspace: quickstart,
      // Light first (code-server's default is dark); hovers on, as a person has them.
      settings: { 'workbench.colorTheme': LIGHT, 'editor.hover.enabled': true, 'editor.hover.delay': 300 },
  });
  let run: CliRun | undefined;

  /**
   * The finished CLI run of the first test; if that test failed before its
   * run finished, one is made now (synchronously) so the later tests still
   * say something about their own feature.
   */
  function cliRun(): CliRun {
    if (run) return run;
    const r = spawnSync(process.execPath, [CLI, 'tune', 'config.yaml', '--trials', '3'], { cwd: session().workspace, encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, `the fallback CLI run failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
    const runId = /^Run (\S+)/m.exec(r.stdout)?.[1];
    assert.ok(runId, `no "Run <id>" line in the CLI's output:\n${r.stdout}`);
    return (run = { runId, best: bestOfRun(runId, session().workspace) });
  }


  test('a run started from the CLI appears in the Runs view and the lens, and finishes there, without a reload', { timeout: 240_000 }, async () => {
    await step('cli-run', async (s) => {
      await s.openFile('config.yaml');
      await s.waitForCodeLens('▶ Tune 5 params · 0 runs', undefined, { timeoutMs: 60_000 });
      await s.openViewContainer('Hyperlens');
      // Before the run: the view is there (its welcome text, or the file with no runs yet).
      await s.waitFor(`the ${RUNS_VIEW} view`, async () => (await s.page.locator(`.part.sidebar [role="tree"][aria-label="${RUNS_VIEW}"], .part.sidebar .welcome-view-content`).count()) > 0, { timeoutMs: 30_000 });

      // The CLI, outside the editor: no shell, cwd the workspace copy.
      const child = spawn(process.execPath, [CLI, 'tune', 'config.yaml', '--trials', '3'], { cwd: s.workspace, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
      try {
        const runId = await s.waitFor('the CLI to print "Run <id>"', async () => /^Run (\S+)/m.exec(out)?.[1], { timeoutMs: 60_000, intervalMs: 100 }, async () => `stdout ${JSON.stringify(out)}, stderr ${JSON.stringify(err)}`);

        const code = await exited;
        assert.equal(code, 0, `hyperlens tune exited ${code}:\n${out}\n${err}`);
        const best = bestOfRun(runId, s.workspace);
        run = { runId, best };

        // Live: the lens counts the run and the Runs view lists it finished, by
        // themselves. What fails here is collected, checked by hand (Refresh,
        // expanding the file's row), and reported at the end.
        const problems: string[] = [];
        const lensDone = (t: string | undefined) => t !== undefined && t.startsWith('▶ Tune 5 params · 1 run · best ');
        const fileLens = async () => (await s.codeLensTexts()).find((t) => t.startsWith('▶ Tune'));
        // A run's row names it by its id, or by its start time with the id in its screen-reader label.
        const runRow = async () => (await s.treeRows(RUNS_VIEW)).find((r) => r.label === runId || r.ariaLabel.includes(runId));
        const rowDone = (r: TreeRow | undefined) => r !== undefined && /^finished · 3\/3\b/.test(r.description);
        const live = await s.pollFor(async () => lensDone(await fileLens()) && rowDone(await runRow()), { timeoutMs: 20_000, intervalMs: 250 });
        if (!live) {
          const rows = await s.treeRows(RUNS_VIEW);
          const file = rows.find((r) => r.label === 'config.yaml');
          const lensNow = await fileLens();
          await s.screenshotAs('views-cli-run-not-live.png');
          if (!lensDone(lensNow)) problems.push(`20 s after the CLI run ${runId} ended, the file lens still read "${lensNow}" (expected "▶ Tune 5 params · 1 run · best ...")`);
          if (!rowDone(await runRow())) {
            problems.push(
              file?.expanded === false && (await runRow()) === undefined
                ? `20 s after the CLI run ended, the ${RUNS_VIEW} view showed "config.yaml" collapsed, so the run is hidden until the person expands it (rows: ${rows.map(describeRow).join('; ')})`
                : `20 s after the CLI run ended, the ${RUNS_VIEW} view did not list ${runId} as finished (rows: ${rows.map(describeRow).join('; ')})`,
            );
          }
          // By hand: the view's Refresh, then expand the file.
          await s.clickViewAction('Refresh Runs');
          await s.waitForTreeRow(RUNS_VIEW, 'config.yaml', (r) => !r.description.includes('no runs yet'), 'with its run', { timeoutMs: 15_000 });
          await s.expandTreeRow(RUNS_VIEW, 'config.yaml');
        }

        const finished = await s.waitFor(
          `run ${runId} to read "finished · 3/3" in the ${RUNS_VIEW} view${live ? '' : ' (after Refresh Runs)'}`,
          async () => {
            const row = await runRow();
            return rowDone(row) ? row : undefined;
          },
          { timeoutMs: 15_000, intervalMs: 250 },
          async () => (await s.treeRows(RUNS_VIEW)).map(describeRow).join('; '),
        );
        assert.ok(finished.icons.includes('codicon-pass'), `a finished run should wear the "pass" icon: ${describeRow(finished)}`);
        const shownBest = Number(/best val_loss ([0-9.e+-]+)/.exec(finished.description)?.[1]);
        assert.ok(close(shownBest, best.values[0]), `the ${RUNS_VIEW} view should show the best val_loss ${best.values[0]}: ${describeRow(finished)}`);
        // The lens may first show the best of the trials done so far; it must come to the run's final best.
        const lensBestOf = (t: string | undefined) => Number(/· best ([0-9.e+-]+)/.exec(t ?? '')?.[1]);
        const settled = await s.pollFor(async () => close(lensBestOf(await fileLens()), best.values[0]), { timeoutMs: 15_000, intervalMs: 250 });
        assert.ok(settled, `the lens "${await fileLens()}" should show the run's best ${best.values[0]}`);
        await s.screenshotAs('views-cli-run.png');
        if (problems.length) assert.fail(`the CLI run did not show live, without a reload (it did once Refresh Runs was clicked and the file's row expanded):\n- ${problems.join('\n- ')}`);
      } finally {
        if (child.exitCode === null) child.kill();
      }
    });
  });

  test('hovering the lr: value shows the distribution, the best value and the slice plot', { timeout: 120_000 }, async () => {
    const { runId, best } = cliRun();
    await step('hover', async (s) => {
      await s.openFile('config.yaml');
      await s.waitForCodeLens('▶ Tune 5 params · 1 run · best ', undefined, { timeoutMs: 30_000 });
      const hover = await s.hoverOver(/^\s*lr:/, lrValue(s), 'float between', { timeoutMs: 30_000 });
      await s.screenshotAs('views-hover-lr.png');
      assert.match(hover.text, /float between 1e-4 and 0\.3/, `hover: ${hover.text}`);
      assert.match(hover.text, /log scale/, `hover: ${hover.text}`);
      const bestLr = best.params['optimizer.lr'] as number;
      const shown = Number(/best\s+([0-9.e+-]+)/.exec(hover.text)?.[1]);
      assert.ok(close(shown, bestLr), `the hover should give the best lr ${bestLr} (trial ${best.number}): ${hover.text}`);
      assert.ok(hover.text.includes(runId), `the hover should name run ${runId}: ${hover.text}`);
      assert.equal(hover.images.length, 1, `the hover should hold one image (the slice plot): ${JSON.stringify(hover.images)}`);
      const [plot] = hover.images;
      assert.ok(plot.src.startsWith('data:image/svg+xml'), `the slice plot should be an SVG: ${JSON.stringify(plot)}`);
      assert.ok(plot.loaded && plot.width > 50 && plot.height > 30, `the slice plot should render (loaded, of some size): ${JSON.stringify(plot)}`);
      await s.dismissHover();
    });
  });

  test('quick fix: reversed int bounds are swapped back and the diagnostic goes', { timeout: 120_000 }, async () => {
    await step('quick-fix', async (s) => {
      const config = path.join(s.workspace, 'config.yaml');
      await s.openFile('config.yaml');
      const hidden = lineOf(config, 'hidden:');
      assert.ok(hidden.text.includes('int(4, 64, log)'), `unexpected hidden: line: ${hidden.text}`);
      const broken = hidden.text.replace('int(4, 64, log)', 'int(64, 4, log)');
      await s.setLineText(hidden.number, broken);
      await s.waitFor('a Hyperlens problem about low and high', async () => (await s.problems()).find((p) => /low/.test(p) && /high/.test(p)), { timeoutMs: 30_000 }, async () => JSON.stringify(await s.problems()));
      // The cursor on the annotation, then Ctrl+.
      await s.goToPosition(hidden.number, broken.indexOf('int(64') + 3);
      const offered = await s.quickFix('Swap the bounds');
      assert.ok(offered.some((t) => t.includes('int(4, 64, log)')), `the swap fix should say what it writes: ${JSON.stringify(offered)}`);
      await s.waitFor(`the hidden: line to read "${hidden.text.trim()}" again`, async () => (await s.visibleLines()).some((l) => l.trimEnd() === hidden.text.trimEnd()), { timeoutMs: 15_000 }, async () =>
        JSON.stringify((await s.visibleLines()).filter((l) => l.includes('hidden:'))),
      );
      await s.waitFor('the Hyperlens diagnostic to disappear after the fix', async () => !(await s.problems()).some((p) => /hyperlens/i.test(p)), { timeoutMs: 30_000 }, async () => JSON.stringify(await s.problems()));
      assert.equal(await s.squiggleCount(), 0, 'no squiggle should remain in config.yaml');
      await s.screenshotAs('views-quick-fix-applied.png');
      await s.save();
      assert.equal(lineOf(config, 'hidden:').text, hidden.text, 'the saved hidden: line should be the original');
    });
  });

  test('Hyperlens: Open Run shows the run read-only, with its trials', { timeout: 120_000 }, async () => {
    const { runId, best } = cliRun();
    await step('open-run', async (s) => {
      await s.runCommandAndPick('Hyperlens: Open Run Report', runId);
      await s.waitFor(`an editor tab for run ${runId}`, async () => (await s.activeTabLabel()).includes(runId), { timeoutMs: 15_000 }, () => s.activeTabLabel());
      const lines = await s.waitFor(`"Run ${runId} (finished)" in the active editor`, async () => {
        const l = await s.visibleLines();
        return l.some((x) => x.trim() === `Run ${runId} (finished)`) ? l : undefined;
      }, { timeoutMs: 15_000 }, async () => JSON.stringify((await s.visibleLines()).slice(0, 3)));
      const header = lines.findIndex((l) => /^#\s+STATE\s+RESULT\s+TIME\s+PARAMS/.test(l));
      assert.ok(header >= 0, `the report should hold a trials table (# STATE RESULT TIME PARAMS):\n${lines.join('\n')}`);
      const rows = lines.slice(header + 1).filter((l) => /^\d+\*?\s+complete\s+val_loss=/.test(l));
      assert.equal(rows.length, 3, `the table should list 3 complete trials:\n${lines.join('\n')}`);
      assert.ok(rows.some((l) => l.startsWith(`${best.number}*`)), `the best trial ${best.number} should be starred:\n${rows.join('\n')}`);
      await s.screenshotAs('views-open-run.png');

      // Read-only: typing changes nothing and says so.
      const before = (await s.visibleLines()).join('\n');
      await s.focusEditor();
      await s.page.keyboard.insertText('x');
      await s.waitFor('"Cannot edit in read-only editor"', async () => (await s.page.locator('.monaco-editor-overlaymessage', { hasText: 'read-only' }).count()) > 0, { timeoutMs: 10_000 });
      assert.equal((await s.visibleLines()).join('\n'), before, 'the run report should not change when typed into');
      assert.equal(await s.page.locator('.editor-group-container.active .tab.active.dirty').count(), 0, 'the run report should not become dirty');
    });
  });

  test('light and dark: the editor with lenses and the Runs view', { timeout: 180_000 }, async () => {
    const { runId } = cliRun();
    await step('themes', async (s) => {
      for (const [theme, tag] of [[LIGHT, 'light'], [DARK, 'dark']] as const) {
        await s.setColorTheme(theme);
        await s.openFile('config.yaml');
        await s.waitForCodeLens('▶ Tune 5 params · 1 run · best ', undefined, { timeoutMs: 30_000 });
        await s.waitForCodeLens('best ', 'lr:', { timeoutMs: 30_000 });
        await s.openViewContainer('Hyperlens');
        await s.expandTreeRow(RUNS_VIEW, 'config.yaml');
        await s.waitForTreeRow(RUNS_VIEW, runId, (r) => r.description.startsWith('finished'), 'reading finished', { timeoutMs: 15_000 });
        // Nothing hovered or focused in the view, so the shots show the resting state.
        await s.hidePanel();
        await s.goToLine(1);
        await s.page.mouse.move(700, 700);
        await s.screenshotAs(`views-${tag}-editor.png`);
        await s.screenshotAs(`views-${tag}-runs.png`, 'sidebar');
        // The slice plot draws in fixed colours: see it on both backgrounds.
        await s.hoverOver(/^\s*lr:/, lrValue(s), 'float between', { timeoutMs: 30_000 });
        await s.screenshotAs(`views-${tag}-hover.png`);
        await s.dismissHover();
      }
    });
  });
});
