import { Environment } from '@marcbachmann/cel-js';
import { GoError, asGoError, wrapError } from '../go/errors.js';
import { goQuote } from '../go/fmt.js';
import type { GoRegexp } from '../go/regexp.js';
import { decodeInput, inputTypes } from '../core/strict-input.js';
import { compileGoRegexp } from '../go/regexp.js';
import { isObject } from '../go/values.js';
import type { JsonObject } from '../go/values.js';
import { fatal } from '../core/results.js';
import type { FunctionRequest, FunctionResponse, State } from '../core/state.js';
import { responseTo } from '../core/state.js';

// Messages of function-cel-filter v0.2.0 fn.go, verbatim.
const errGetFilters = 'cannot get filters from *v1.RunFunctionRequest';
const errCompileRegexp = (expr: string, i: number) =>
  `cannot compile regular expression ${goQuote(expr)} for filter ${i}`;
const errEvaluate = (expr: string, i: number) =>
  `cannot evaluate CEL expression ${goQuote(expr)} for filter ${i}`;
const ERR_PARSE = 'cannot parse expression';
const ERR_CHECK = 'cannot type-check expression';
const errNotBool = (expr: string, type: string) =>
  `expression ${goQuote(expr)} must return a boolean, but will return ${type} instead`;
const ERR_EVAL = 'cannot evaluate CEL program';

const INPUT_TYPE = 'v1beta1.Filters';
// input/v1beta1/input.go of function-cel-filter v0.2.0.
const INPUT_TYPES = inputTypes(
  INPUT_TYPE,
  { filters: '[]v1beta1.Filter' },
  { 'v1beta1.Filter': { name: 'string', expression: 'string' } },
);

/** One filter of `cel.fn.crossplane.io/v1beta1 Filters`. */
export interface Filter {
  readonly name?: string;
  readonly expression?: string;
}

// The variables of upstream's env: observed and desired (fnv1.State) and context (a Struct).
const CEL_ENV = new Environment({ unlistedVariablesAreDyn: false, homogeneousAggregateLiterals: false })
  .registerVariable('observed', 'map')
  .registerVariable('desired', 'map')
  .registerVariable('context', 'map');

/**
 * function-cel-filter `RunFunction`: drops each desired composed resource whose name matches a
 * filter's `name` (an anchored regexp) when the filter's CEL expression is false. Expressions are
 * evaluated once per request against the request's observed and desired state.
 */
export function runCelFilter(req: FunctionRequest): FunctionResponse {
  const rsp = responseTo(req);
  if (req.input != null && !isObject(req.input)) {
    rsp.results.push(fatal(`${errGetFilters}: input is not an object`));
    return rsp;
  }
  // No input, or input without filters, decodes to no filters: nothing is filtered.
  const decoded = decodeInput<{ filters?: Filter[] }>(
    req.input ?? {},
    INPUT_TYPE,
    INPUT_TYPES,
    errGetFilters,
  );
  if (decoded.rejected) {
    rsp.results.push(decoded.rejected);
    return rsp;
  }
  const filters = decoded.value.filters ?? [];
  const vars = { observed: celState(req.observed), desired: celState(req.desired), context: req.context };
  const regexps: GoRegexp[] = [];
  const include: boolean[] = [];
  for (const [i, f] of filters.entries()) {
    const expr = `^${f.name ?? ''}$`;
    try {
      regexps.push(compileGoRegexp(expr));
    } catch (err) {
      rsp.results.push(fatal(wrapError(err, errCompileRegexp(expr, i)).message));
      return rsp;
    }
    try {
      include.push(evaluate(f.expression ?? '', vars));
    } catch (err) {
      rsp.results.push(fatal(wrapError(err, errEvaluate(f.expression ?? '', i)).message));
      return rsp;
    }
  }
  for (const name of Object.keys(rsp.desired.resources)) {
    for (const [i] of filters.entries()) {
      if (!regexps[i]!.test(name) || include[i]) continue;
      delete rsp.desired.resources[name];
    }
  }
  return rsp;
}

interface Compiled {
  readonly program?: (vars: Record<string, unknown>) => unknown;
  readonly error?: GoError;
}

const compiled = new Map<string, Compiled>();

/** Parses and type-checks once per expression (upstream does it per request; the result is the same). */
function compile(expression: string): Compiled {
  let c = compiled.get(expression);
  if (c) return c;
  try {
    let parsed: ReturnType<Environment['parse']>;
    try {
      parsed = CEL_ENV.parse(expression);
    } catch (err) {
      throw wrapError(firstLine(err), ERR_PARSE);
    }
    const checked = parsed.check();
    if (!checked.valid) throw wrapError(firstLine(checked.error ?? 'invalid'), ERR_CHECK);
    if (checked.type !== 'bool') throw new GoError(errNotBool(expression, checked.type ?? 'unknown'));
    c = { program: (vars) => parsed(vars) };
  } catch (err) {
    c = { error: asGoError(err) };
  }
  if (compiled.size > 1000) compiled.clear();
  compiled.set(expression, c);
  return c;
}

/** `Evaluate`: parse, type-check (must be exactly bool), run. */
export function evaluate(expression: string, vars: Record<string, unknown>): boolean {
  const c = compile(expression);
  if (c.error) throw c.error;
  let result: unknown;
  try {
    result = c.program!(vars);
  } catch (err) {
    throw wrapError(firstLine(err), ERR_EVAL);
  }
  if (typeof result !== 'boolean') throw new GoError('expression did not return a bool');
  return result;
}

function firstLine(err: unknown): GoError {
  return new GoError(asGoError(err).message.split('\n')[0]!.trim());
}

const READY_ENUM = { Unspecified: 0, True: 1, False: 2 } as const;

/** A `fnv1.State` as cel-go sees it: proto field names, the Ready enum as an int. */
function celState(s: State): JsonObject {
  const resource = (r: State['composite']) => ({
    resource: r.resource,
    connection_details: r.connectionDetails ?? {},
    ready: READY_ENUM[r.ready ?? 'Unspecified'],
  });
  return {
    composite: resource(s.composite),
    resources: Object.fromEntries(Object.entries(s.resources).map(([k, v]) => [k, resource(v)])),
  } as JsonObject;
}
