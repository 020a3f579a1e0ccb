// Loading the entry module: CommonJS, ES modules, TypeScript (compiled by
// esbuild as it is required), and a clear error for a missing export.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { packageRoot } from '../../../src/tuner/paths';
import { findExport, loadEntryModule } from '../../../src/trialHost/loadModule';

function scratch(t: { after(fn: () => void): void }, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hyperlens-load-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function call(dir: string, file: string, name = 'train'): Promise<unknown> {
  const f = path.join(dir, file);
  return findExport(await loadEntryModule(f, packageRoot()), name, f)({ x: 2 }, {});
}

test('CommonJS, .mjs and "type": "module" entries load, named or default', async (t) => {
  const dir = scratch(t, {
    'a.js': 'exports.train = (p) => p.x + 1;',
    'b.cjs': 'module.exports = { train: async (p) => p.x * 10 };',
    'c.mjs': 'export async function train(p) { return p.x * 100; }',
    'd.mjs': 'export default { train: (p) => -p.x };',
    'e.cjs': 'module.exports = (p) => p.x - 1;',
    'esm/package.json': '{"type": "module"}',
    'esm/f.js': 'export function fit(p) { return `f${p.x}`; }',
  });
  assert.equal(await call(dir, 'a.js'), 3);
  assert.equal(await call(dir, 'b.cjs'), 20);
  assert.equal(await call(dir, 'c.mjs'), 200);
  assert.equal(await call(dir, 'd.mjs'), -2);
  assert.equal(await call(dir, 'e.cjs', 'default'), 1);
  assert.equal(await call(dir, 'esm/f.js', 'fit'), 'f2');
});

test('a TypeScript entry is compiled with esbuild, its own .ts imports included', async (t) => {
  const dir = scratch(t, {
    'lib/scale.ts': 'export const scale = (v: number, by: number): number => v * by;\n',
    'train.ts': [
      "import { scale } from './lib/scale';",
      'interface Params { x: number }',
      'export async function train(params: Params): Promise<number> {',
      '  const doubled: number = scale(params.x, 2);',
      '  return doubled;',
      '}',
      '',
    ].join('\n'),
    'm.mts': 'export const train = (p: { x: number }): string => `m${p.x}`;\n',
  });
  assert.equal(await call(dir, 'train.ts'), 4);
  assert.equal(await call(dir, 'm.mts'), 'm2');
});

test('a missing export names the functions the module does have', async (t) => {
  const dir = scratch(t, { 'train.js': 'exports.train = () => 1; exports.helper = () => 2; exports.lr = 0.1;', 'none.js': 'exports.lr = 0.1;' });
  await assert.rejects(call(dir, 'train.js', 'trian'), /^Error: train\.js has no export "trian" \(its functions: train, helper\); write @tune\.entry train\.js#<function>$/);
  await assert.rejects(call(dir, 'train.js', 'lr'), /train\.js: export "lr" is a number, not a function/);
  await assert.rejects(call(dir, 'none.js'), /none\.js has no export "train" \(it exports no function\)/);
  await assert.rejects(call(dir, 'absent.js'), /entry module not found: .*absent\.js/);
});
