// Errors the CLI turns into exit codes: bad input is 2 (the person can fix
// the file or the flags), anything else is 1.

export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function exitCodeOf(err: unknown): number {
  return err instanceof UsageError ? 2 : 1;
}
