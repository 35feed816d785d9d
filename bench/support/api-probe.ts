import { apiClient } from '../../tests/support/http.js';

/**
 * A frontend polling one API path, in its own process so that its latencies are the API's and
 * not the event-loop lag of the bench process (which also runs hundreds of viewer sockets).
 * Forked with IPC: `{url, token, path, intervalMs}` in `PROBE_*` variables; it requests the path
 * every `intervalMs` until the parent sends `{stop: minCount}` and at least `minCount` requests
 * were made, then sends `{latencies}` (ms, sorted) and exits. A non-200 answer is reported as
 * `{error}`.
 */
const api = apiClient(process.env.PROBE_URL!, process.env.PROBE_TOKEN);
const path = process.env.PROBE_PATH!;
const intervalMs = Number(process.env.PROBE_INTERVAL_MS ?? 50);
let minCount: number | undefined;
process.on('message', (message: { stop?: number }) => {
  if (message.stop !== undefined) minCount = message.stop;
});
// The bench is gone (it failed or was stopped): nobody is left to report to.
process.on('disconnect', () => process.exit(0));

const latencies: number[] = [];
while (minCount === undefined || latencies.length < minCount) {
  const t0 = performance.now();
  const res = await api.get(path);
  if (res.status !== 200) {
    process.send?.({ error: `probe GET ${path} answered ${res.status}` });
    process.exit(1);
  }
  latencies.push(performance.now() - t0);
  await new Promise((r) => setTimeout(r, intervalMs));
}
process.send?.({ latencies: latencies.sort((a, b) => a - b) }, () => process.exit(0));
