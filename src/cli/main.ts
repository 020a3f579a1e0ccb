// The `hyperlens` command line: one function per subcommand, errors turned
// into exit codes (2: bad input, named by file:line:col; 1: anything else).
import { packageVersion } from '../tuner/paths';
import { applyCommand, APPLY_USAGE } from './commands/apply';
import { askTellCommand, ASK_TELL_USAGE } from './commands/askTell';
import { resumeCommand, RESUME_USAGE } from './commands/resume';
import { runsCommand, RUNS_USAGE } from './commands/runs';
import { showCommand, SHOW_USAGE } from './commands/show';
import { tuneCommand, TUNE_USAGE } from './commands/tune';
import { exitCodeOf, UsageError } from './errors';
import { GpuPlanError } from '../executors/localExecutor';

const COMMANDS: Record<string, { run: (argv: string[]) => number | Promise<number>; usage: string; about: string }> = {
  tune: { run: tuneCommand, usage: TUNE_USAGE, about: 'tune the annotated values of a config file' },
  runs: { run: runsCommand, usage: RUNS_USAGE, about: 'list the runs, newest first' },
  show: { run: showCommand, usage: SHOW_USAGE, about: 'show a run and its trials' },
  resume: { run: resumeCommand, usage: RESUME_USAGE, about: 'go on with an interrupted run' },
  apply: { run: applyCommand, usage: APPLY_USAGE, about: "write a trial's values into the annotated file" },
  'ask-tell': { run: askTellCommand, usage: ASK_TELL_USAGE, about: 'drive the study over stdin/stdout as JSON lines' },
};

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'Usage: hyperlens <command> [options]',
    '',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.about}`),
    '',
    'A <run> is a run id, a unique prefix of one, or a run directory.',
    '',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage}`),
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(help() + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(packageVersion() + '\n');
    return 0;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`unknown command "${name}"\n\n${help()}`);
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(command.usage + '\n');
      return 0;
    }
    return await command.run(rest);
  } catch (err) {
    const code = exitCodeOf(err);
    // A GpuPlanError is the machine's state (every GPU busy), not a bug: no stack.
    const message = err instanceof UsageError || err instanceof GpuPlanError ? err.message : ((err as Error).stack ?? String(err));
    process.stderr.write(`hyperlens${command ? ` ${name}` : ''}: ${message}\n`);
    if (err instanceof UsageError && command && !message.includes(':1:') && !/:\d+:\d+:/.test(message)) {
      process.stderr.write(`usage: ${command.usage}\n`);
    }
    return code;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`hyperlens: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
