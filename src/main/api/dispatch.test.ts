import { describe, expect, it } from 'vitest';
import { BadInputError } from '@shared/errors';
import { api, type Method } from '@shared/api';
import type { Topic } from '@shared/contract/spec';
import { dispatch, type Handlers } from './dispatch';

const handlers = {
  setDemoOutage: ({ on }: { on: boolean }) => ({ on }),
} as unknown as Handlers;

describe('dispatch', () => {
  it('rejects input that does not match the contract, naming the field', async () => {
    const r = await dispatch(handlers, 'setDemoOutage', { on: 'yes' });
    expect(r).toMatchObject({ ok: false, status: 400, error: { code: 'BAD_INPUT' } });
    expect(!r.ok && r.error.message).toMatch(/^setDemoOutage: on: /);
  });

  it('rejects unknown fields and unknown methods', async () => {
    expect(await dispatch(handlers, 'setDemoOutage', { on: true, extra: 1 })).toMatchObject({ ok: false, status: 400 });
    expect(await dispatch(handlers, 'dropTables', {})).toMatchObject({ ok: false, status: 404, error: { code: 'NOT_FOUND' } });
  });

  it('a BadInputError from a handler reaches the user as it is, as BAD_INPUT', async () => {
    const failing = { setDemoOutage: () => { throw new BadInputError('journal.json: not an Opsdeck journal export'); } } as unknown as Handlers;
    expect(await dispatch(failing, 'setDemoOutage', { on: true })).toEqual({ ok: false, status: 400, error: { code: 'BAD_INPUT', message: 'journal.json: not an Opsdeck journal export' } });
  });

  it('refuses to return output that breaks the contract', async () => {
    const r = await dispatch(handlers, 'setDemoOutage', { on: true });
    // The stub returns { on } where the contract promises a full SourceStatus.
    expect(r).toMatchObject({ ok: false, status: 500, error: { code: 'INTERNAL' } });
  });

  it('pushes the topics a write method declares after it succeeds, and nothing for a read or a refused call', async () => {
    const pushed: Topic[][] = [];
    const push = (t: Topic[]): void => void pushed.push(t);
    const stub = {
      expireSilence: () => ({ ok: true }),
      alertSettings: () => {
        throw new Error('not reached');
      },
    } as unknown as Handlers;
    expect(await dispatch(stub, 'expireSilence', { id: 's1', author: 'dana' }, push)).toEqual({ ok: true, data: { ok: true } });
    expect(pushed).toEqual([['journal']]);
    await dispatch(stub, 'expireSilence', { id: '', author: 'dana' }, push);
    await dispatch(stub, 'alertSettings', {}, push);
    expect(pushed).toHaveLength(1);
  });

  it('every write method names what it invalidates; no read method does', () => {
    const writes = (Object.keys(api) as Method[]).filter((m) => 'invalidates' in api[m]);
    expect(writes.sort()).toEqual(['alertAction', 'createMaintenance', 'createSilence', 'expireSilence', 'importJournal', 'retireMaintenance', 'saveAlertSettings', 'setDemoOutage']);
  });
});
