// Turns a byte stream into lines with bounded memory: a trial that prints a
// gigabyte without a newline must not make the tuner hold a gigabyte.

export interface LineSplitterOptions {
  /** Also end a line at a carriage return (progress bars redraw with \r). */
  splitOnCarriageReturn?: boolean;
  /** Lines longer than this are dropped whole; they cannot be metrics anyway. */
  maxLineBytes?: number;
}

export class LineSplitter {
  private parts: Buffer[] = [];
  private length = 0;
  private overlong = false;
  private readonly maxLineBytes: number;
  private readonly splitOnCr: boolean;

  constructor(
    private readonly onLine: (line: string) => void,
    opts: LineSplitterOptions = {},
  ) {
    this.maxLineBytes = opts.maxLineBytes ?? 1024 * 1024;
    this.splitOnCr = opts.splitOnCarriageReturn ?? false;
  }

  push(chunk: Buffer | string): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i];
      if (b === 0x0a || (b === 0x0d && this.splitOnCr)) {
        this.append(buf.subarray(start, i));
        this.emit();
        start = i + 1;
      }
    }
    this.append(buf.subarray(start));
  }

  /** Emits the last line when the stream ended without a newline. */
  end(): void {
    if (this.length > 0 && !this.overlong) this.emit();
    this.reset();
  }

  private append(bytes: Buffer): void {
    if (bytes.length === 0 || this.overlong) return;
    if (this.length + bytes.length > this.maxLineBytes) {
      this.overlong = true;
      this.parts = [];
      this.length = 0;
      return;
    }
    // Copy: the stream may reuse the chunk's memory after we return.
    this.parts.push(Buffer.from(bytes));
    this.length += bytes.length;
  }

  private emit(): void {
    if (!this.overlong) {
      let line = Buffer.concat(this.parts, this.length).toString('utf8');
      if (line.endsWith('\r')) line = line.slice(0, -1);
      this.onLine(line);
    }
    this.reset();
  }

  private reset(): void {
    this.parts = [];
    this.length = 0;
    this.overlong = false;
  }
}
