// The quick fixes for annotation problems, as text edits on the parsed file
// (no `vscode`), so each fix is unit-tested by applying it and parsing again.
import { type AnnotationError, NO_COMMAND, NO_OBJECTIVE, type ParsedConfig, type Span } from '../annotations';
import { type Arg, closingParen, splitArgs } from '../annotations/distribution';
import { syntaxOf } from '../annotations/languages';

export interface TextEdit {
  span: Span;
  text: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix a person almost always wants (VS Code offers it on Ctrl+. first, and for auto-fix). */
  isPreferred?: boolean;
}

/** The template a missing command gets; the same line the CLI suggests. */
export const COMMAND_TEMPLATE = 'python train.py --config {config}';
const DEFAULT_OBJECTIVE = 'val_loss';
/** Metric names that are better when larger; anything else is taken to be a loss. */
const HIGHER_IS_BETTER = /acc|auc|f1|score|precision|recall|reward|return|map\b|bleu|rouge|iou|r2/i;

/** The fixes for one problem of the file; empty when there is no mechanical fix. */
export function quickFixes(parsed: ParsedConfig, error: AnnotationError): QuickFix[] {
  if (error.message === NO_OBJECTIVE) return addObjective(parsed);
  if (error.message === NO_COMMAND) {
    return [{ title: `Add a @tune.command line (${COMMAND_TEMPLATE})`, edits: [insertDirective(parsed, `@tune.command ${COMMAND_TEMPLATE}`, 'first')], isPreferred: true }];
  }
  if (!error.span) return [];
  switch (error.field) {
    case 'bounds':
      return swapBounds(parsed, error.span);
    case 'log':
      return error.message.startsWith('a log scale') ? fixLogScale(parsed, error.span) : [];
    case 'distribution':
    case 'directive':
      return didYouMean(error);
    default:
      return [];
  }
}

/** The positional and keyword arguments inside the parentheses of the annotation whose distribution starts `span`. */
function argumentsAt(text: string, span: Span): { kind: string; args: Arg[] } | undefined {
  const open = text.indexOf('(', span.start);
  if (open < 0 || open >= span.end) return undefined;
  const close = closingParen(text, open, span.end);
  if (close < 0) return undefined;
  return { kind: text.slice(span.start, open).trim(), args: splitArgs(text.slice(open + 1, close), open + 1) };
}

function swapBounds(parsed: ParsedConfig, span: Span): QuickFix[] {
  const found = argumentsAt(parsed.text, span);
  if (!found) return [];
  const [low, high] = found.args.filter((a) => a.key === undefined);
  const read = syntaxOf(parsed.language).readNumber;
  const lo = low && read(low.text);
  const hi = high && read(high.text);
  // Equal bounds have no order to fix.
  if (lo === undefined || hi === undefined || !(lo > hi)) return [];
  const rest = found.args.filter((a) => a !== low && a !== high).map((a) => `, ${a.text}`).join('');
  return [{
    title: `Swap the bounds: ${found.kind}(${high.text}, ${low.text}${rest})`,
    edits: [{ span: low.span, text: high.text }, { span: high.span, text: low.text }],
    isPreferred: true,
  }];
}

function fixLogScale(parsed: ParsedConfig, span: Span): QuickFix[] {
  const found = argumentsAt(parsed.text, span);
  if (!found) return [];
  const { args, kind } = found;
  const fixes: QuickFix[] = [];
  const at = args.findIndex((a) => (a.key === undefined && a.text === 'log') || a.key === 'log');
  if (at > 0) {
    // Remove the comma before it too: `float(0, 1, log)` -> `float(0, 1)`.
    fixes.push({ title: 'Drop log (a log scale needs low > 0)', edits: [{ span: { start: args[at - 1].span.end, end: args[at].span.end }, text: '' }], isPreferred: true });
  }
  const [low, high] = args.filter((a) => a.key === undefined);
  const hi = high ? syntaxOf(parsed.language).readNumber(high.text) : undefined;
  if (low && hi !== undefined && hi > 0) {
    const positive = kind === 'int' ? (hi > 1 ? '1' : undefined) : String(Number((hi / 1000).toPrecision(2)));
    if (positive !== undefined) fixes.push({ title: `Keep the log scale, starting at ${positive}`, edits: [{ span: low.span, text: positive }] });
  }
  return fixes;
}

function didYouMean(error: AnnotationError): QuickFix[] {
  const span = error.span as Span;
  const distribution = /did you mean "(\w+)"\?/.exec(error.message);
  if (error.field === 'distribution' && distribution) {
    return [{ title: `Change to ${distribution[1]}`, edits: [{ span, text: distribution[1] }], isPreferred: true }];
  }
  const directive = /did you mean (@tune\.\w+)\?/.exec(error.message);
  if (error.field === 'directive' && directive) {
    return [{ title: `Change to ${directive[1]}`, edits: [{ span, text: directive[1] }], isPreferred: true }];
  }
  return [];
}

function addObjective(parsed: ParsedConfig): QuickFix[] {
  const metrics = parsed.directives.metrics.map((m) => m.name);
  const names = metrics.length > 0 ? [...new Set(metrics)] : [DEFAULT_OBJECTIVE];
  return names.map((metric, i) => {
    const direction = HIGHER_IS_BETTER.test(metric) ? 'max' : 'min';
    const line = `@tune.objective ${metric} ${direction}`;
    return { title: `Add ${line}`, edits: [insertDirective(parsed, line, 'after command')], ...(i === 0 ? { isPreferred: true } : {}) };
  });
}

interface DirectiveLine {
  start: number;
  /** Before the line break. */
  end: number;
  /** The line's leading whitespace and comment marker (`#`, `//`, `;`). */
  indent: string;
  marker: string;
}

/** Comment lines that hold a directive and nothing else, in file order. */
function directiveLines(parsed: ParsedConfig): DirectiveLine[] {
  const { text } = parsed;
  let comments;
  try {
    comments = syntaxOf(parsed.language).scan(text).comments;
  } catch {
    return [];
  }
  const lines: DirectiveLine[] = [];
  for (const c of comments) {
    if (!/@tune\.\w/.test(c.text)) continue;
    const start = text.lastIndexOf('\n', c.start - 1) + 1;
    const lead = /^([ \t]*)(#|\/\/|;)[ \t]*$/.exec(text.slice(start, c.start));
    const newline = text.indexOf('\n', c.start);
    if (!lead || (newline >= 0 && newline < c.end - 1)) continue; // a trailing or multi-line comment
    let end = newline < 0 ? text.length : newline;
    if (end > start && text[end - 1] === '\r') end--;
    if (lines.at(-1)?.start !== start) lines.push({ start, end, indent: lead[1], marker: lead[2] });
  }
  return lines;
}

/**
 * One edit adding a directive comment line: after the command line (or the
 * last directive), or before the first directive; at the top of the file
 * (below a `#!` line) when there is none.
 */
function insertDirective(parsed: ParsedConfig, directive: string, where: 'after command' | 'first'): TextEdit {
  const { text } = parsed;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = directiveLines(parsed);
  const commandLine = parsed.directives.commandLine;
  const byLine = (n: number): DirectiveLine | undefined => lines.find((l) => text.slice(0, l.start).split('\n').length === n);
  const anchor = where === 'first' ? lines[0] : (commandLine !== undefined ? byLine(commandLine) : undefined) ?? lines.at(-1);
  if (anchor && where === 'first') {
    return { span: { start: anchor.start, end: anchor.start }, text: `${anchor.indent}${anchor.marker} ${directive}${eol}` };
  }
  if (anchor) return { span: { start: anchor.end, end: anchor.end }, text: `${eol}${anchor.indent}${anchor.marker} ${directive}` };
  const marker = parsed.language === 'json' ? '//' : '#';
  if (text.startsWith('#!')) {
    let end = text.indexOf('\n');
    if (end < 0) end = text.length;
    else if (text[end - 1] === '\r') end--;
    return { span: { start: end, end }, text: `${eol}${marker} ${directive}` };
  }
  return { span: { start: 0, end: 0 }, text: `${marker} ${directive}${eol}` };
}
