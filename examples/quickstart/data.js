'use strict';
// The data set: three interleaved noisy spirals in the plane, a classic task
// that a linear model cannot solve and a small MLP can, if it is trained well.
// It is drawn from a fixed seed, so every trial sees exactly the same points.

/** A small, fast, seedable PRNG (mulberry32): uniform numbers in [0, 1). */
function makeRng(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box-Muller) from a uniform source. */
function gaussian(rng) {
  const u = 1 - rng(); // in (0, 1], so the log is finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Fisher-Yates shuffle of an index array in place. */
function shuffle(indices, rng) {
  for (let i = indices.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = indices[i];
    indices[i] = indices[j];
    indices[j] = t;
  }
  return indices;
}

/**
 * `perClass` points on each of `classes` spiral arms that wind `turns` times,
 * with angular noise (in radians) that makes some points ambiguous;
 * x is an (n x 2) row-major Float64Array, y the class of each row.
 */
function spirals({ perClass, classes, turns, noise, seed }) {
  const rng = makeRng(seed);
  const n = perClass * classes;
  const x = new Float64Array(n * 2);
  const y = new Int32Array(n);
  for (let c = 0; c < classes; c++) {
    for (let i = 0; i < perClass; i++) {
      const k = c * perClass + i;
      const r = (i + 1) / perClass; // radius from near 0 to 1
      const theta = (c * 2 * Math.PI) / classes + turns * 2 * Math.PI * r + noise * gaussian(rng);
      x[2 * k] = r * Math.sin(theta);
      x[2 * k + 1] = r * Math.cos(theta);
      y[k] = c;
    }
  }
  return { x, y, n, features: 2, classes };
}

/** Splits a data set into train and validation parts, shuffled by `seed`. */
function trainValidationSplit(data, validationFraction, seed) {
  const order = shuffle(Array.from({ length: data.n }, (_, i) => i), makeRng(seed));
  const nVal = Math.round(data.n * validationFraction);
  const take = (rows) => {
    const x = new Float64Array(rows.length * data.features);
    const y = new Int32Array(rows.length);
    rows.forEach((row, i) => {
      for (let f = 0; f < data.features; f++) x[i * data.features + f] = data.x[row * data.features + f];
      y[i] = data.y[row];
    });
    return { x, y, n: rows.length, features: data.features, classes: data.classes };
  };
  return { train: take(order.slice(nVal)), validation: take(order.slice(0, nVal)) };
}

module.exports = { makeRng, gaussian, shuffle, spirals, trainValidationSplit };
