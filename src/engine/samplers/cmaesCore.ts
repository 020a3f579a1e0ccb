// The (mu/mu_w, lambda)-CMA-ES update with the default parameters of
// Hansen's tutorial ("The CMA Evolution Strategy: A Tutorial", 2016). Pure
// numerics: the sampler decides which points form a generation and in which
// order they rank.
import { symmetricEigen } from '../math/eigen';

/** Why a run should restart, or undefined while it makes progress. */
export type StopReason = 'tolx' | 'tolfun' | 'condition' | 'divergence' | 'numerics';

export class CmaState {
  readonly n: number;
  readonly lambda: number;
  readonly mu: number;
  readonly weights: Float64Array;
  readonly mueff: number;
  private readonly cc: number;
  private readonly cs: number;
  private readonly c1: number;
  private readonly cmu: number;
  private readonly damps: number;
  private readonly chiN: number;
  /** Hansen's bound on the Mahalanobis length of a step (for injected points). */
  private readonly maxStep: number;

  readonly mean: Float64Array;
  sigma: number;
  /** Row-major covariance. */
  readonly C: Float64Array;
  private readonly pc: Float64Array;
  private readonly ps: Float64Array;
  /** B diag(D): maps a standard normal vector onto a step with covariance C. */
  private readonly BD: Float64Array;
  /** C^(-1/2) = B diag(1/D) B^T. */
  private readonly invSqrtC: Float64Array;
  private minEig = 1;
  private maxEig = 1;
  generation = 0;

  constructor(
    mean: ArrayLike<number>,
    readonly sigma0: number,
    lambda: number,
  ) {
    const n = mean.length;
    this.n = n;
    this.lambda = lambda;
    this.mu = Math.floor(lambda / 2);
    const w = new Float64Array(this.mu);
    let sum = 0;
    for (let i = 0; i < this.mu; i++) sum += w[i] = Math.log((lambda + 1) / 2) - Math.log(i + 1);
    let sumSq = 0;
    for (let i = 0; i < this.mu; i++) {
      w[i] /= sum;
      sumSq += w[i] * w[i];
    }
    this.weights = w;
    this.mueff = 1 / sumSq;
    const mueff = this.mueff;
    this.cc = (4 + mueff / n) / (n + 4 + (2 * mueff) / n);
    this.cs = (mueff + 2) / (n + mueff + 5);
    this.c1 = 2 / ((n + 1.3) ** 2 + mueff);
    this.cmu = Math.min(1 - this.c1, (2 * (mueff - 2 + 1 / mueff)) / ((n + 2) ** 2 + mueff));
    this.damps = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + this.cs;
    this.chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
    this.maxStep = Math.sqrt(n) + (2 * n) / (n + 2);

    this.mean = Float64Array.from(mean);
    this.sigma = sigma0;
    this.C = new Float64Array(n * n);
    this.BD = new Float64Array(n * n);
    this.invSqrtC = new Float64Array(n * n);
    for (let i = 0; i < n; i++) this.C[i * n + i] = this.BD[i * n + i] = this.invSqrtC[i * n + i] = 1;
    this.pc = new Float64Array(n);
    this.ps = new Float64Array(n);
  }

  /** out = mean + sigma * B D z, for a standard normal z. */
  sample(z: ArrayLike<number>, out: Float64Array): void {
    const n = this.n;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += this.BD[i * n + j] * z[j];
      out[i] = this.mean[i] + this.sigma * s;
    }
  }

  /**
   * One generation's update from its points, best first (at least mu of
   * them). Points need not come from sample(): each step is clipped to a
   * plausible Mahalanobis length, so injected or repaired points are safe.
   */
  tell(ranked: readonly ArrayLike<number>[]): void {
    const n = this.n;
    const mu = Math.min(this.mu, ranked.length);
    const steps: Float64Array[] = [];
    const yw = new Float64Array(n);
    const tmp = new Float64Array(n);
    for (let k = 0; k < mu; k++) {
      const y = new Float64Array(n);
      for (let i = 0; i < n; i++) y[i] = (ranked[k][i] - this.mean[i]) / this.sigma;
      this.mulInvSqrtC(y, tmp);
      const length = norm(tmp);
      if (length > this.maxStep) for (let i = 0; i < n; i++) y[i] *= this.maxStep / length;
      steps.push(y);
      for (let i = 0; i < n; i++) yw[i] += this.weights[k] * y[i];
    }
    for (let i = 0; i < n; i++) this.mean[i] += this.sigma * yw[i];

    this.generation++;
    this.mulInvSqrtC(yw, tmp);
    const csn = Math.sqrt(this.cs * (2 - this.cs) * this.mueff);
    for (let i = 0; i < n; i++) this.ps[i] = (1 - this.cs) * this.ps[i] + csn * tmp[i];
    const psNorm = norm(this.ps);
    const hsig = psNorm / Math.sqrt(1 - (1 - this.cs) ** (2 * this.generation)) < (1.4 + 2 / (n + 1)) * this.chiN ? 1 : 0;
    const ccn = Math.sqrt(this.cc * (2 - this.cc) * this.mueff);
    for (let i = 0; i < n; i++) this.pc[i] = (1 - this.cc) * this.pc[i] + hsig * ccn * yw[i];

    const keep = 1 - this.c1 - this.cmu + (1 - hsig) * this.c1 * this.cc * (2 - this.cc);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        let rankMu = 0;
        for (let k = 0; k < mu; k++) rankMu += this.weights[k] * steps[k][i] * steps[k][j];
        const v = keep * this.C[i * n + j] + this.c1 * this.pc[i] * this.pc[j] + this.cmu * rankMu;
        this.C[i * n + j] = v;
        this.C[j * n + i] = v;
      }
    }
    this.sigma *= Math.exp(Math.min(1, (this.cs / this.damps) * (psNorm / this.chiN - 1)));
    this.decompose();
  }

  /** A reason to restart, judged after tell(). */
  stopReason(): StopReason | undefined {
    const n = this.n;
    if (!Number.isFinite(this.sigma) || !(this.minEig > 0) || !Number.isFinite(this.maxEig)) return 'numerics';
    if (this.maxEig / this.minEig > 1e14) return 'condition';
    let maxSd = 0;
    for (let i = 0; i < n; i++) maxSd = Math.max(maxSd, Math.sqrt(this.C[i * n + i]));
    if (this.sigma * maxSd < 1e-11 && this.sigma * norm(this.pc) < 1e-11) return 'tolx';
    if (this.sigma * Math.sqrt(this.maxEig) > 1e4 * this.sigma0) return 'divergence';
    return undefined;
  }

  private mulInvSqrtC(v: Float64Array, out: Float64Array): void {
    const n = this.n;
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += this.invSqrtC[i * n + j] * v[j];
      out[i] = s;
    }
  }

  private decompose(): void {
    const n = this.n;
    const { values, vectors } = symmetricEigen(this.C, n);
    this.minEig = values[0];
    this.maxEig = values[n - 1];
    if (!(this.minEig > 0)) return; // stopReason() reports it; keep the last good factors
    const d = values.map(Math.sqrt);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        this.BD[i * n + j] = vectors[i * n + j] * d[j];
        let s = 0;
        for (let k = 0; k < n; k++) s += (vectors[i * n + k] * vectors[j * n + k]) / d[k];
        this.invSqrtC[i * n + j] = s;
      }
    }
  }
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}
