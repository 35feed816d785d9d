import { type MetricSpec, type MetricsCatalog, seriesNames } from './catalog.js';

/** A metric selector found in a PromQL expression: its name and the labels it matches on. */
export interface SelectorRef {
  readonly metric: string;
  readonly labels: readonly string[];
}

/** What a PromQL expression refers to: selectors and grouping labels (`by`, `without`, `on`, …). */
export interface PromqlRefs {
  readonly selectors: readonly SelectorRef[];
  readonly groupingLabels: readonly string[];
}

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'inf', 'nan', 'start', 'end']);
/** Aggregation operators: followed by `by (…)` or `without (…)` as often as by their `(`. */
const AGGREGATIONS = new Set([
  'sum',
  'min',
  'max',
  'avg',
  'group',
  'stddev',
  'stdvar',
  'count',
  'count_values',
  'bottomk',
  'topk',
  'quantile',
]);
const LABEL_LISTS = new Set(['by', 'without', 'on', 'ignoring', 'group_left', 'group_right']);
const IDENT = /[a-zA-Z_:][a-zA-Z0-9_:]*/y;

function skipQuoted(expr: string, i: number): number {
  const quote = expr[i];
  let j = i + 1;
  while (j < expr.length && expr[j] !== quote) j += expr[j] === '\\' ? 2 : 1;
  return j + 1;
}

/** The label names inside `{…}` or `(…)` starting at `open`, and the index after the closer. */
function readLabelList(expr: string, open: number, closer: string): { labels: string[]; next: number } {
  const labels: string[] = [];
  let i = open + 1;
  let expectName = true;
  while (i < expr.length && expr[i] !== closer) {
    const c = expr[i]!;
    if (c === '"' || c === "'" || c === '`') i = skipQuoted(expr, i);
    else if (c === ',') {
      expectName = true;
      i += 1;
    } else if (/[a-zA-Z_]/.test(c)) {
      IDENT.lastIndex = i;
      const name = IDENT.exec(expr)![0];
      if (expectName) labels.push(name);
      expectName = false;
      i += name.length;
    } else i += 1;
  }
  return { labels, next: i + 1 };
}

/**
 * Reads the metric selectors and grouping labels of a PromQL expression. It does not validate
 * the expression (promtool does); it finds every name a rule or panel depends on.
 */
export function promqlRefs(expr: string): PromqlRefs {
  const selectors: SelectorRef[] = [];
  const groupingLabels: string[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === '"' || c === "'" || c === '`') i = skipQuoted(expr, i);
    else if (c === '[') i = expr.indexOf(']', i) + 1 || expr.length;
    else if (c === '{') {
      // A selector without a name (`{__name__=…}`) hides the metric: refuse it.
      throw new Error(`selector without a metric name at offset ${i}`);
    } else if (/[0-9.]/.test(c)) {
      // Numbers and durations (`5m`, `1e3`, `0x1f`) are not names.
      i = skipNumber(expr, i);
    } else if (/[a-zA-Z_:]/.test(c)) {
      IDENT.lastIndex = i;
      const name = IDENT.exec(expr)![0];
      let j = i + name.length;
      while (expr[j] === ' ' || expr[j] === '\n' || expr[j] === '\t') j += 1;
      if (LABEL_LISTS.has(name) && expr[j] === '(') {
        const list = readLabelList(expr, j, ')');
        groupingLabels.push(...list.labels);
        i = list.next;
      } else if (expr[j] === '(' || KEYWORDS.has(name.toLowerCase()) || AGGREGATIONS.has(name)) {
        i = i + name.length;
      } else if (expr[j] === '{') {
        const list = readLabelList(expr, j, '}');
        selectors.push({ metric: name, labels: list.labels });
        i = list.next;
      } else {
        selectors.push({ metric: name, labels: [] });
        i = i + name.length;
      }
    } else i += 1;
  }
  return { selectors, groupingLabels };
}

function skipNumber(expr: string, i: number): number {
  let j = i;
  while (j < expr.length && /[0-9a-zA-Z.]/.test(expr[j]!)) j += 1;
  return j;
}

/** Labels every scraped series carries besides its own (Prometheus and prometheus-operator target labels). */
export const TARGET_LABELS = [
  'job',
  'instance',
  'namespace',
  'pod',
  'service',
  'container',
  'endpoint',
] as const;

/** Series Prometheus makes itself for every target. */
const SCRAPE_SERIES = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped'];

/** The series an expression may use: catalog metrics (with a histogram's suffixes), recorded series and `up`. */
export class MetricVocabulary {
  readonly #labels = new Map<string, Set<string>>();

  constructor(catalogs: readonly MetricsCatalog[]) {
    for (const name of SCRAPE_SERIES) this.#labels.set(name, new Set(TARGET_LABELS));
    for (const catalog of catalogs) for (const spec of Object.values(catalog.metrics)) this.#add(spec);
  }

  #add(spec: MetricSpec): void {
    for (const series of seriesNames(spec)) {
      const labels = new Set<string>([...TARGET_LABELS, ...spec.labels]);
      if (series.endsWith('_bucket')) labels.add('le');
      this.#labels.set(series, labels);
    }
  }

  /** Adds a recording rule's series, with the labels its expression keeps. */
  addRecorded(name: string, labels: readonly string[]): void {
    this.#labels.set(name, new Set([...TARGET_LABELS, ...labels]));
  }

  /** True when `name` is a known series. */
  has(name: string): boolean {
    return this.#labels.has(name);
  }

  /**
   * The problems of one expression: unknown metrics, labels a metric does not have, grouping
   * labels no metric of the expression has. Empty when it only uses what the catalogs declare.
   */
  check(expr: string): string[] {
    let refs: PromqlRefs;
    try {
      refs = promqlRefs(expr);
    } catch (error) {
      return [(error as Error).message];
    }
    const problems: string[] = [];
    const usable = new Set<string>();
    for (const { metric, labels } of refs.selectors) {
      const known = this.#labels.get(metric);
      if (!known) {
        problems.push(`metric '${metric}' is not in any catalog`);
        continue;
      }
      for (const label of known) usable.add(label);
      for (const label of labels) {
        if (!known.has(label)) problems.push(`metric '${metric}' has no label '${label}'`);
      }
    }
    if (refs.selectors.length === 0) problems.push('the expression selects no metric');
    for (const label of refs.groupingLabels) {
      if (!usable.has(label)) problems.push(`no metric of the expression has the label '${label}'`);
    }
    return problems;
  }
}
