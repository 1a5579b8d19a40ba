import { describe, expect, it } from 'vitest';
import { DEFAULT_AVAILABILITY_SLOS, DEFAULT_SLOS } from './slos';

describe('the built-in SLOs name their service as the platform’s alarms do', () => {
  // The queue lists burn alerts beside alarms: "Frontend" next to "platform" and
  // "payment-service" read as three conventions, and the service filter splits one service in two.
  it('every service is a lowercase identifier, like the alarms’ `service` tag', () => {
    expect(DEFAULT_SLOS.map((d) => d.service).filter((s) => !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(s))).toEqual([]);
  });

  it('a one-service availability SLO names the Service dimension it measures', () => {
    for (const d of DEFAULT_AVAILABILITY_SLOS) {
      if (d.sli.kind !== 'event-ratio') continue;
      const measured = new Set(d.sli.total.queries.flatMap((q) => q.metric.dimensions.filter((x) => x.name === 'Service').map((x) => x.value)));
      if (measured.size === 1) expect(d.service).toBe([...measured][0]);
    }
  });
});
