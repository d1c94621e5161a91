/**
 * NumPy's summation, step for step, so that sums and means computed in the browser equal the Python ones
 * to the last bit: `np.sum` / `ndarray.mean` of float64 use pairwise summation (blocks of 128, each
 * summed in eight interleaved partial sums), `np.cumsum` sums one by one.
 */

const BLOCK = 128;

function pairwise(a, start, n) {
  if (n < 8) {
    let res = 0.0; // NumPy starts from -0.0 only when every term is -0.0, which a rate never is
    for (let i = 0; i < n; i++) res += a[start + i];
    return res;
  }
  if (n <= BLOCK) {
    const r = [a[start], a[start + 1], a[start + 2], a[start + 3], a[start + 4], a[start + 5], a[start + 6], a[start + 7]];
    let i;
    for (i = 8; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] += a[start + i + j];
    }
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += a[start + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, start, n2) + pairwise(a, start + n2, n - n2);
}

/** `np.sum(a)` of a float64 array. */
export function sum(a) {
  return pairwise(a, 0, a.length);
}

/** `a.mean()` of a float64 array: the pairwise sum divided by the count. */
export function mean(a) {
  return sum(a) / a.length;
}

/** `np.cumsum(a)`. */
export function cumsum(a) {
  const out = new Float64Array(a.length);
  let total = 0.0;
  for (let i = 0; i < a.length; i++) out[i] = total += a[i];
  return out;
}
