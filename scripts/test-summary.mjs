// Prints the plain closing line CI reads ("N passed, N failed, N skipped") from
// vitest's JSON report. Exits 1 when the report is missing (the run did not get that far).
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.test-results/vitest.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch {
  console.log('tests: 0 passed, 1 failed');
  console.error(`no test report at ${file}: typecheck, lint or the runner failed before tests ran`);
  process.exit(1);
}
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
const failedSuites = (report.testResults ?? []).filter(
  (r) => r.status === 'failed' && r.assertionResults.length === 0,
);
for (const suite of failedSuites) console.error(`suite failed to run: ${suite.name}: ${suite.message}`);
const failed = report.numFailedTests + failedSuites.length;
console.log(`tests: ${report.numPassedTests} passed, ${failed} failed, ${skipped} skipped`);
