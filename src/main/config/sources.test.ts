import { describe, expect, it } from 'vitest';
import { thrownMessage, writeConfigFile } from './testing';
import { loadConfig } from './sources';

describe('opsdeck.yaml', () => {
  it('no file means the embedded demo', () => {
    expect(loadConfig('/nonexistent/opsdeck.yaml', null).config.sources).toEqual([{ alias: 'demo', kind: 'demo' }]);
  });

  it('reads an AWS source with defaults filled in', () => {
    const file = writeConfigFile('sources:\n  - alias: prod\n    profile: prod-ro\n    regions: [us-east-1, eu-west-1]\ncacheBudget: 512 MiB\n');
    const { config } = loadConfig(file, new Set(['prod-ro']));
    expect(config.cacheBudget).toBe(512 * 1024 * 1024);
    expect(config.sources[0]).toEqual({ alias: 'prod', kind: 'aws', profile: 'prod-ro', regions: ['us-east-1', 'eu-west-1'], collect: {} });
  });

  it('an unknown region names file, line, column and field, and suggests the near one', () => {
    const file = writeConfigFile('sources:\n  - alias: prod\n    regions:\n      - us-east-1\n      - eu-wset-1\n');
    expect(thrownMessage(() => loadConfig(file, null))).toBe(`${file}:5:9: sources[0].regions[1]: unknown AWS region "eu-wset-1" — did you mean eu-west-1?`);
  });

  it('a profile that does not exist is caught at its line', () => {
    const file = writeConfigFile('sources:\n  - alias: prod\n    profile: prod-readonly\n    regions: [us-east-1]\n');
    expect(thrownMessage(() => loadConfig(file, new Set(['default', 'prod-ro'])))).toMatch(
      new RegExp(`^${file.replace(/[.]/g, '\\.')}:3:14: sources\\[0\\]\\.profile: profile "prod-readonly" is not in ~/\\.aws/config`),
    );
  });

  it('malformed sizes and role ARNs name the field', () => {
    const file = writeConfigFile('sources:\n  - alias: prod\n    regions: [us-east-1]\n    roleArn: arn:aws:iam::12:role/x\ncacheBudget: lots\n');
    const msg = thrownMessage(() => loadConfig(file, null));
    expect(msg).toMatch(/:4:14: sources\[0\]\.roleArn: expected an IAM role ARN/);
    expect(msg).toMatch(/:5:14: cacheBudget: expected a size like "2 GiB"/);
  });

  it('a cacheBudget below 64 MiB is refused at its line', () => {
    const file = writeConfigFile('sources:\n  - alias: prod\n    regions: [us-east-1]\ncacheBudget: 10 MiB\n');
    expect(thrownMessage(() => loadConfig(file, null))).toBe(`${file}:4:14: cacheBudget: must be at least 64 MiB: below that the cache would downsample away the history the SLO windows need`);
    expect(loadConfig(writeConfigFile('sources:\n  - kind: demo\ncacheBudget: 64 MiB\n'), null).config.cacheBudget).toBe(64 * 1024 ** 2);
  });

  it("an unknown key is reported at the key's own line, not its parent's", () => {
    const file = writeConfigFile('sources:\n  - alias: prod\n    regions: [us-east-1]\n    collect:\n      namespaces: [AWS/RDS]\n      metricz: [CPUUtilization]\ncacheBudgte: 1 GiB\n');
    const msg = thrownMessage(() => loadConfig(file, null));
    expect(msg).toContain(`${file}:6:7: sources[0].collect.metricz: unknown key "metricz"`);
    expect(msg).toContain(`${file}:7:1: cacheBudgte: unknown key "cacheBudgte"`);
  });
});
