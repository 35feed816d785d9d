/**
 * Test support: applies the subset of function-patch-and-transform v0.10.8 and function-cel-filter
 * v0.2.0 that our compositions use to an XR, so synth tests can check what a cluster would get.
 * It follows the upstream semantics for that subset (Optional policy skips missing inputs, combine
 * skips when any variable is missing, map transforms fail on unknown keys, merge policies) and throws
 * on anything outside it rather than guessing. `platform/render` is the full offline renderer.
 */
import { evaluate } from '@marcbachmann/cel-js';
import { getPath, setPath } from './field-path.js';

type Json = Record<string, unknown>;

/** Go `fmt.Sprintf` for the verbs our formats use: %s %v %q %d and explicit indexes `%[n]v`. */
export function goSprintf(fmt: string, args: readonly unknown[]): string {
  let next = 0;
  return fmt.replace(/%(?:\[(\d+)\])?([svqd%])/g, (_m, index: string | undefined, verb: string) => {
    if (verb === '%') return '%';
    const arg = args[index ? Number(index) - 1 : next++];
    if (verb === 'q') return JSON.stringify(String(arg));
    if (typeof arg === 'string') return verb === 'd' ? `%!d(string=${arg})` : arg;
    if (typeof arg === 'number') return verb === 's' ? `%!s(int64=${arg})` : String(arg);
    if (typeof arg === 'boolean') return verb === 'v' ? String(arg) : `%!${verb}(bool=${arg})`;
    throw new Error(`fmt: unsupported argument ${JSON.stringify(arg)}`);
  });
}

function applyTransform(t: Json, input: unknown): unknown {
  if (t.type === 'string') {
    const s = t.string as Json;
    if (s.type !== 'Format') throw new Error(`preview: string transform ${String(s.type)} not supported`);
    return goSprintf(String(s.fmt), [input]);
  }
  if (t.type === 'map') {
    const table = t.map as Json;
    const key = String(input);
    if (!(key in table)) throw new Error(`key ${key} is not found in map`);
    return structuredClone(table[key]);
  }
  if (t.type === 'convert') {
    const c = t.convert as Json;
    if (c.format === 'json') return JSON.parse(String(input));
    if (c.toType === 'string') return String(input);
    if (c.toType === 'int64') {
      // strconv.ParseInt(s, 10, 64), as P&T's string → int64 conversion.
      if (!/^[+-]?\d+$/.test(String(input)))
        throw new Error(`strconv.ParseInt: parsing "${String(input)}": invalid syntax`);
      return Number(input);
    }
    throw new Error(`preview: convert to ${String(c.toType)} not supported`);
  }
  throw new Error(`preview: transform ${String(t.type)} not supported`);
}

function merge(dst: unknown, src: unknown, force: boolean, append: boolean): unknown {
  if (Array.isArray(dst) && Array.isArray(src)) return append ? [...dst, ...src] : force ? src : dst;
  if (
    dst &&
    src &&
    typeof dst === 'object' &&
    typeof src === 'object' &&
    !Array.isArray(dst) &&
    !Array.isArray(src)
  ) {
    const out: Json = { ...(dst as Json) };
    for (const [k, v] of Object.entries(src as Json)) out[k] = k in out ? merge(out[k], v, force, append) : v;
    return out;
  }
  if (dst === undefined || dst === null) return src;
  return force ? src : dst;
}

function write(target: Json, to: string, value: unknown, policy: string | undefined) {
  const current = getPath(target, to);
  if (!policy || policy === 'Replace' || current === undefined) return setPath(target, to, value);
  const force = policy.startsWith('Force');
  setPath(target, to, merge(current, value, force, policy.endsWith('AppendArrays')));
}

function applyPatch(patch: Json, xr: Json, target: Json) {
  let value: unknown;
  if (patch.type === 'FromCompositeFieldPath') {
    value = getPath(xr, String(patch.fromFieldPath));
    if (value === undefined) return;
  } else if (patch.type === 'CombineFromComposite') {
    const combine = patch.combine as { variables: { fromFieldPath: string }[]; string: { fmt: string } };
    const values = combine.variables.map((v) => getPath(xr, v.fromFieldPath));
    if (values.some((v) => v === undefined)) return;
    value = goSprintf(combine.string.fmt, values);
  } else if (patch.type === 'ToCompositeFieldPath' || patch.type === 'CombineToComposite') {
    return; // written back from observed resources, which a preview has none of
  } else {
    throw new Error(`preview: patch type ${String(patch.type)} not supported`);
  }
  for (const t of (patch.transforms as Json[] | undefined) ?? []) value = applyTransform(t, value);
  write(
    target,
    String(patch.toFieldPath),
    value,
    (patch.policy as Json | undefined)?.toFieldPath as string | undefined,
  );
}

/**
 * The composed resources a Composition would produce for `xr` (before any observed state), keyed by
 * template name, after the cel-filter step. Namespaced like Crossplane v2 does for namespaced XRs.
 */
export function previewComposition(composition: Json, xr: Json): Record<string, Json> {
  const pipeline = (composition.spec as { pipeline: { step: string; input: Json }[] }).pipeline;
  const pt = pipeline.find((s) => s.input.kind === 'Resources')!.input as { resources: Json[] };
  const out: Record<string, Json> = {};
  for (const r of pt.resources) {
    const target = structuredClone(r.base) as Json;
    for (const p of (r.patches as Json[]) ?? []) applyPatch(p, xr, target);
    const namespace = getPath(xr, 'metadata.namespace');
    if (namespace !== undefined) setPath(target, 'metadata.namespace', namespace);
    out[String(r.name)] = target;
  }
  const filters = pipeline.find((s) => s.input.kind === 'Filters')?.input as {
    filters: { name: string; expression: string }[];
  };
  for (const f of filters?.filters ?? []) {
    const keep = evaluate(f.expression, {
      observed: { composite: { resource: xr } },
      desired: {},
      context: {},
    });
    if (keep !== true) {
      for (const name of Object.keys(out)) if (new RegExp(`^${f.name}$`).test(name)) delete out[name];
    }
  }
  return out;
}
