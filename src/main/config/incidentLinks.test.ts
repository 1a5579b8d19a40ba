// opsdeck.yaml `incidents` (status page, incident channel) and `collect.changeEventSources`:
// defaults from the seeds, mistakes at file:line:column with the field.
import { describe, expect, it } from 'vitest';
import { thrownMessage, writeConfigFile } from './testing';
import { DEFAULT_INCIDENT_LINKS, loadConfig } from './sources';

describe('opsdeck.yaml incidents', () => {
  it('without the section (or the file) the seeds’ status page and a channel per incident', () => {
    expect(loadConfig('/nonexistent/opsdeck.yaml', null).config.incidents).toEqual(DEFAULT_INCIDENT_LINKS);
    expect(loadConfig(writeConfigFile('sources:\n  - kind: demo\n'), null).config.incidents).toEqual({
      statusPage: 'https://status.ecommerce-platform.com',
      channel: 'https://ecommerce-platform.slack.com/app_redirect?channel=inc-{id}',
    });
  });

  it('reads both links; one given keeps the default of the other', () => {
    const file = writeConfigFile('sources:\n  - kind: demo\nincidents:\n  statusPage: https://status.example.org\n  channel: https://chat.example.org/rooms/incident-{id}\n');
    expect(loadConfig(file, null).config.incidents).toEqual({ statusPage: 'https://status.example.org', channel: 'https://chat.example.org/rooms/incident-{id}' });
    expect(loadConfig(writeConfigFile('sources:\n  - kind: demo\nincidents:\n  statusPage: https://status.example.org\n'), null).config.incidents.channel).toBe(DEFAULT_INCIDENT_LINKS.channel);
  });

  it('a link that is not an https address, and an unknown key, are named at their line and column', () => {
    const file = writeConfigFile('sources:\n  - kind: demo\nincidents:\n  statusPage: status.example.org\n  chanel: https://x.example.org\n');
    const msg = thrownMessage(() => loadConfig(file, null));
    expect(msg).toContain(`${file}:4:15: incidents.statusPage: expected an https:// (or http://) address; {id} stands for the incident`);
    expect(msg).toMatch(new RegExp(`${file.replace(/[.]/g, '\\.')}:5:3: incidents(\\.chanel)?: .*chanel`));
    expect(thrownMessage(() => loadConfig(writeConfigFile('sources:\n  - kind: demo\nincidents:\n  channel: javascript:alert(1)\n'), null))).toContain(':4:12: incidents.channel: expected an https://');
  });

  it('collect.changeEventSources: which CloudTrail event sources count as changes, checked at the entry', () => {
    const file = writeConfigFile('sources:\n  - alias: prod\n    regions: [us-east-1]\n    collect:\n      changeEventSources: [codedeploy.amazonaws.com, eks.amazonaws.com]\n');
    expect(loadConfig(file, null).config.sources[0]).toMatchObject({ collect: { changeEventSources: ['codedeploy.amazonaws.com', 'eks.amazonaws.com'] } });
    const bad = writeConfigFile('sources:\n  - alias: prod\n    regions: [us-east-1]\n    collect:\n      changeEventSources:\n        - codedeploy.amazonaws.com\n        - CodeDeploy\n');
    expect(thrownMessage(() => loadConfig(bad, null))).toBe(`${bad}:7:11: sources[0].collect.changeEventSources[1]: expected a CloudTrail event source like "codedeploy.amazonaws.com"`);
  });
});
