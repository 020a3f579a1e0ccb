// What an end-to-end run needs before it starts: code-server and Chromium
// (installed by test/e2e/install.sh), and the packaged extension (.vsix).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../../..');
export const OUTPUT_DIR = path.join(REPO, 'test-output', 'e2e');
export const CODE_SERVER_VERSION = '4.100.3';
export const CACHE = process.env.HYPERLENS_E2E_CACHE || path.join(os.homedir(), '.cache', 'hyperlens-e2e');
export const CODE_SERVER = path.join(CACHE, 'code-server', 'node_modules', '.bin', 'code-server');
export const CHROMIUM = process.env.HYPERLENS_E2E_CHROMIUM || '/usr/bin/chromium';

const INSTALL = 'bash test/e2e/install.sh';

function missingTools(): string[] {
  const missing: string[] = [];
  if (!fs.existsSync(CODE_SERVER)) missing.push(`code-server ${CODE_SERVER_VERSION} (expected at ${CODE_SERVER})`);
  if (!fs.existsSync(CHROMIUM)) missing.push(`chromium (expected at ${CHROMIUM})`);
  return missing;
}

/**
 * Fails with a message naming install.sh when a tool is missing; as root it
 * runs install.sh first, so `npm test` works on a fresh root machine.
 */
export function ensureTools(): void {
  let missing = missingTools();
  if (missing.length && process.getuid?.() === 0) {
    process.stderr.write(`e2e: missing ${missing.join(', ')}; running ${INSTALL}\n`);
    // stdout would mix into the test runner's report stream, so both go to stderr.
    const r = spawnSync('bash', [path.join(REPO, 'test', 'e2e', 'install.sh')], { cwd: REPO, stdio: ['ignore', 2, 2], timeout: 900_000 });
    if (r.status !== 0) throw new Error(`${INSTALL} failed (exit ${r.status ?? r.signal}); see its output above`);
    missing = missingTools();
  }
  if (missing.length) {
    throw new Error(`End-to-end tests need ${missing.join(' and ')}. Install them with: ${INSTALL} (as root, from the repository root)`);
  }
}

let vsix: string | undefined;

/**
 * The packaged extension, built once per test process from dist/ as it is
 * (the test script bundles first). HYPERLENS_E2E_VSIX reuses a built one.
 */
export function packagedExtension(): string {
  if (vsix) return vsix;
  const given = process.env.HYPERLENS_E2E_VSIX;
  if (given) {
    if (!fs.existsSync(given)) throw new Error(`HYPERLENS_E2E_VSIX=${given} does not exist`);
    return (vsix = path.resolve(given));
  }
  if (!fs.existsSync(path.join(REPO, 'node_modules', '.bin', 'vsce'))) {
    throw new Error('node_modules/.bin/vsce is missing: run npm install (it is a devDependency)');
  }
  if (!fs.existsSync(path.join(REPO, 'dist', 'extension.js'))) run(process.execPath, ['esbuild.js'], 'bundling with esbuild');
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  const out = path.join(OUTPUT_DIR, 'hyperlens.vsix');
  // The package.json "files" list decides what ships (bundles, Python helper, media, manifest).
  run(path.join(REPO, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', out], 'packaging the .vsix');
  return (vsix = out);
}

function run(cmd: string, args: string[], what: string): void {
  const r = spawnSync(cmd, args, { cwd: REPO, encoding: 'utf8', timeout: 180_000 });
  if (r.status !== 0) {
    throw new Error(`${what} failed (exit ${r.status ?? r.signal}):\n${(r.stdout ?? '') + (r.stderr ?? '')}`.trimEnd());
  }
}
