import type { MetricVocabulary } from './promql.js';

/** One query of a panel. */
export interface PanelQuery {
  readonly expr: string;
  /** Grafana legend, e.g. `{{route}}`. */
  readonly legend: string;
}

/** A dashboard panel: a time series or a single stat. */
export interface Panel {
  readonly title: string;
  readonly kind: 'timeseries' | 'stat';
  /** Grafana unit id (`reqps`, `s`, `percentunit`, `short`, `ops`). */
  readonly unit: string;
  readonly description?: string;
  readonly queries: readonly PanelQuery[];
  /** Value → text for stats (the breaker's 0/1/2/3). */
  readonly valueText?: Readonly<Record<string, string>>;
}

/** A row of panels under a heading. */
export interface DashboardRow {
  readonly title: string;
  readonly panels: readonly Panel[];
}

/** A Grafana dashboard, declared in code from catalog metrics and recorded series. */
export interface Dashboard {
  /** Stable uid (Grafana links survive a re-import). */
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly rows: readonly DashboardRow[];
}

/** Grafana's rate window for the scrape interval; the e2e test substitutes a fixed one. */
export const RATE_INTERVAL = '$__rate_interval';

/** A counter panel's query: `sum by (<by>) (rate(<metric>{job="<job>"}[$__rate_interval]))`. */
export function rateBy(metric: string, job: string, by: string): string {
  return `sum by (${by}) (rate(${metric}{job="${job}"}[${RATE_INTERVAL}]))`;
}

/** A histogram panel's query: the `q` quantile of `<histogram>_bucket` per `by`. */
export function quantileBy(q: number, histogram: string, job: string, by: string): string {
  const buckets = `sum by (${by ? `${by}, ` : ''}le) (rate(${histogram}_bucket{job="${job}"}[${RATE_INTERVAL}]))`;
  return `histogram_quantile(${q}, ${buckets})`;
}

// Grafana's own variable syntax, not a JavaScript template.
const DATASOURCE = { type: 'prometheus', uid: ['$', '{datasource}'].join('') };
const WIDTH = 24;

/** Every query of a dashboard with the panel it belongs to. */
export function dashboardQueries(dashboard: Dashboard): { panel: string; expr: string }[] {
  return dashboard.rows.flatMap((row) =>
    row.panels.flatMap((panel) => panel.queries.map((q) => ({ panel: panel.title, expr: q.expr }))),
  );
}

/** Problems of a dashboard's queries against the catalogs and recorded series; empty when valid. */
export function checkDashboard(dashboard: Dashboard, vocabulary: MetricVocabulary): string[] {
  return dashboardQueries(dashboard).flatMap(({ panel, expr }) =>
    vocabulary.check(expr).map((p) => `dashboard '${dashboard.uid}', panel '${panel}': ${p}`),
  );
}

function panelJson(panel: Panel, id: number, gridPos: { x: number; y: number; w: number; h: number }) {
  const mappings = panel.valueText
    ? [
        {
          type: 'value',
          options: Object.fromEntries(
            Object.entries(panel.valueText).map(([value, text], index) => [value, { text, index }]),
          ),
        },
      ]
    : [];
  return {
    id,
    type: panel.kind,
    title: panel.title,
    ...(panel.description ? { description: panel.description } : {}),
    datasource: DATASOURCE,
    gridPos,
    fieldConfig: { defaults: { unit: panel.unit, mappings }, overrides: [] },
    options:
      panel.kind === 'stat'
        ? { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'value' }
        : { legend: { displayMode: 'list', placement: 'bottom' }, tooltip: { mode: 'multi' } },
    targets: panel.queries.map((q, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: DATASOURCE,
      expr: q.expr,
      legendFormat: q.legend,
    })),
  };
}

/**
 * The Grafana dashboard JSON (schema 39): a data source variable, one collapsed-free row
 * per {@link DashboardRow}, panels laid out left to right, 8 units high.
 */
export function toGrafanaJson(dashboard: Dashboard): Record<string, unknown> {
  const panels: unknown[] = [];
  let id = 1;
  let y = 0;
  for (const row of dashboard.rows) {
    panels.push({
      id: id++,
      type: 'row',
      title: row.title,
      collapsed: false,
      gridPos: { x: 0, y, w: WIDTH, h: 1 },
    });
    y += 1;
    const width = Math.max(6, Math.floor(WIDTH / Math.min(row.panels.length, 4)));
    row.panels.forEach((panel, i) => {
      const x = (i * width) % WIDTH;
      if (i > 0 && x === 0) y += 8;
      panels.push(panelJson(panel, id++, { x, y, w: width, h: 8 }));
    });
    y += 8;
  }
  return {
    uid: dashboard.uid,
    title: dashboard.title,
    description: dashboard.description,
    tags: ['zerotouch'],
    editable: false,
    schemaVersion: 39,
    version: 1,
    refresh: '30s',
    time: { from: 'now-6h', to: 'now' },
    timezone: 'browser',
    templating: {
      list: [
        { name: 'datasource', label: 'Data source', type: 'datasource', query: 'prometheus', current: {} },
      ],
    },
    panels,
  };
}
