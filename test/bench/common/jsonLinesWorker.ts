// The Node side of a long-lived Python worker spoken to in JSON lines (see
// jsonlines_worker.py): one request per line on stdin, one reply per line on
// stdout, answered in order. The benchmarks' Optuna clients wrap it with
// their own operations.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

type Reply = Record<string, unknown>;

interface Pending {
  resolve(reply: Reply): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
}

/**
 * Finds a file by its path from the repository root, looking up from this
 * module (source or compiled output) and then in the working directory.
 */
export function findRepoFile(fromRoot: string): string {
  const candidates: string[] = [];
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    candidates.push(path.join(dir, fromRoot));
    if (path.dirname(dir) === dir) break;
  }
  candidates.push(path.join(process.cwd(), fromRoot));
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`${path.basename(fromRoot)} not found: run the benchmark from the repository root`);
  return found;
}

export class JsonLinesWorker {
  private child: ChildProcessWithoutNullStreams | undefined;
  private readonly pending: Pending[] = [];
  private stderr = '';

  /**
   * `script` is called when the process starts, so a missing script is
   * reported by the first request rather than by the constructor; `label`
   * begins every error message.
   */
  constructor(
    private readonly python: string,
    private readonly script: () => string,
    private readonly label: string,
  ) {}

  /** Sends one request and resolves with its reply; a reply with `error` rejects. */
  request(msg: Reply, timeoutMs?: number): Promise<Reply> {
    const child = this.child ?? this.start();
    return new Promise((resolve, reject) => {
      const p: Pending = { resolve, reject };
      if (timeoutMs !== undefined) {
        // A request that runs too long takes the whole worker down with it;
        // its state is lost, and the next request starts a fresh process.
        p.timer = setTimeout(() => {
          const i = this.pending.indexOf(p);
          if (i >= 0) this.pending.splice(i, 1);
          reject(new Error(`${this.label}: "${String(msg.op)}" took over ${timeoutMs} ms`));
          this.stop();
        }, timeoutMs);
      }
      this.pending.push(p);
      child.stdin.write(JSON.stringify(msg) + '\n');
    });
  }

  /** Ends the Python process; a later request starts a new one. */
  stop(): void {
    const child = this.child;
    this.child = undefined;
    if (child) {
      child.stdin.end();
      child.kill();
    }
    this.failAll(new Error(`${this.label} stopped`));
  }

  private start(): ChildProcessWithoutNullStreams {
    // One BLAS thread: with --jobs N, N workers already share the cores, and
    // numpy's thread pools fighting over them made runs several times slower.
    const env = { ...process.env, OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };
    const child = spawn(this.python, [this.script()], { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.stderr = '';
    child.stdin.on('error', () => undefined); // a dead worker is reported by 'exit'
    child.stderr.on('data', (d: Buffer) => (this.stderr = (this.stderr + d.toString()).slice(-4000)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const p = this.pending.shift();
      if (!p) return;
      if (p.timer) clearTimeout(p.timer);
      let reply: Reply;
      try {
        reply = JSON.parse(line) as Reply;
      } catch {
        p.reject(new Error(`${this.label}: unreadable reply ${line.slice(0, 200)}`));
        return;
      }
      if (typeof reply.error === 'string') p.reject(new Error(`${this.label}: ${reply.error}`));
      else p.resolve(reply);
    });
    const onGone = (why: string): void => {
      if (this.child !== child) return;
      this.child = undefined;
      this.failAll(new Error(`${this.label} (${this.python}) ${why}${this.stderr ? `: ${this.stderr.trim()}` : ''}`));
    };
    child.on('error', (e) => onGone(`could not start: ${e.message}`));
    child.on('exit', (code, signal) => onGone(`exited (${signal ?? code})`));
    this.child = child;
    return child;
  }

  private failAll(error: Error): void {
    for (const p of this.pending.splice(0)) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(error);
    }
  }
}
