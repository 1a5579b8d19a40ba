import { describe, expect, it } from 'vitest';
import { thrownMessage, writeConfigFile } from './testing';
import { loadConfig } from './sources';

const source = (rules: string) => `sources:\n  - alias: prod\n    regions: [us-east-1]\n    collect:\n      statistics:\n${rules}`;

describe('opsdeck.yaml collect.statistics', () => {
  it('reads rules per namespace/metric pattern', () => {
    const file = writeConfigFile(source('        - namespace: Shop/*\n          metric: "*5xx*"\n          statistics: [Sum, p99.9]\n'));
    const { config } = loadConfig(file, null);
    expect(config.sources[0]).toMatchObject({ collect: { statistics: [{ namespace: 'Shop/*', metric: '*5xx*', statistics: ['Sum', 'p99.9'] }] } });
  });

  it('an unknown statistic is reported at its own line and column', () => {
    const file = writeConfigFile(source('        - namespace: Shop/*\n          metric: Errors5xx\n          statistics:\n            - Sum\n            - Total\n'));
    expect(thrownMessage(() => loadConfig(file, null))).toBe(
      `${file}:10:15: sources[0].collect.statistics[0].statistics[1]: must be a statistic: Sum, Average, Minimum, Maximum, SampleCount or pNN (e.g. p95)`,
    );
  });

  it('a rule without statistics, or with an unknown key, is refused at its line', () => {
    expect(thrownMessage(() => loadConfig(writeConfigFile(source('        - namespace: Shop/*\n          metric: Errors5xx\n          statistics: []\n')), null))).toMatch(
      /:8:23: sources\[0\]\.collect\.statistics\[0\]\.statistics: list at least one statistic$/,
    );
    expect(thrownMessage(() => loadConfig(writeConfigFile(source('        - namespace: Shop/*\n          metric: Errors5xx\n          stats: [Sum]\n')), null))).toMatch(
      /:\d+:\d+: sources\[0\]\.collect\.statistics\[0\].*stats/,
    );
  });
});
