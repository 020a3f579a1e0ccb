// The TensorFlow.js trial host, dist/trialHost.js: the process a
// `@tune.entry train.js#train` trial runs as.
//
//     node dist/trialHost.js <module> [export]
//
// It loads the user's module, resolves a TensorFlow.js backend (see
// backend.ts), calls `await train(params, ctx)` and exits 0 when it returns.
// Everything else is the ordinary trial contract (DESIGN §4): parameters in
// HYPERLENS_PARAMS, metrics to HYPERLENS_METRICS_FILE, the stop file, the
// checkpoint folders, its own process group. It leaves trial_host.json in the
// trial folder: the backend and device it got, or why it failed.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { packageRoot } from '../tuner/paths';
import { parseBackendList, resolveBackend, type ResolvedBackend } from './backend';
import { createContext, type TrainContext } from './context';
import { findExport, loadEntryModule, type TrainFunction } from './loadModule';
import { TRIAL_HOST_RECORD, type TrialHostRecord } from './record';

function writeRecord(trialDir: string | undefined, record: TrialHostRecord): void {
  if (!trialDir) return;
  const file = path.join(trialDir, TRIAL_HOST_RECORD);
  try {
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(record, null, 2) + '\n');
    fs.renameSync(`${file}.tmp`, file);
  } catch {
    // The trial still runs; the tuner just learns less about it.
  }
}

function say(line: string): void {
  process.stderr.write(`hyperlens trial host: ${line}\n`);
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
  return text.split('\n')[0].slice(0, 500);
}

async function main(argv: string[]): Promise<number> {
  let [fileArg, exportName] = argv;
  if (!fileArg) {
    say('usage: node trialHost.js <module.js|.mjs|.ts> [export]   (the export defaults to train)');
    return 2;
  }
  if (exportName === undefined && /#[A-Za-z_$][\w$]*$/.test(fileArg)) [fileArg, exportName] = [fileArg.slice(0, fileArg.lastIndexOf('#')), fileArg.slice(fileArg.lastIndexOf('#') + 1)];
  const file = path.resolve(fileArg);
  const name = exportName || 'train';
  const trialDir = process.env.HYPERLENS_TRIAL_DIR || undefined;
  const record: TrialHostRecord = {};
  const fail = (message: string, code: number): number => {
    record.error = message;
    writeRecord(trialDir, record);
    say(message);
    return code;
  };
  const hyperlensDir = packageRoot();

  let train: TrainFunction;
  try {
    train = findExport(await loadEntryModule(file, hyperlensDir), name, file);
  } catch (e) {
    if (e instanceof Error && e.stack && !/has no export|is a \w+, not a function|not found:/.test(e.message)) process.stderr.write(`${e.stack}\n`);
    return fail(`cannot load ${path.basename(file)}#${name}: ${firstLine(e)}`, 2);
  }

  let backend: ResolvedBackend;
  try {
    backend = await resolveBackend({ workspaceDir: path.dirname(file), hyperlensDir, only: parseBackendList(process.env.HYPERLENS_TF_BACKEND) });
  } catch (e) {
    if (e instanceof Error && 'tried' in e) record.tried = (e as { tried: string[] }).tried;
    return fail(firstLine(e), 2);
  }
  const { info } = backend;
  record.backend = info;
  if (backend.tried.length > 0) record.tried = backend.tried;
  writeRecord(trialDir, record);
  for (const t of backend.tried) say(`skipped ${t}`);
  say(`TensorFlow.js backend ${info.backend} on ${info.device} (${info.package}${info.version ? `@${info.version}` : ''} from ${info.from})`);
  if (info.warning) say(`warning: ${info.warning}`);

  let ctx: TrainContext;
  try {
    ctx = createContext({ tf: backend.tf, backend: info });
  } catch (e) {
    return fail(firstLine(e), 2);
  }
  try {
    await train(ctx.params, ctx);
  } catch (e) {
    if (e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
    return fail(`${name}() threw: ${firstLine(e)}`, 1);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    say(`internal error: ${e instanceof Error ? e.stack : String(e)}`);
    process.exit(70);
  },
);
