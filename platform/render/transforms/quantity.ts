import { GoError } from '../go/errors.js';

// Messages of k8s.io/apimachinery/pkg/api/resource quantity.go, verbatim.
const ERR_FORMAT_WRONG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const ERR_NUMERIC = 'unable to parse numeric part of quantity';
const ERR_SUFFIX = "unable to parse quantity's suffix";

const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/**
 * `resource.ParseQuantity(s).AsApproximateFloat64()`: a Kubernetes quantity such as `1000m`,
 * `1.5Gi` or `2e3` as a float64.
 */
export function parseQuantityAsFloat64(str: string): number {
  if (str.length === 0) throw new GoError('quantities must match the regular expression');
  const s = str.trim();
  const m = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/.exec(s);
  if (!m) throw new GoError(ERR_FORMAT_WRONG);
  const num = m[1]!;
  const suffix = m[2]!;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(num)) throw new GoError(ERR_NUMERIC);
  const value = Number(num);
  if (Object.hasOwn(BINARY, suffix)) return value * BINARY[suffix]!;
  if (Object.hasOwn(DECIMAL, suffix)) return value * 10 ** DECIMAL[suffix]!;
  const exp = /^[eE]([-+]?\d+)$/.exec(suffix);
  if (exp) return value * 10 ** Number(exp[1]);
  throw new GoError(ERR_SUFFIX);
}
