import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from './yamlSource';
import { loadCapacityConfig, parseCapacityConfig } from './capacity';

const F = '/data/capacity.yaml';
const messages = (text: string): string[] => parseCapacityConfig(F, text).issues.map(formatIssue);

describe('capacity.yaml', () => {
  it('overrides a threshold and keeps every other default', () => {
    const { resources, issues } = parseCapacityConfig(F, 'resources:\n  eks-nodes:\n    metrics:\n      cpu: { threshold: 75, sustainMinutes: 10 }\n');
    expect(issues).toEqual([]);
    const nodes = resources.find((r) => r.id === 'eks-nodes')!;
    expect(nodes.metrics.find((m) => m.id === 'cpu')).toMatchObject({ threshold: 75, sustainMinutes: 10 });
    expect(nodes.metrics.find((m) => m.id === 'memory')).toMatchObject({ threshold: 80, sustainMinutes: 15 });
    expect(nodes.autoscaler).toMatchObject({ min: 3, max: 20, target: 70 });
  });

  it('has the seeds\' request queue depth > 100 → scale out for every service, editable per service', () => {
    const { resources } = parseCapacityConfig(F, '');
    const pods = resources.filter((r) => r.id.startsWith('pods-'));
    expect(pods).toHaveLength(6);
    for (const r of pods) expect(r.metrics.find((m) => m.id === 'queue-depth')).toMatchObject({ threshold: 100, direction: 'above', action: 'scale out', unit: 'count' });
    const edited = parseCapacityConfig(F, 'resources:\n  pods-order-service:\n    metrics:\n      queue-depth: { threshold: 150 }\n');
    expect(edited.issues).toEqual([]);
    expect(edited.resources.find((r) => r.id === 'pods-order-service')!.metrics.find((m) => m.id === 'queue-depth')!.threshold).toBe(150);
    expect(edited.resources.find((r) => r.id === 'pods-search-service')!.metrics.find((m) => m.id === 'queue-depth')!.threshold).toBe(100);
    expect(messages('resources:\n  pods-order-service:\n    metrics:\n      queue-depth: { threshold: -5 }\n')).toEqual([
      expect.stringMatching(/^\/data\/capacity\.yaml:4:33: resources\.pods-order-service\.metrics\.queue-depth\.threshold: -5 is outside Request queue depth's bounds \(0 to ∞\)/),
    ]);
  });

  it('names an unknown resource at its line and column', () => {
    expect(messages('resources:\n  eks-nodez:\n    metrics: {}\n')).toEqual([
      expect.stringMatching(/^\/data\/capacity\.yaml:2:3: resources\.eks-nodez: unknown resource "eks-nodez" \(known: eks-nodes,/),
    ]);
  });

  it('names an unknown metric at its key', () => {
    expect(messages('resources:\n  rds:\n    metrics:\n      iops: { threshold: 5 }\n')).toEqual([
      expect.stringMatching(/^\/data\/capacity\.yaml:4:7: resources\.rds\.metrics\.iops: unknown metric "iops" for rds \(known: cpu, connections, free-storage\)/),
    ]);
  });

  it('refuses a threshold outside the metric bounds, at the value', () => {
    expect(messages('resources:\n  eks-nodes:\n    metrics:\n      cpu:\n        threshold: 170\n')).toEqual([
      '/data/capacity.yaml:5:20: resources.eks-nodes.metrics.cpu.threshold: 170 is outside CPU\'s bounds (0 to 100)',
    ]);
  });

  it('refuses unknown fields, wrong types and min above max', () => {
    expect(messages('resources:\n  eks-nodes:\n    autoscaler: { min: 30 }\n')).toEqual(['/data/capacity.yaml:3:24: resources.eks-nodes.autoscaler.min: min (30) is above max (20)']);
    expect(messages('resources:\n  eks-nodes:\n    metrics:\n      cpu: { threshold: "high" }\n')[0]).toMatch(/^\/data\/capacity\.yaml:4:25: resources\.eks-nodes\.metrics\.cpu\.threshold: /);
    expect(messages('resources:\n  eks-nodes:\n    colour: red\n')).toEqual(['/data/capacity.yaml:3:5: resources.eks-nodes.colour: unknown field "colour"']);
    expect(messages('resources: [\n')[0]).toMatch(/^\/data\/capacity\.yaml:\d+:\d+: YAML syntax/);
  });

  it('keeps the defaults when the file is bad, and reports it (nothing is lost)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cap-cfg-'));
    const file = join(dir, 'capacity.yaml');
    writeFileSync(file, 'resources:\n  eks-nodes:\n    metrics:\n      cpu: { threshold: 75 }\n  nope: {}\n');
    const c = loadCapacityConfig(file);
    expect(c.errors).toHaveLength(1);
    expect(c.resources.find((r) => r.id === 'eks-nodes')!.metrics[0]!.threshold).toBe(70);
    expect(loadCapacityConfig(join(dir, 'absent.yaml')).errors).toEqual([]);
    writeFileSync(file, 'x'.repeat(300_000));
    expect(loadCapacityConfig(file).errors[0]).toMatch(/limit is 256000/);
  });
});
