// Backups API handlers: thin, over BackupService (one per cache).
import type { backupApi } from '../../shared/contract/backups';
import type { ApiContext } from '../api/context';
import type { Handlers } from '../api/dispatch';
import { BackupService } from './service';

export function backupHandlers(ctx: ApiContext): Pick<Handlers, keyof typeof backupApi> {
  const service = new BackupService({ cache: ctx.cache, sourceIds: ctx.sourceIds, now: ctx.now, dataVersion: ctx.dataVersion });
  return {
    backups: () => service.view(),
    backupResource: ({ arn }) => service.detail(arn),
  };
}
