// Child processes for the store tests: real separate writers on one journal.

import { spawn } from 'node:child_process';

/** Runs `node <args>`; resolves with stdout, rejects with stderr on a non-zero exit. */
export function runNode(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`node ${args.slice(0, 1).join(' ')} exited ${code}: ${err}`))));
  });
}
