// Markdown pieces both benchmark reports are built from, so that their
// opening, tables and targets block read the same.

export function markdownTable(headers: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The title, the header lines as a list, then the notes (if any) as a list. */
export function reportOpening(title: string, header: readonly string[], notes: readonly string[]): string[] {
  const out: string[] = [`# ${title}`, '', ...header.map((h) => `- ${h}`), ''];
  if (notes.length) out.push('Notes:', '', ...notes.map((n) => `- ${n}`), '');
  return out;
}

/** The targets as aligned PASS/FAIL lines in a code block. */
export function targetsSection(targets: ReadonlyArray<{ status: string; text: string }>): string[] {
  return ['## Targets', '', '```', ...targets.map((t) => `${t.status.padEnd(4)}  ${t.text}`), '```', ''];
}
