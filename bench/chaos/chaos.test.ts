import { describe, expect, it } from 'vitest';
import { natsSkipReason } from '../../common/testing/nats.js';
import { testServerUrl } from '../../common/testing/postgres.js';
import { natsServerMissing } from './nats-server.js';
import { formatReport } from './report.js';
import { runChaos } from './run.js';

// The harness starts its own nats-server (it restarts it as a fault), so it needs the binary,
// not the shared server; without it the test skips and says why (CI installs it).
const missing = natsServerMissing();

describe.skipIf(missing !== '' && process.env.CI !== 'true')(
  'chaos: 10 seeded faults on two orchestrators and two engines',
  () => {
    it('loses nothing, leaves nothing stuck, applies nothing twice and orphans no thread', async () => {
      if (missing) console.warn(`[skip] ${missing}`);
      natsSkipReason();
      const lines: string[] = [];
      const result = await runChaos({
        faults: 10,
        seed: 20_261_203,
        durationS: 12,
        adminUrl: testServerUrl(),
        lanes: 3,
        log: (line) => lines.push(line),
      });
      const report = formatReport(result);
      console.log(report.join('\n'));
      expect(
        Object.values(result.injected).reduce((a, b) => a + b, 0),
        lines.join('\n'),
      ).toBe(10);
      expect(result.runs.length).toBeGreaterThanOrEqual(10);
      expect(result.violations).toEqual({
        lost: 0,
        stuck: 0,
        wrongFiles: 0,
        doubleApplies: 0,
        orphanedThreads: 0,
      });
      // A service that exits on its own is a bug even when another replica takes over its work.
      expect(
        result.crashes.map((c) => `crash of ${c.name} (${c.exit}):\n${c.output}`),
        'service processes that exited on their own',
      ).toEqual([]);
      expect(result.leftBehind).toBe(0);
      expect(report.at(-1)).toBe(
        `chaos: 10 faults injected, ${result.runs.length} refinements, lost 0, stuck 0, wrong files 0, double applies 0, orphaned threads 0`,
      );
    }, 420_000);
  },
);
