// Where the files that ship with Hyperlens are, whether this code runs from
// the bundle in dist/ or from the compiled tests in out/.
import * as fs from 'node:fs';
import * as path from 'node:path';

let root: string | undefined;

/** The folder holding Hyperlens's own package.json. */
export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'hyperlens') return (root = dir);
      } catch {
        // Not ours; keep looking upwards.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the hyperlens package above ${__dirname}`);
    dir = parent;
  }
}

/** The zero-dependency Python helper, put on trials' PYTHONPATH. */
export function pythonHelperDir(): string {
  return path.join(packageRoot(), 'python');
}

/** The TensorFlow.js trial host (src/trialHost/main.ts), run with Node for `@tune.entry` trials. */
export function trialHostPath(): string {
  return path.join(packageRoot(), 'dist', 'trialHost.js');
}

export function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')).version;
}
