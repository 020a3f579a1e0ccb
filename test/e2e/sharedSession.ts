// One code-server session shared by the tests of a `describe` block: opened
// before them, always closed after, with a named failure screenshot per step.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { Session, type SessionOptions, type TreeRow } from './harness';

/** The title of the Hyperlens Runs view. */
export const RUNS_VIEW = 'Runs';

/** A tree row as a failure message shows it. */
export function describeRow(r: TreeRow | undefined): string {
  if (!r) return 'none';
  const twistie = r.expanded === false ? 'collapsed ' : r.expanded ? 'expanded ' : '';
  return `${twistie}"${r.label}"${r.description ? ` (${r.description})` : ''}${r.icons.length ? ` [${r.icons.join(' ')}]` : ''} aria "${r.ariaLabel}"`;
}

export interface SharedSession {
  /** The session, or a clear error if it did not open. */
  session(): Session;
  /** Runs a step; on failure leaves a screenshot named after it. */
  step(name: string, body: (s: Session) => Promise<void>): Promise<void>;
}

/** Call inside `describe`: registers the before and after hooks. */
export function sharedSession(label: string, options: SessionOptions): SharedSession {
  let s: Session | undefined;
  const started = Date.now();
  before(async () => {
    s = await Session.open(options);
  }, { timeout: 240_000 });
  after(async () => {
    await s?.close();
    process.stderr.write(`${label}: ${Math.round((Date.now() - started) / 1000)} s with code-server start and stop\n`);
  }, { timeout: 60_000 });

  const session = (): Session => {
    assert.ok(s, 'the code-server session did not open (see the before hook\'s error)');
    return s;
  };
  return {
    session,
    async step(name, body) {
      const current = session();
      try {
        await body(current);
      } catch (err) {
        await current.screenshot(`failure-${name}`).catch(() => undefined);
        throw err;
      }
    },
  };
}
