import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

let cached: string | undefined;

/**
 * Chart.js's UMD build, to inline into a page that must work offline. The package's exports map
 * does not list dist/chart.umd.min.js, so it is found beside the main entry (dist/chart.cjs).
 * The source-map comment is dropped: with it a browser's devtools would try to fetch the map.
 */
export function chartJsCode(): string {
  if (cached === undefined) {
    const main = createRequire(import.meta.url).resolve('chart.js');
    const code = fs.readFileSync(path.join(path.dirname(main), 'chart.umd.min.js'), 'utf8').replace(/\n\/\/# sourceMappingURL=\S*\s*$/, '\n');
    // Inside <script> these would end the element early; the shipped build has neither.
    if (/<\/script|<!--/i.test(code)) throw new Error('chart.umd.min.js contains "</script" or "<!--" and cannot be inlined into a page');
    cached = code;
  }
  return cached;
}
