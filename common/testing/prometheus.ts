import { type ChildProcess, execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import { freePort } from '../db/index.js';

const run = promisify(execFile);

function onPath(binary: string): boolean {
  return spawnSync(binary, ['--version'], { stdio: 'ignore' }).status === 0;
}

let reason: string | undefined;

/**
 * Why Prometheus tests skip on this machine ('' when `prometheus` and `promtool` are installed).
 * With `CI=true` a missing binary is an error: `.ci/run` installs Debian's `prometheus` package.
 */
export function prometheusSkipReason(): string {
  if (reason === undefined) {
    const missing = ['prometheus', 'promtool'].filter((b) => !onPath(b)).join(' and ');
    if (missing && process.env.CI === 'true') {
      throw new Error(`CI=true but ${missing} not installed (.ci/run installs Debian's prometheus package)`);
    }
    reason = missing
      ? `${missing} not installed: Prometheus tests skip (apt-get install -y prometheus to run them)`
      : '';
    if (reason) console.warn(`[skip] ${reason}`);
  }
  return reason;
}

/** The outcome of one promtool run. */
export interface PromtoolResult {
  readonly code: number;
  readonly output: string;
}

/** Runs `promtool <args>` in `cwd`; never throws on a non-zero exit (the result says). */
export async function promtool(args: readonly string[], cwd: string): Promise<PromtoolResult> {
  try {
    const { stdout, stderr } = await run('promtool', [...args], { cwd, timeout: 60_000 });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, output: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** A scratch directory for rule files; `remove` deletes it. */
export async function scratchDir(prefix: string): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** One scrape target of {@link startPrometheus}. */
export interface ScrapeTarget {
  readonly job: string;
  /** `host:port`. */
  readonly address: string;
  /** Extra target labels (what prometheus-operator would add, e.g. `namespace`). */
  readonly labels?: Record<string, string>;
}

/** A Prometheus server started for a test. */
export interface TestPrometheus {
  readonly url: string;
  /** Runs an instant query; returns the result vector (throws on an API error). */
  query(expr: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  stop(): Promise<void>;
}

/**
 * Starts a real Prometheus on a free loopback port scraping `targets` every `scrapeInterval`,
 * evaluating `ruleGroups` (rule-file `groups`) as often, with its TSDB in a temporary directory.
 */
export async function startPrometheus(options: {
  readonly targets: readonly ScrapeTarget[];
  readonly ruleGroups: readonly unknown[];
  readonly scrapeInterval?: string;
}): Promise<TestPrometheus> {
  const interval = options.scrapeInterval ?? '1s';
  const scratch = await scratchDir('zt-prometheus-');
  await writeFile(path.join(scratch.dir, 'rules.yaml'), stringify({ groups: options.ruleGroups }));
  await writeFile(
    path.join(scratch.dir, 'prometheus.yaml'),
    stringify({
      global: { scrape_interval: interval, evaluation_interval: interval },
      rule_files: ['rules.yaml'],
      scrape_configs: options.targets.map((t) => ({
        job_name: t.job,
        static_configs: [{ targets: [t.address], labels: t.labels ?? {} }],
      })),
    }),
  );
  const port = await freePort();
  const child: ChildProcess = spawn(
    'prometheus',
    [
      `--config.file=${path.join(scratch.dir, 'prometheus.yaml')}`,
      `--storage.tsdb.path=${path.join(scratch.dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8_000);
  });
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await scratch.remove();
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) {
      await scratch.remove();
      throw new Error(`prometheus exited with ${child.exitCode}: ${log}`);
    }
    const ready = await fetch(`${url}/-/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus did not become ready: ${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async query(expr) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
      const body = (await res.json()) as { status: string; error?: string; data?: { result: never[] } };
      if (body.status !== 'success') throw new Error(`query ${expr} failed: ${body.error}`);
      return body.data!.result;
    },
    stop,
  };
}
