// What keeps a file that parses from starting a run: no annotated value, no
// command (or one that cannot be split into words), no objective. The CLI
// refuses to tune with these; the editor shows them as warnings.

import { splitCommandLine } from './commandLine';
import type { AnnotationError, ParsedConfig, Span } from './types';

export const NO_VALUE = 'no value is annotated: mark one with a comment like `lr: 0.001  # @tune float(1e-5, 1e-1, log)`';
export const NO_COMMAND = 'no @tune.command directive: add a comment line like `# @tune.command python train.py --config {config}` (or `# @tune.entry train.js#train` for a TensorFlow.js function)';
export const NO_OBJECTIVE = 'no @tune.objective directive: add a comment line like `# @tune.objective val_loss min`';

/**
 * The run-level problems of a parsed file, worded as `hyperlens tune` prints
 * them. "No value" is only said of a file with no parser errors, since a
 * broken annotation is the likelier reason none parsed.
 */
export function runProblems(parsed: ParsedConfig): AnnotationError[] {
  const { file, directives: d } = parsed;
  const problems: AnnotationError[] = [];
  if (parsed.values.length === 0 && parsed.errors.length === 0) {
    problems.push({ file, line: 1, column: 1, message: NO_VALUE });
  }
  if (d.entry) {
    // A TensorFlow.js trial: the trial host checks the module when it loads it.
  } else if (!d.command) {
    problems.push({ file, line: 1, column: 1, field: 'command', message: NO_COMMAND });
  } else {
    try {
      splitCommandLine(d.command);
    } catch (err) {
      const line = d.commandLine ?? 1;
      const span = commandSpan(parsed.text, line, d.command);
      // Column 1 as the CLI has always printed it; the span marks the command itself.
      problems.push({ file, line, column: 1, field: 'command', message: (err as Error).message.replace(/^command: /, ''), ...(span ? { span } : {}) });
    }
  }
  if (d.objectives.length === 0) {
    problems.push({ file, line: 1, column: 1, field: 'objective', message: NO_OBJECTIVE });
  }
  return problems;
}

/** Where the command text sits on its directive's line. */
function commandSpan(text: string, line: number, command: string): Span | undefined {
  let start = 0;
  for (let n = 1; n < line; n++) {
    start = text.indexOf('\n', start) + 1;
    if (start === 0) return undefined;
  }
  const end = text.indexOf('\n', start);
  const lineText = text.slice(start, end < 0 ? text.length : end);
  const directive = lineText.indexOf('@tune.command');
  const found = directive < 0 ? -1 : lineText.indexOf(command, directive);
  return found < 0 ? undefined : { start: start + found, end: start + found + command.length };
}
