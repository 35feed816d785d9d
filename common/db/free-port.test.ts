import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { freePort } from './embedded.js';

// Two test files picking a port at once must not get the same one: a service that then fails to
// bind leaves its test talking to the other file's service (seen in CI as a foreign JWT secret).
describe('freePort in a test worker', () => {
  it("hands out distinct ports from the worker's own range, below the kernel's ephemeral ports", async () => {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    const worker = Number(process.env.VITEST_POOL_ID);
    const ports = await Promise.all(Array.from({ length: 40 }, () => freePort()));
    expect(new Set(ports).size).toBe(ports.length);
    const base = 20_000 + ((worker - 1) % 6) * 2_000;
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(base);
      expect(port).toBeLessThan(Math.min(base + 2_000, low!));
    }
  });
});
