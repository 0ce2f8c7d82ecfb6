import type { AppContext } from '../context.js';

/**
 * What a rendered answer's SLA figures depend on besides its rows: each region's calendar (its
 * version, which a holiday edit changes) and local day (badges and paused due days move at local
 * midnight). A held answer stands while this key is the same.
 */
export function localDaysKey(ctx: { calendars: Pick<AppContext['calendars'], 'calendar'> }, regions: readonly string[], now: Date): string {
  let key = '';
  for (const region of regions) {
    const cal = ctx.calendars.calendar(region);
    key += `${cal.version()}@${cal.localDateTime(now).date};`;
  }
  return key;
}
