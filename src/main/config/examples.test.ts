// The example files shipped in resources/ (and quoted in the README) must load cleanly.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSloConfig } from './sloFiles';
import { loadConfig } from './sources';

const RESOURCES = join(__dirname, '..', '..', '..', 'resources');

describe('resources/ examples', () => {
  it('opsdeck.example.yaml is a valid configuration', () => {
    const { config, fromFile } = loadConfig(join(RESOURCES, 'opsdeck.example.yaml'), new Set(['prod-readonly']));
    expect(fromFile).toBe(true);
    expect(config.sources.map((s) => s.kind)).toEqual(['aws', 'demo']);
    expect(config.incidents).toEqual({ statusPage: 'https://status.ecommerce-platform.com', channel: 'https://ecommerce-platform.slack.com/app_redirect?channel=inc-{id}' });
    expect(config.sources[0]).toMatchObject({ collect: { changeEventSources: expect.arrayContaining(['codedeploy.amazonaws.com']) } });
    expect(Object.keys(config.metrics)).toEqual(['node-cpu']);
  });

  it('the example SLO file loads without errors and adds its SLO', () => {
    const loaded = loadSloConfig(join(RESOURCES, 'slos'));
    expect(loaded.errors).toEqual([]);
    expect(loaded.slos.map((s) => s.id)).toContain('checkout-availability');
  });
});
