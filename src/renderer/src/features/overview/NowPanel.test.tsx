// @vitest-environment jsdom
import { cleanup, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AlertQueue, QueueGroup } from '@shared/contract/alerts';
import type { LastNotClear } from '@shared/contract/core';
import type { SloList, SloSummary } from '@shared/contract/slos';
import { MINUTE_MS } from '@renderer/lib/time';
import { renderWithApp } from '@renderer/test/render';
import { NowView } from './NowPanel';

afterEach(cleanup);

const NOW = Date.now();

function group(key: string, severity: QueueGroup['severity'], firedMinAgo: number, targetMin: number, state: QueueGroup['state'] = 'firing'): QueueGroup {
  const firedAt = NOW - firedMinAgo * MINUTE_MS;
  return {
    key,
    title: key,
    severity,
    state,
    firedAt,
    resolvedAt: state === 'resolved' ? NOW - 5 * MINUTE_MS : null,
    timer: { dueAt: firedAt + targetMin * MINUTE_MS, targetMs: targetMin * MINUTE_MS, targetLabel: '', remainingMs: 0, status: 'running' },
  } as unknown as QueueGroup;
}

function queue(groups: QueueGroup[], alarmsAsOf: number | null = NOW): AlertQueue {
  return { generatedAt: NOW, me: 'dana', groupBy: [], groups, counts: {}, alarmsAsOf, resolvedKeptMs: 12 * 60 * MINUTE_MS, notices: [] } as unknown as AlertQueue;
}

function slo(id: string, state: 'page' | 'ticket' | 'none', status: SloSummary['status'], tteMs: number | null): SloSummary {
  return { id, name: id, status, timeToExhaustionMs: tteMs, alert: { state, longBurnRate: 14.44444, longWindow: '1h' } } as unknown as SloSummary;
}

const list = (slos: SloSummary[]): SloList => ({ generatedAt: NOW, evaluatedAt: NOW, slos, config: {} }) as unknown as SloList;

describe('Now panel', () => {
  it('says loading, not "0 alerts", until alerts and SLOs have answered', () => {
    renderWithApp(<NowView queue={undefined} slos={list([])} />);
    expect(screen.getByTestId('now').getAttribute('data-state')).toBe('loading');
    expect(screen.queryByText(/0 /)).toBeNull();
  });

  it('lists firing P1/P2 worst first — overdue, then P1 before P2 — and links each to its page', () => {
    const groups = [group('p2-in-time', 'P2', 2, 15), group('p1-in-time', 'P1', 1, 5), group('p2-overdue', 'P2', 30, 15), group('p3', 'P3', 60, 60), group('acked', 'P1', 3, 5, 'acknowledged')];
    renderWithApp(<NowView queue={queue(groups)} slos={list([slo('breached-long', 'none', 'BREACHED', null), slo('ticketing', 'ticket', 'WARNING', 9e9), slo('paging', 'page', 'OK', 3e6)])} />);
    const alerts = screen.getAllByTestId('now-alert');
    expect(alerts.map((a) => a.querySelector('.now-name')?.textContent)).toEqual(['p2-overdue', 'p1-in-time', 'p2-in-time']);
    expect(alerts[0]!.textContent).toContain('OVERDUE 15 min');
    expect(alerts[0]!.querySelector('a')!.getAttribute('href')).toBe('#/alerts/g/p2-overdue');
    expect(screen.getByTestId('now-alert-count').parentElement!.textContent).toContain('1 overdue');
    expect(screen.getByTestId('now-alert-count').textContent).toBe('3');
    const slos = screen.getAllByTestId('now-slo');
    // Paging now before ticketing; a long breach that no longer burns is not "now".
    expect(slos.map((s) => s.querySelector('a')!.getAttribute('href'))).toEqual(['#/slos/paging', '#/slos/ticketing']);
    expect(slos[0]!.textContent).toContain('14.4× over 1h · budget gone in 50 min');
  });

  it('an alert the main side marked overdue counts as overdue, never "−47 s to respond"', () => {
    const g = group('marked', 'P1', 6, 5);
    g.timer = { ...g.timer!, status: 'overdue', dueAt: NOW - 47_000 };
    renderWithApp(<NowView queue={queue([g])} slos={list([])} />);
    expect(screen.getByTestId('now-alert').textContent).toContain('OVERDUE');
    expect(screen.getByTestId('now-alert').textContent).not.toContain('−');
  });

  it('a calm platform is one line saying when it was last not clear', () => {
    renderWithApp(<NowView queue={queue([group('old', 'P1', 90, 5, 'resolved')])} slos={list([slo('fine', 'none', 'OK', null)])} />);
    const now = screen.getByTestId('now');
    expect(now.getAttribute('data-state')).toBe('clear');
    expect(now.textContent).toMatch(/All clear.*last not clear: P1 old, resolved \d\d-\d\d \d\d:\d\d .*\(5 min ago\)/);
  });

  it('reaches back past the queue’s window through the main side’s read of the alarm record', () => {
    const resolvedAt = NOW - (3 * 24 + 18) * 60 * MINUTE_MS;
    const last: LastNotClear = {
      generatedAt: NOW,
      last: { source: 'cloudwatch', name: 'checkout-api-5xx', title: 'checkout-api 5xx.', service: 'checkout-api', severity: 'P1', firedAt: resolvedAt - 20 * MINUTE_MS, resolvedAt },
      searchedFrom: NOW - 30 * 24 * 60 * MINUTE_MS,
    };
    renderWithApp(<NowView queue={queue([group('p4-blip', 'P4', 20, 240, 'resolved')])} slos={list([])} last={last} />);
    expect(screen.getByTestId('now-last').textContent).toMatch(/^last not clear: P1 checkout-api 5xx, resolved \d\d-\d\d \d\d:\d\d .+ \(3 d 18 h ago\)$/);
    cleanup();
    // Nothing on record: "none" reaches as far back as the record does, not the queue's 12 h.
    renderWithApp(<NowView queue={queue([])} slos={list([])} last={{ ...last, last: null }} />);
    expect(screen.getByTestId('now-last').textContent).toBe('no P1/P2 alert or SLO burn in the last 30 d');
    cleanup();
    // A newer one in the queue wins over an older one on record.
    renderWithApp(<NowView queue={queue([group('recent', 'P2', 30, 15, 'resolved')])} slos={list([])} last={last} />);
    expect(screen.getByTestId('now-last').textContent).toMatch(/^last not clear: P2 recent, .*\(5 min ago\)$/);
  });

  it('"last not clear" counts only what the panel lists (P1/P2, SLO burns): a resolved P4 does not', () => {
    const p4 = group('p4-blip', 'P4', 20, 240, 'resolved');
    renderWithApp(<NowView queue={queue([p4])} slos={list([slo('fine', 'none', 'OK', null)])} />);
    const now = screen.getByTestId('now');
    expect(now.getAttribute('data-state')).toBe('clear');
    expect(now.textContent).not.toContain('last not clear');
    expect(now.textContent).toContain('no P1/P2 alert or SLO burn in the last 12 h');
    cleanup();
    const burn = { ...group('slo-ticket', 'P3', 30, 60, 'resolved'), source: 'slo-burn' } as QueueGroup;
    renderWithApp(<NowView queue={queue([p4, burn])} slos={list([])} />);
    expect(screen.getByTestId('now').textContent).toMatch(/last not clear: P3 slo-ticket, .*\(5 min ago\)/);
  });

  it('before the first alarm sync it does not claim all clear', () => {
    renderWithApp(<NowView queue={queue([], null)} slos={list([])} />);
    expect(screen.getByTestId('now').getAttribute('data-state')).toBe('syncing');
    expect(screen.queryByText('All clear')).toBeNull();
  });
});
