import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints one plain closing line, "tests: N passed, N failed, N skipped", that CI reads. Under
 * CI=true a skipped test fails the run: a suite must not quietly skip for lack of PostgreSQL.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of testModules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (m.state() === 'failed' && [...m.children.allTests()].length === 0) failed++;
    }
    if (process.env.CI === 'true' && skipped > 0) {
      console.log(`CI=true: ${skipped} test(s) skipped; every suite must run here`);
      process.exitCode = 1;
    }
    console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
