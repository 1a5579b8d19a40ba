import { describe, expect, it } from 'vitest';
import { BadInputError, NotFoundError } from '@shared/errors';
import { RpcChannel } from './rpc';

describe('errors across the worker thread', () => {
  it('a NotFoundError or BadInputError thrown in a worker stays one (404/400, not 500)', async () => {
    const sent: { id: number }[] = [];
    const channel = new RpcChannel('test', (m) => sent.push(m as { id: number }));
    const calls = [channel.call('detail', [], 5_000), channel.call('detail', [], 5_000), channel.call('detail', [], 5_000)];
    channel.settle({ kind: 'reply', id: sent[0]!.id, ok: false, message: 'no SLO with id "x"', name: 'NotFoundError' });
    channel.settle({ kind: 'reply', id: sent[1]!.id, ok: false, message: 'zone: unknown', name: 'BadInputError' });
    channel.settle({ kind: 'reply', id: sent[2]!.id, ok: false, message: 'boom', name: 'TypeError' });
    const [a, b, c] = await Promise.all(calls.map((p) => p.then(() => null, (e: unknown) => e as Error)));
    expect(a instanceof NotFoundError && a.message).toBe('no SLO with id "x"');
    expect(b instanceof BadInputError && b.message).toBe('zone: unknown');
    expect(c instanceof Error && !(c instanceof NotFoundError) && !(c instanceof BadInputError) && c.message).toBe('boom');
  });
});
