// Hovering an annotated value (or its `@tune` comment) shows what the
// annotation means and what the runs found: the words come from hoverModel,
// the picture from slicePlot; this class only finds the value under the mouse.
import * as vscode from 'vscode';
import type { AnnotatedValue } from '../annotations';
import type { AnnotationCache } from './annotationCache';
import { type ImportanceFact, hoverMarkdown, importanceOf } from './hoverModel';
import type { RunEntry, RunIndex } from './runIndex';
import { slicePlot, svgMarkdownImage } from './slicePlot';

export class AnnotationHover implements vscode.HoverProvider {
  /** By run entry (the index makes new ones when runs change) and parameter, so a hover does not refit. */
  private readonly importance = new WeakMap<RunEntry, Map<string, ImportanceFact | undefined>>();

  constructor(
    private readonly cache: AnnotationCache,
    private readonly indexFor: (uri: vscode.Uri) => RunIndex | undefined,
  ) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const parsed = this.cache.get(document);
    if (!parsed) return undefined;
    const offset = document.offsetAt(position);
    const inside = (s: { start: number; end: number }): boolean => offset >= s.start && offset < s.end;
    const value = parsed.values.find((v) => inside(v.span) || inside(v.annotation));
    if (!value) return undefined;
    const hovered = inside(value.span) ? value.span : value.annotation;

    const index = this.indexFor(document.uri);
    const runs = index?.runsOf(document.fileName) ?? [];
    const best = index?.bestOf(document.fileName, parsed.directives.objectives[0]);
    const entry = best?.entry ?? runs[0];
    const svg = best ? slicePlot(value.distribution, value.name, best.entry.trials, best.objective, best.trial.number) : undefined;
    const markdown = hoverMarkdown({
      value,
      best,
      runs,
      importance: this.importanceOf(value, entry),
      ...(svg ? { plot: svgMarkdownImage(svg, `${value.name} against ${best!.objective.metric}`) } : {}),
    });
    return new vscode.Hover(new vscode.MarkdownString(markdown), new vscode.Range(document.positionAt(hovered.start), document.positionAt(hovered.end)));
  }

  private importanceOf(value: AnnotatedValue, entry: RunEntry | undefined): ImportanceFact | undefined {
    if (!entry) return undefined;
    let byName = this.importance.get(entry);
    if (!byName) this.importance.set(entry, (byName = new Map()));
    if (!byName.has(value.name)) byName.set(value.name, importanceOf(value.name, entry));
    return byName.get(value.name);
  }
}
