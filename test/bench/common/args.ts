// Flag parsing shared by the benchmarks' args.ts: a cursor over argv whose
// readers take a flag's value and name the flag in their errors, and the
// flags every benchmark takes.

export class ArgReader {
  private at = -1;

  constructor(private readonly argv: readonly string[]) {}

  /** Each flag in turn; the value readers below consume what follows it. */
  *flags(): Generator<string> {
    while (++this.at < this.argv.length) yield this.argv[this.at];
  }

  private get flag(): string {
    return this.argv[this.at];
  }

  value(): string {
    const flag = this.flag;
    const v = this.argv[++this.at];
    if (v === undefined) throw new Error(`${flag} needs a value`);
    return v;
  }

  /** A positive integer. */
  count(): number {
    const flag = this.flag;
    const n = Number(this.value());
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} needs a positive integer`);
    return n;
  }

  /** A comma-separated list, blanks dropped. */
  list(): string[] {
    return this.value()
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  }
}

/** The options every benchmark takes. */
export interface SharedOptions {
  /** Only these tasks (names the benchmark checks). */
  tasks?: string[];
  quick: boolean;
  /** Child processes running jobs side by side. */
  jobs: number;
  python: string;
  /** Folder for the .md and .json results. */
  outDir?: string;
  help: boolean;
}

/** Reads `flag` into `o` when it is one of the shared flags; false when it is not. */
export function readSharedFlag(flag: string, args: ArgReader, o: SharedOptions): boolean {
  switch (flag) {
    case '--tasks':
      o.tasks = args.list();
      return true;
    case '--quick':
      o.quick = true;
      return true;
    case '--jobs':
      o.jobs = args.count();
      return true;
    case '--python':
      o.python = args.value();
      return true;
    case '--out':
      o.outDir = args.value();
      return true;
    case '--help':
    case '-h':
      o.help = true;
      return true;
    default:
      return false;
  }
}

export function unknownOption(flag: string, usage: string): Error {
  return new Error(`unknown option ${flag}\n\n${usage}`);
}
