import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The Prometheus metric types a catalog declares. */
export type MetricKind = 'counter' | 'gauge' | 'histogram';

/**
 * One metric of a service, as it is exposed on `/metrics`: the single source its prom-client
 * registration, `docs/metrics.md`, alert and recording rules and dashboard panels derive from.
 */
export interface MetricSpec<K extends MetricKind = MetricKind, L extends string = string> {
  readonly name: string;
  readonly kind: K;
  readonly help: string;
  /** Label names; never an id (thread, proposal, user): every value set must stay small. */
  readonly labels: readonly L[];
  /** The values each label takes, for the docs (a closed set keeps series bounded). */
  readonly labelValues?: { readonly [P in L]?: readonly string[] };
  /** Histogram bucket upper bounds, in the metric's unit. */
  readonly buckets?: readonly number[];
}

/** What a spec declares besides its name and kind. */
type SpecFields<L extends string> = Omit<MetricSpec<MetricKind, L>, 'name' | 'kind'>;

/** A counter spec; by convention its name ends in `_total`. */
export function counter<const L extends string = never>(
  name: string,
  fields: SpecFields<L>,
): MetricSpec<'counter', L> {
  if (!name.endsWith('_total')) throw new Error(`metric '${name}': a counter's name must end in _total`);
  return { name, kind: 'counter', ...fields };
}

/** A gauge spec. */
export function gauge<const L extends string = never>(
  name: string,
  fields: SpecFields<L>,
): MetricSpec<'gauge', L> {
  return { name, kind: 'gauge', ...fields };
}

/** A histogram spec; `buckets` is required (prom-client's defaults fit no metric of ours). */
export function histogram<const L extends string = never>(
  name: string,
  fields: SpecFields<L> & { readonly buckets: readonly number[] },
): MetricSpec<'histogram', L> {
  return { name, kind: 'histogram', ...fields };
}

/** The metrics of one service, keyed by the name its code uses. */
export interface MetricsCatalog<M extends Record<string, MetricSpec> = Record<string, MetricSpec>> {
  /** The service's name on its registry's `service` label (`ide-orchestrator`, `spec-engine`). */
  readonly service: string;
  /** The scrape `job`: the Kubernetes Service name the ServiceMonitor selects. */
  readonly job: string;
  /** One line for `docs/metrics.md`. */
  readonly description: string;
  readonly metrics: M;
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Declares a service's catalog, checking names and labels once at start.
 * @example
 * export const orchestratorCatalog = defineCatalog({ service: 'ide-orchestrator', job: 'ide-orchestrator',
 *   description: '…', metrics: { ...HTTP_METRICS, openSockets: gauge('orchestrator_websocket_connections', {…}) } });
 */
export function defineCatalog<const M extends Record<string, MetricSpec>>(
  catalog: MetricsCatalog<M>,
): MetricsCatalog<M> {
  const seen = new Set<string>();
  for (const spec of Object.values(catalog.metrics)) {
    if (!NAME.test(spec.name))
      throw new Error(`catalog ${catalog.service}: invalid metric name '${spec.name}'`);
    if (seen.has(spec.name))
      throw new Error(`catalog ${catalog.service}: metric '${spec.name}' is declared twice`);
    seen.add(spec.name);
    for (const label of spec.labels) {
      if (!LABEL.test(label) || label.startsWith('__') || label === 'le') {
        throw new Error(`catalog ${catalog.service}: metric '${spec.name}' has an invalid label '${label}'`);
      }
    }
    if ((spec.kind === 'histogram') !== (spec.buckets !== undefined)) {
      throw new Error(`catalog ${catalog.service}: only histograms have buckets ('${spec.name}')`);
    }
  }
  return catalog;
}

/** The series names a spec exposes: a histogram's `_bucket`, `_sum` and `_count`, else its name. */
export function seriesNames(spec: MetricSpec): string[] {
  return spec.kind === 'histogram'
    ? ['_bucket', '_sum', '_count'].map((s) => `${spec.name}${s}`)
    : [spec.name];
}

/** The prom-client object a spec registers as. */
export type Registered<S> =
  S extends MetricSpec<'counter', infer L>
    ? Counter<L>
    : S extends MetricSpec<'gauge', infer L>
      ? Gauge<L>
      : S extends MetricSpec<'histogram', infer L>
        ? Histogram<L>
        : never;

/** Options of {@link registerMetric}. */
export interface RegisterOptions<S extends MetricSpec = MetricSpec> {
  /**
   * Runs at scrape time (prom-client `collect`); may be async: a gauge reads its value, a counter
   * adds what a hot path counted in plain numbers since the last scrape.
   */
  readonly collect?: (this: Registered<S>) => void | Promise<void>;
}

/**
 * Registers a catalog metric on `registry`: the only way our services create metrics, so what
 * `/metrics` exposes is what the catalog (and so the docs, rules and dashboards) says.
 */
export function registerMetric<S extends MetricSpec>(
  registry: Registry,
  spec: S,
  options: RegisterOptions<S> = {},
): Registered<S> {
  const collect = options.collect ? { collect: options.collect as () => void | Promise<void> } : {};
  const base = { name: spec.name, help: spec.help, labelNames: [...spec.labels], registers: [registry] };
  switch (spec.kind) {
    case 'counter': {
      const metric = new Counter({ ...base, ...collect });
      for (const labels of closedLabelSets(spec)) metric.inc(labels, 0);
      return metric as Registered<S>;
    }
    case 'gauge':
      return new Gauge({ ...base, ...collect }) as Registered<S>;
    case 'histogram': {
      const metric = new Histogram({ ...base, buckets: [...(spec.buckets ?? [])] });
      for (const labels of closedLabelSets(spec)) metric.zero(labels);
      return metric as Registered<S>;
    }
  }
  throw new Error(`metric '${spec.name}': unknown kind`);
}

/**
 * Every label combination of a spec whose labels all have listed values. They are exported as 0
 * from the start, so `rate()` and `increase()` see the first event and panels are never empty.
 */
function closedLabelSets(spec: MetricSpec): Record<string, string>[] {
  if (spec.labels.length === 0) return [];
  const values = spec.labelValues as Record<string, readonly string[] | undefined> | undefined;
  if (!spec.labels.every((label) => values?.[label]?.length)) return [];
  return spec.labels.reduce<Record<string, string>[]>(
    (sets, label) => sets.flatMap((set) => values![label]!.map((value) => ({ ...set, [label]: value }))),
    [{}],
  );
}
