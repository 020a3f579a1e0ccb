// The order the trial host tries TensorFlow.js backends in, with fake
// packages in a fake workspace and a fake Hyperlens: tfjs-node-gpu (the
// workspace's, then Hyperlens's), tfjs-node, the wasm backend, plain tfjs.
import test from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { backendCandidates, NoBackendError, parseBackendList, resolveBackend } from '../../../src/trialHost/backend';

type Tf = { marker: string };

/** A folder with node_modules holding the given fake packages (name -> index.js source). */
function tree(root: string, packages: Record<string, string>): string {
  for (const [name, source] of Object.entries(packages)) {
    const dir = path.join(root, 'node_modules', ...name.split('/'));
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '9.9.9', main: 'index.js' }));
    fs.writeFileSync(path.join(dir, 'index.js'), source);
  }
  return root;
}

// Plain @tensorflow/tfjs: cpu is built in, other backends register themselves.
const tfjs = (marker: string) => `
const backends = new Set(['cpu']);
let current = null;
module.exports = {
  marker: ${JSON.stringify(marker)},
  registerBackend: (name) => backends.add(name),
  setBackend: async (name) => { if (!backends.has(name)) return false; current = name; return true; },
  ready: async () => {},
  getBackend: () => current,
  backend: () => ({}),
};`;
const wasm = `require('@tensorflow/tfjs').registerBackend('wasm');`;
const brokenWasm = `/* registers nothing: setBackend('wasm') is refused */`;
// tfjs-node(-gpu): loading it binds libtensorflow and sets the tensorflow backend.
const tfNode = (marker: string, gpu: boolean) => `
module.exports = {
  marker: ${JSON.stringify(marker)},
  setBackend: async () => true,
  ready: async () => {},
  getBackend: () => 'tensorflow',
  backend: () => ({ isUsingGpuDevice: ${gpu} }),
};`;
const noBinding = `throw new Error('The Node.js native addon module (tfjs_binding.node) can not be found at path: /x/napi-v8/tfjs_binding.node');`;

function dirs(t: { after(fn: () => void): void }) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'hyperlens-backends-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  return { workspace: path.join(root, 'workspace', 'project'), hyperlens: path.join(root, 'hyperlens'), root };
}

test('the candidates: each backend from the workspace, then from Hyperlens, GPU first', () => {
  const order = backendCandidates({ workspaceDir: '/w', hyperlensDir: '/h' }).map((c) => `${c.package} ${c.from}`);
  assert.deepEqual(order, [
    '@tensorflow/tfjs-node-gpu workspace',
    '@tensorflow/tfjs-node-gpu hyperlens',
    '@tensorflow/tfjs-node workspace',
    '@tensorflow/tfjs-node hyperlens',
    '@tensorflow/tfjs-backend-wasm workspace',
    '@tensorflow/tfjs-backend-wasm hyperlens',
    '@tensorflow/tfjs workspace',
    '@tensorflow/tfjs hyperlens',
  ]);
  assert.deepEqual(
    backendCandidates({ workspaceDir: '/w', hyperlensDir: '/h', only: ['cpu', 'wasm'] }).map((c) => c.kind),
    ['cpu', 'cpu', 'wasm', 'wasm'],
  );
});

test("the workspace's tfjs-node-gpu comes before Hyperlens's and before everything else", async (t) => {
  const d = dirs(t);
  tree(path.join(d.root, 'workspace'), { '@tensorflow/tfjs-node-gpu': tfNode('ws-gpu', true), '@tensorflow/tfjs': tfjs('ws-tfjs') });
  tree(d.hyperlens, { '@tensorflow/tfjs-node-gpu': tfNode('hl-gpu', true), '@tensorflow/tfjs': tfjs('hl'), '@tensorflow/tfjs-backend-wasm': wasm });
  fs.mkdirSync(d.workspace, { recursive: true });
  const r = await resolveBackend({ workspaceDir: d.workspace, hyperlensDir: d.hyperlens });
  assert.equal((r.tf as unknown as Tf).marker, 'ws-gpu');
  assert.deepEqual(r.info, { kind: 'tfjs-node-gpu', backend: 'tensorflow', device: 'gpu', package: '@tensorflow/tfjs-node-gpu', from: 'workspace', version: '9.9.9' });
  assert.deepEqual(r.tried, []);
});

test("a tfjs-node-gpu without its native library is skipped for Hyperlens's own; no CUDA means cpu and a warning", async (t) => {
  const d = dirs(t);
  tree(d.workspace, { '@tensorflow/tfjs-node-gpu': noBinding });
  tree(d.hyperlens, { '@tensorflow/tfjs-node-gpu': tfNode('hl-gpu', false), '@tensorflow/tfjs': tfjs('hl') });
  const r = await resolveBackend({ workspaceDir: d.workspace, hyperlensDir: d.hyperlens });
  assert.equal((r.tf as unknown as Tf).marker, 'hl-gpu');
  assert.equal(r.info.from, 'hyperlens');
  assert.equal(r.info.device, 'cpu');
  assert.match(r.info.warning ?? '', /found no GPU and runs on the CPU.*CUDA 11\.2 and cuDNN 8\.1/);
  assert.equal(r.tried.length, 1);
  assert.match(r.tried[0], /^@tensorflow\/tfjs-node-gpu \(workspace\): The Node\.js native addon module/);
});

test('tfjs-node (CPU) comes before the wasm backend, wherever each is installed', async (t) => {
  const d = dirs(t);
  tree(d.workspace, { '@tensorflow/tfjs-backend-wasm': wasm, '@tensorflow/tfjs': tfjs('ws') });
  tree(d.hyperlens, { '@tensorflow/tfjs-node-gpu': noBinding, '@tensorflow/tfjs-node': tfNode('hl-node', false) });
  const r = await resolveBackend({ workspaceDir: d.workspace, hyperlensDir: d.hyperlens });
  assert.equal((r.tf as unknown as Tf).marker, 'hl-node');
  assert.deepEqual([r.info.kind, r.info.backend, r.info.device, r.info.from, r.info.warning], ['tfjs-node', 'tensorflow', 'cpu', 'hyperlens', undefined]);
});

test("the wasm backend (Hyperlens's) comes before the workspace's plain tfjs, and shares its own tfjs", async (t) => {
  const d = dirs(t);
  tree(d.workspace, { '@tensorflow/tfjs': tfjs('ws') });
  tree(d.hyperlens, { '@tensorflow/tfjs-backend-wasm': wasm, '@tensorflow/tfjs': tfjs('hl') });
  const r = await resolveBackend({ workspaceDir: d.workspace, hyperlensDir: d.hyperlens });
  assert.equal((r.tf as unknown as Tf).marker, 'hl', 'the tfjs next to the wasm package');
  assert.deepEqual([r.info.kind, r.info.backend, r.info.device, r.info.package, r.info.from], ['wasm', 'wasm', 'cpu', '@tensorflow/tfjs-backend-wasm', 'hyperlens']);
});

test('a wasm backend that does not start falls through to plain tfjs on the cpu backend', async (t) => {
  const d = dirs(t);
  tree(d.hyperlens, { '@tensorflow/tfjs-backend-wasm': brokenWasm, '@tensorflow/tfjs': tfjs('hl') });
  fs.mkdirSync(d.workspace, { recursive: true });
  const r = await resolveBackend({ workspaceDir: d.workspace, hyperlensDir: d.hyperlens });
  assert.deepEqual([r.info.kind, r.info.backend, r.info.device, r.info.from], ['cpu', 'cpu', 'cpu', 'hyperlens']);
  assert.deepEqual(r.tried, ['@tensorflow/tfjs-backend-wasm (hyperlens): the wasm backend did not start']);
});

test('a workspace inside Hyperlens finds the same package once, not twice', async (t) => {
  const d = dirs(t);
  tree(d.hyperlens, { '@tensorflow/tfjs-node-gpu': noBinding, '@tensorflow/tfjs': tfjs('hl') });
  const inside = path.join(d.hyperlens, 'examples', 'mnist');
  fs.mkdirSync(inside, { recursive: true });
  const r = await resolveBackend({ workspaceDir: inside, hyperlensDir: d.hyperlens });
  assert.equal(r.info.kind, 'cpu');
  assert.equal(r.info.from, 'workspace');
  assert.equal(r.tried.length, 1);
});

test('HYPERLENS_TF_BACKEND narrows and orders the backends; an unknown name is an error', async (t) => {
  assert.deepEqual(parseBackendList(' wasm, cpu '), ['wasm', 'cpu']);
  assert.equal(parseBackendList(''), undefined);
  assert.equal(parseBackendList(undefined), undefined);
  assert.throws(() => parseBackendList('wasm,gpu'), /unknown backend "gpu" \(known: tfjs-node-gpu, tfjs-node, wasm, cpu\)/);
  const d = dirs(t);
  tree(d.hyperlens, { '@tensorflow/tfjs-node': tfNode('hl-node', false), '@tensorflow/tfjs-backend-wasm': wasm, '@tensorflow/tfjs': tfjs('hl') });
  fs.mkdirSync(d.workspace, { recursive: true });
  const r = await resolveBackend({ workspaceDir: d.workspace, hyperlensDir: d.hyperlens, only: ['cpu', 'wasm'] });
  assert.equal(r.info.kind, 'cpu');
});

test('no backend anywhere is one clear error that says what to install', async (t) => {
  const d = dirs(t);
  fs.mkdirSync(d.workspace, { recursive: true });
  fs.mkdirSync(d.hyperlens, { recursive: true });
  await assert.rejects(
    resolveBackend({ workspaceDir: d.workspace, hyperlensDir: d.hyperlens }),
    (e: unknown) =>
      e instanceof NoBackendError &&
      /^no TensorFlow\.js backend could be loaded \(none of @tensorflow\/tfjs-node-gpu, @tensorflow\/tfjs-node, @tensorflow\/tfjs-backend-wasm, @tensorflow\/tfjs is installed in .* or in Hyperlens\)\. Install one next to the entry module, e\.g\. npm install @tensorflow\/tfjs @tensorflow\/tfjs-backend-wasm$/.test(e.message),
  );
  tree(d.hyperlens, { '@tensorflow/tfjs-node-gpu': noBinding });
  await assert.rejects(resolveBackend({ workspaceDir: d.workspace, hyperlensDir: d.hyperlens }), /could be loaded; tried @tensorflow\/tfjs-node-gpu \(hyperlens\): The Node\.js native addon/);
});
