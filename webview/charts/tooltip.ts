// A small hover label for a chart: what the point under the pointer is
// (trial, step, value). Built from text nodes; it never takes the pointer.
export class ChartTooltip {
  private readonly element: HTMLElement;

  /** `host` is the positioned box the chart fills; the label stays inside it. */
  constructor(private readonly host: HTMLElement) {
    this.element = document.createElement('div');
    this.element.className = 'chart-tooltip';
    this.element.setAttribute('role', 'tooltip');
    this.element.hidden = true;
    host.append(this.element);
  }

  /** Shows `lines` near (x, y), CSS pixels from the host's top left, on the side with room. */
  show(x: number, y: number, lines: readonly string[]): void {
    const e = this.element;
    e.replaceChildren(
      ...lines.map((text, i) => {
        const line = document.createElement('div');
        line.className = i === 0 ? 'chart-tooltip-title' : 'chart-tooltip-line';
        line.textContent = text;
        return line;
      }),
    );
    e.hidden = false;
    const gap = 12;
    const w = e.offsetWidth;
    const h = e.offsetHeight;
    const left = x + gap + w <= this.host.clientWidth ? x + gap : Math.max(0, x - gap - w);
    const top = Math.min(Math.max(0, y - h - 4), Math.max(0, this.host.clientHeight - h));
    e.style.transform = `translate(${Math.round(left)}px, ${Math.round(top)}px)`;
  }

  hide(): void {
    this.element.hidden = true;
  }

  dispose(): void {
    this.element.remove();
  }
}

/**
 * Makes a canvas's points pickable: a click selects the trial of the point
 * under the pointer, hovering shows `describe`'s lines for it (none: hidden).
 */
export function pickablePoints<P extends { number: number }>(
  canvas: { element: HTMLCanvasElement; pointer(e: MouseEvent): { x: number; y: number } },
  tooltip: ChartTooltip,
  pointAt: (e: MouseEvent) => P | undefined,
  describe: (point: P) => readonly string[] | undefined,
  select: (trial: number) => void,
): void {
  const element = canvas.element;
  element.addEventListener('click', (e) => {
    const point = pointAt(e);
    if (point) select(point.number);
  });
  element.addEventListener('mousemove', (e) => {
    const point = pointAt(e);
    const lines = point && describe(point);
    if (!lines) return tooltip.hide();
    const at = canvas.pointer(e);
    tooltip.show(at.x, at.y, lines);
  });
  element.addEventListener('mouseleave', () => tooltip.hide());
}
