// One code-server process with its own user-data and extensions folders, the
// packaged extension installed, on a port the OS picks. It runs in its own
// process group, which stop() (or this process's exit) kills whole.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CODE_SERVER } from './prerequisites';

export interface CodeServerOptions {
  /** A fresh folder for this instance's state, logs and config. */
  home: string;
  vsix: string;
  /** Written to <user-data-dir>/User/settings.json before start. */
  settings: Record<string, unknown>;
  /** Passes --disable-workspace-trust: every folder is trusted, no prompt. */
  disableWorkspaceTrust?: boolean;
}

export interface CodeServer {
  url: string;
  userDataDir: string;
  logFile: string;
  stop(): Promise<void>;
}

const liveGroups = new Set<number>();
// A test process that dies some other way still takes its code-servers along.
process.on('exit', () => {
  for (const pgid of liveGroups) killGroup(pgid, 'SIGKILL');
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));
}

export async function startCodeServer(opts: CodeServerOptions): Promise<CodeServer> {
  const userDataDir = path.join(opts.home, 'user-data');
  const extensionsDir = path.join(opts.home, 'extensions');
  const config = path.join(opts.home, 'code-server.yaml');
  const logFile = path.join(opts.home, 'code-server.log');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(opts.settings, null, 2));
  fs.writeFileSync(config, 'auth: none\ncert: false\n');

  const common = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  const env = childEnv(opts.home);
  const install = spawnSync(CODE_SERVER, [...common, '--install-extension', opts.vsix], { env, encoding: 'utf8', timeout: 120_000 });
  const installOut = `${install.stdout ?? ''}${install.stderr ?? ''}`;
  if (install.status !== 0 || !/successfully installed/i.test(installOut)) {
    throw new Error(`code-server --install-extension ${opts.vsix} failed (exit ${install.status ?? install.signal}):\n${installOut}`);
  }

  const args = [
    ...common,
    '--auth', 'none',
    '--bind-addr', '127.0.0.1:0',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(opts.disableWorkspaceTrust ? ['--disable-workspace-trust'] : []),
  ];
  const child = spawn(CODE_SERVER, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pgid = child.pid!;
  liveGroups.add(pgid);
  const log = fs.createWriteStream(logFile);
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const stop = () => stopGroup(child, pgid).finally(() => log.end());
  try {
    const url = await listeningUrl(child, logFile);
    return { url, userDataDir, logFile, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

function childEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: path.join(home, 'xdg-config'), XDG_DATA_HOME: path.join(home, 'xdg-data') };
  // Set by `node --test` for its children; nothing under code-server is a test.
  delete env.NODE_TEST_CONTEXT;
  return env;
}

/** Resolves with the address code-server logs once it listens. */
function listeningUrl(child: ChildProcess, logFile: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => fail(`no "HTTP server listening" line within 60 s`), 60_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const m = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(seen);
      if (m) {
        cleanup();
        resolve(m[1]);
      }
    };
    const onExit = (code: number | null, signal: string | null) => fail(`code-server exited (${code ?? signal}) before listening`);
    function cleanup() {
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      child.off('exit', onExit);
    }
    function fail(why: string) {
      cleanup();
      reject(new Error(`${why}; log ${logFile}:\n${seen.slice(-3000)}`));
    }
    child.stdout!.on('data', onData);
    child.on('exit', onExit);
  });
}

/** SIGTERM to the whole group, SIGKILL after 5 s if code-server is still up. */
async function stopGroup(child: ChildProcess, pgid: number): Promise<void> {
  if (!liveGroups.has(pgid)) return;
  const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));
  killGroup(pgid, 'SIGTERM');
  const inTime = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
  // The extension host and the tuner share the group; make sure none outlives the test.
  killGroup(pgid, 'SIGKILL');
  if (!inTime) await exited;
  liveGroups.delete(pgid);
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}
