// Dense linear algebra for small symmetric positive-definite systems (Gaussian
// processes of a few hundred points). Matrices are row-major Float64Arrays of
// n*n entries; routines work in place where the caller owns the buffer, so
// the hot loops allocate nothing.

/**
 * Lower Cholesky factor of the symmetric matrix `a`, written over `a` (the
 * strict upper triangle is zeroed). Reads only the lower triangle. Returns
 * false, leaving `a` partly overwritten, when `a` is not positive definite.
 */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let d = a[rj + j];
    for (let k = 0; k < j; k++) d -= a[rj + k] * a[rj + k];
    if (!(d > 0) || !Number.isFinite(d)) return false;
    const ljj = Math.sqrt(d);
    a[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j];
      for (let k = 0; k < j; k++) s -= a[ri + k] * a[rj + k];
      a[ri + j] = s / ljj;
    }
    for (let k = j + 1; k < n; k++) a[rj + k] = 0;
  }
  return true;
}

/**
 * Cholesky factor of `a` into `out`, adding growing multiples of the mean
 * diagonal to the diagonal until the factorisation succeeds (rounding can
 * make a kernel matrix of near-duplicate points numerically indefinite).
 * Returns the jitter added (0 when none was needed), or -1 when every try
 * failed. `a` is left unchanged.
 */
export function choleskyWithJitter(a: Float64Array, n: number, out: Float64Array, maxTries = 8): number {
  let meanDiag = 0;
  for (let i = 0; i < n; i++) meanDiag += a[i * n + i];
  meanDiag = n > 0 ? Math.abs(meanDiag) / n : 1;
  if (!(meanDiag > 0) || !Number.isFinite(meanDiag)) meanDiag = 1;
  let jitter = 0;
  for (let attempt = 0; attempt <= maxTries; attempt++) {
    out.set(a.subarray(0, n * n));
    if (jitter > 0) for (let i = 0; i < n; i++) out[i * n + i] += jitter;
    if (choleskyInPlace(out, n)) return jitter;
    jitter = jitter === 0 ? 1e-10 * meanDiag : jitter * 10;
  }
  return -1;
}

/** Solves L x = b in place (forward substitution); b has n entries. */
export function solveLower(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[ri + k] * b[k];
    b[i] = s / l[ri + i];
  }
}

/** Solves L^T x = b in place (back substitution with the transpose of L). */
export function solveLowerTransposed(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
    b[i] = s / l[i * n + i];
  }
}

/** Solves (L L^T) x = b in place, given the Cholesky factor L. */
export function choSolve(l: Float64Array, n: number, b: Float64Array): void {
  solveLower(l, n, b);
  solveLowerTransposed(l, n, b);
}

/** log det(L L^T) from the Cholesky factor. */
export function logDetFromCholesky(l: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.log(l[i * n + i]);
  return 2 * s;
}

/**
 * (L L^T)^{-1} into `out` (a full symmetric matrix), using `work` (n*n) as
 * scratch. About n^3/3 multiply-adds, all of them dot products of
 * contiguous rows (which the JIT runs much faster than strided updates).
 */
export function inverseFromCholesky(l: Float64Array, n: number, out: Float64Array, work: Float64Array): void {
  // Row i of work = column i of L^{-1} (so work holds U = L^{-T}, upper triangular).
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j < i; j++) work[ri + j] = 0;
    work[ri + i] = 1 / l[ri + i];
    for (let j = i + 1; j < n; j++) {
      const rj = j * n;
      let s = 0;
      for (let k = i; k < j; k++) s += l[rj + k] * work[ri + k];
      work[ri + j] = -s / l[rj + j];
    }
  }
  // (L L^T)^{-1} = U U^T: entry (i, j), j >= i, is the dot product of rows i and j from column j on.
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = i; j < n; j++) {
      const rj = j * n;
      let s = 0;
      for (let k = j; k < n; k++) s += work[ri + k] * work[rj + k];
      out[ri + j] = s;
      out[rj + i] = s;
    }
  }
}

/** Copies the lower triangle onto the upper one, so rounding cannot break symmetry. */
export function symmetrizeFromLower(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[j * n + i] = a[i * n + j];
}
