// How the GP sees a configuration: numeric parameters as one coordinate of
// the unit cube each (log ones in log space, ints and steps relaxed to a
// continuum), categorical ones as one-hot blocks, so that every choice is
// equally far from every other.
import type { Params, ParamValue } from '../../space';
import { fromUnit, toUnit, type SearchedDistribution } from '../../transform';

export interface EncodedParam {
  name: string;
  dist: SearchedDistribution;
  /** First encoded coordinate. */
  offset: number;
  /** 1 for numeric parameters, the number of choices for categorical ones. */
  width: number;
}

export class SpaceEncoding {
  readonly params: EncodedParam[] = [];
  /** Number of encoded coordinates. */
  readonly dims: number;
  /** 1 where a coordinate is numeric (searched by gradient), 0 in one-hot blocks. */
  readonly continuous: Uint8Array;

  constructor(space: Record<string, SearchedDistribution>) {
    let offset = 0;
    for (const [name, dist] of Object.entries(space)) {
      const width = dist.type === 'categorical' ? dist.choices.length : 1;
      this.params.push({ name, dist, offset, width });
      offset += width;
    }
    this.dims = offset;
    this.continuous = new Uint8Array(offset);
    for (const p of this.params) if (p.dist.type !== 'categorical') this.continuous[p.offset] = 1;
  }

  get hasCategorical(): boolean {
    return this.params.some((p) => p.dist.type === 'categorical');
  }

  /** True when some parameter takes only grid values (int, step or categorical). */
  get hasDiscrete(): boolean {
    return this.params.some((p) => p.dist.type !== 'float' || p.dist.step !== undefined);
  }

  /**
   * Writes the encoding of `params` into out[at .. at+dims). Returns false
   * when a parameter is missing or a categorical value is not a choice.
   */
  encode(params: Params, out: Float64Array, at = 0): boolean {
    for (const p of this.params) {
      if (!(p.name in params)) return false;
      const value = params[p.name];
      if (p.dist.type === 'categorical') {
        const k = p.dist.choices.findIndex((c) => c === value);
        if (k < 0) return false;
        for (let i = 0; i < p.width; i++) out[at + p.offset + i] = i === k ? 1 : 0;
      } else {
        if (typeof value !== 'number' || !Number.isFinite(value)) return false;
        const u = toUnit(p.dist, value);
        out[at + p.offset] = Number.isFinite(u) ? Math.min(1, Math.max(0, u)) : 0.5;
      }
    }
    return true;
  }

  /** The configuration an encoded point stands for: rounded to the grid, the largest one-hot entry chosen. */
  decode(x: Float64Array): Params {
    const out: Params = {};
    for (const p of this.params) out[p.name] = this.decodeOne(p, x);
    return out;
  }

  /** Moves x onto the encoding of the configuration it decodes to (ints rounded, one-hot made exact). */
  snap(x: Float64Array): void {
    for (const p of this.params) {
      const value = this.decodeOne(p, x);
      if (p.dist.type === 'categorical') {
        const k = p.dist.choices.indexOf(value);
        for (let i = 0; i < p.width; i++) x[p.offset + i] = i === k ? 1 : 0;
      } else {
        x[p.offset] = toUnit(p.dist, value);
      }
    }
  }

  private decodeOne(p: EncodedParam, x: Float64Array): ParamValue {
    if (p.dist.type === 'categorical') {
      let best = 0;
      for (let i = 1; i < p.width; i++) if (x[p.offset + i] > x[p.offset + best]) best = i;
      return p.dist.choices[best];
    }
    return fromUnit(p.dist, x[p.offset]);
  }
}
