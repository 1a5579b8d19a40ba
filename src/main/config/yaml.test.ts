import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadYaml } from './yaml';

const schema = z.object({ sources: z.array(z.object({ alias: z.string(), region: z.enum(['us-east-1', 'eu-west-1']) }).strict()) }).strict();

function issuesOf(text: string): string[] {
  try {
    loadYaml('opsdeck.yaml', text, schema);
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split('\n');
    throw err;
  }
  return [];
}

describe('YAML config errors', () => {
  it('name file, line, column and the field', () => {
    const text = ['sources:', '  - alias: prod', '    region: us-east-1', '  - alias: staging', '    region: eu-wset-1', ''].join('\n');
    const [issue] = issuesOf(text);
    expect(issue).toMatch(/^opsdeck\.yaml:5:13: sources\[1\]\.region: /);
  });

  it('point at an unknown field', () => {
    const text = ['sources:', '  - alias: prod', '    region: us-east-1', '    profil: prod-ro', ''].join('\n');
    // At the misspelt key itself (line 4), not at the mapping that holds it (line 2).
    expect(issuesOf(text)[0]).toBe('opsdeck.yaml:4:5: sources[0].profil: unknown key "profil"');
  });

  it('report syntax errors with their position', () => {
    expect(issuesOf('sources:\n  - alias: "unterminated\n')[0]).toMatch(/^opsdeck\.yaml:\d+:\d+: YAML syntax: /);
  });

  it('return the typed value when valid', () => {
    expect(loadYaml('f.yaml', 'sources:\n  - alias: a\n    region: eu-west-1\n', schema)).toEqual({ sources: [{ alias: 'a', region: 'eu-west-1' }] });
  });
});
