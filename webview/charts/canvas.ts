// A canvas that fills its box at the screen's pixel density, follows the
// box's size, and repaints at most once a frame however often it is asked.
export type Paint = (ctx: CanvasRenderingContext2D, width: number, height: number) => void;

export class ChartCanvas {
  readonly element: HTMLCanvasElement;
  /** The size in CSS pixels; 0 while the box is hidden. */
  width = 0;
  height = 0;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly resize: ResizeObserver;
  private frame = 0;

  constructor(
    parent: HTMLElement,
    private readonly paint: Paint,
    className = 'chart-canvas',
  ) {
    this.element = document.createElement('canvas');
    this.element.className = className;
    parent.append(this.element);
    const ctx = this.element.getContext('2d');
    if (!ctx) throw new Error('the webview has no 2D canvas');
    this.ctx = ctx;
    this.resize = new ResizeObserver(() => this.invalidate());
    this.resize.observe(this.element);
  }

  /** Asks for a repaint in the next frame. */
  invalidate(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.paintNow();
    });
  }

  /** Repaints at once (a benchmark's timing, a test). */
  paintNow(): void {
    const rect = this.element.getBoundingClientRect();
    const dpr = window.devicePixelRatio || 1;
    this.width = Math.floor(rect.width);
    this.height = Math.floor(rect.height);
    if (this.width <= 0 || this.height <= 0) return;
    const w = Math.round(this.width * dpr);
    const h = Math.round(this.height * dpr);
    if (this.element.width !== w || this.element.height !== h) {
      this.element.width = w;
      this.element.height = h;
    }
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.ctx.clearRect(0, 0, this.width, this.height);
    this.paint(this.ctx, this.width, this.height);
  }

  /** The pointer's position in CSS pixels within the canvas. */
  pointer(event: MouseEvent): { x: number; y: number } {
    const rect = this.element.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  }

  dispose(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.resize.disconnect();
    this.element.remove();
  }
}
