// The fast path (an estate indexed once and held across evaluations, per-resource facts, one
// policy per set of matching overrides) must give the report the naive evaluation gives: each
// resource judged over an estate holding only its own jobs and points, and a fresh evaluation
// at every clock, policy and coverage the held estate is asked about.
import { describe, expect, it } from 'vitest';
import { type Coverage, evaluateControls, FULL_COVERAGE, indexEstate } from './controls';
import { evaluateBackups, evaluatePrepared, prepareEstate } from './evaluate';
import { generatedEstate, generatedPolicy } from './fixtures/generatedEstate';
import { DEFAULT_POLICY, policyFor } from './policy';

const NOW = Date.UTC(2026, 10, 3, 14, 7); // New York left DST on 1 November: inside the window
const MIN = 60_000;
const D = 86_400_000;

describe('fast path = naive evaluation on a generated estate', () => {
  it('every resource: its controls and its evaluation equal those from an estate with only its own jobs and points', () => {
    const estate = generatedEstate(7, NOW);
    const spec = generatedPolicy(estate);
    const report = evaluateBackups(estate, spec, FULL_COVERAGE, NOW, NOW - 20 * D);
    expect(report.resources.length).toBe(estate.resources.length + 1); // + the ARN only a selection names
    expect(new Set(report.issues.map((i) => i.kind))).toEqual(new Set(['FAILED', 'EXPIRED', 'ABORTED', 'PARTIAL', 'MISSED', 'PAST_RETENTION']));
    for (const r of estate.resources) {
      const mine = { ...estate, points: estate.points.filter((p) => p.resourceArn === r.arn), jobs: estate.jobs.filter((j) => j.resourceArn === r.arn) };
      const fast = report.resources.find((e) => e.arn === r.arn)!;
      expect(fast.controls, r.arn).toEqual(evaluateControls(r, policyFor(spec, r), indexEstate(mine, NOW), FULL_COVERAGE, NOW));
      const alone = evaluateBackups(mine, spec, FULL_COVERAGE, NOW, NOW - 20 * D);
      expect(fast, r.arn).toEqual(alone.resources.find((e) => e.arn === r.arn));
      expect(report.issues.filter((i) => i.resourceArn === r.arn), r.arn).toEqual(alone.issues.filter((i) => i.resourceArn === r.arn));
    }
  });

  it('an estate held across evaluations answers as a fresh one at each clock, policy and coverage', () => {
    for (const seed of [1, 2]) {
      const estate = generatedEstate(seed, NOW);
      const prepared = prepareEstate(estate);
      const noCopies: Coverage = { ...FULL_COVERAGE, copies: false, restores: false };
      const asks: [number, Coverage, boolean][] = [
        [NOW, FULL_COVERAGE, false],
        [NOW + 30_000, FULL_COVERAGE, false], // RPO now moves; nothing else changed
        [NOW + 30_000, FULL_COVERAGE, true], // the policy file changed
        [NOW + 9 * 60 * MIN, noCopies, true], // a part failed; the day's runs moved on
        [NOW + 3 * D, FULL_COVERAGE, false],
        [NOW - 2 * D, { ...FULL_COVERAGE, plans: false }, true], // the clock went back
      ];
      for (const [now, coverage, edited] of asks) {
        const spec = edited ? generatedPolicy(estate) : DEFAULT_POLICY;
        const held = evaluatePrepared(prepared, spec, coverage, now, now - 25 * D);
        expect(held, `seed ${seed} at +${(now - NOW) / MIN} min`).toEqual(evaluateBackups(structuredClone(estate), spec, coverage, now, now - 25 * D));
      }
    }
  });

  it('the last recovery point control and RPO now follow the clock on a held estate', () => {
    const estate = generatedEstate(3, NOW);
    const prepared = prepareEstate(estate);
    const at = (now: number) => evaluatePrepared(prepared, DEFAULT_POLICY, FULL_COVERAGE, now);
    const last = (e: ReturnType<typeof at>['resources'][number]) => e.controls.find((c) => c.control === 'BACKUP_LAST_RECOVERY_POINT_CREATED')!;
    const arn = at(NOW).resources.find((e) => e.type === 'EBS' && last(e).status === 'COMPLIANT')!.arn;
    const status = (now: number) => last(at(now).resources.find((e) => e.arn === arn)!).status;
    expect(status(NOW + 3 * D)).toBe('NON_COMPLIANT');
    expect(at(NOW + 3 * D).resources.find((e) => e.arn === arn)!.rpo.nowMinutes! - at(NOW).resources.find((e) => e.arn === arn)!.rpo.nowMinutes!).toBe(3 * 24 * 60);
  });
});
