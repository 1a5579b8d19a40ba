// The services that share the simulator's port with CloudWatch: AWS Backup (restJson1, told
// apart by its REST paths) and RDS (awsQuery, a form-encoded POST with `Action=`). A request
// carrying `X-Amz-Target` is always CloudWatch's, so CloudWatch's answers are unchanged.

import type { IncomingMessage } from 'node:http';
import { isQueryRequest, okXml, errorXml, parseQueryBody } from '../protocols/awsQuery';
import { errorAnswer, missingAuthentication, okJson, unknownOperationRest, type WireAnswer } from '../protocols/restJson1';
import { ServiceError } from '../protocols/serviceError';
import { BACKUP_OPERATIONS, backupRouter, handleBackupOperation, isBackupOperation } from './backup/operations';
import { RDS_OPERATIONS, RDS_VERSION, RDS_XMLNS, handleRdsOperation, isRdsOperation } from './rds/operations';

export interface OtherServiceRoute {
  protocol: 'restJson1' | 'awsQuery';
  /** The operation, or null when the request names none this simulator knows. */
  name: string | null;
}

export interface OtherServiceContext {
  seed: number;
  nowMs: number;
  backupPageSize?: number;
}

export function isOtherServiceOperation(name: string): boolean {
  return isBackupOperation(name) || isRdsOperation(name);
}

/** Which service a request is for, or undefined when it is CloudWatch's. */
export function otherServiceOperation(req: IncomingMessage, body: Buffer): OtherServiceRoute | undefined {
  if (req.headers['x-amz-target'] !== undefined) return undefined;
  const target = req.url ?? '/';
  if (isQueryRequest(req.method, req.headers['content-type'])) {
    const { action } = parseQueryBody(body.toString('utf8'));
    return { protocol: 'awsQuery', name: action && isRdsOperation(action) ? action : null };
  }
  const path = target.split('?', 1)[0]!;
  if (req.method === 'POST' && path === '/') return undefined;
  const match = backupRouter.match(req.method ?? 'GET', target);
  return { protocol: 'restJson1', name: match?.operation ?? null };
}

export function answerOtherService(req: IncomingMessage, body: Buffer, ctx: OtherServiceContext): WireAnswer {
  const route = otherServiceOperation(req, body);
  if (route?.protocol === 'awsQuery') {
    try {
      const { action, version } = parseQueryBody(body.toString('utf8'));
      if (!req.headers.authorization) throw new ServiceError('MissingAuthenticationToken', 403, 'Request is missing Authentication Token');
      if (!action || !isRdsOperation(action)) throw new ServiceError('InvalidAction', 400, `The action ${action ?? '(none)'} is not valid for this web service (supported: ${RDS_OPERATIONS.join(', ')}).`);
      if (version !== RDS_VERSION) throw new ServiceError('InvalidParameterValue', 400, `Version ${version ?? '(none)'} is not supported; expected ${RDS_VERSION}.`);
      return okXml(action, RDS_XMLNS, handleRdsOperation(action, parseQueryBody(body.toString('utf8')).params, ctx));
    } catch (e) {
      return errorXml(e instanceof ServiceError ? e : new ServiceError('InternalFailure', 500, `Simulator failure: ${e instanceof Error ? e.message : String(e)}`));
    }
  }
  try {
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    if (!req.headers.authorization) throw missingAuthentication();
    const match = backupRouter.match(method, target);
    if (!match) throw unknownOperationRest(method, target.split('?', 1)[0]!);
    return okJson(handleBackupOperation(match.operation, match.labels, match.query, { seed: ctx.seed, nowMs: ctx.nowMs, ...(ctx.backupPageSize ? { defaultPageSize: ctx.backupPageSize } : {}) }));
  } catch (e) {
    return errorAnswer(e instanceof ServiceError ? e : new ServiceError('ServiceUnavailableException', 500, `Simulator failure: ${e instanceof Error ? e.message : String(e)}`));
  }
}

const DENIED_PRINCIPAL = 'arn:aws:sts::123456789012:assumed-role/OpsdeckReadOnly/opsdeck';

/** An injected fault as this service's protocol frames it. */
export function faultAnswer(route: OtherServiceRoute, kind: string): WireAnswer {
  const rest = route.protocol === 'restJson1';
  const service = rest ? 'backup' : 'rds';
  if (kind === 'malformed') {
    return rest
      ? { status: 200, body: '{"BackupJobs":[{"BackupJobId":"', headers: { 'content-type': 'application/json' } }
      : { status: 200, body: `<${route.name}Response xmlns="${RDS_XMLNS}"><${route.name}Result><DBInstances><DBInstance><DBInstanceIdentifier>`, headers: { 'content-type': 'text/xml' } };
  }
  const err =
    kind === 'throttle'
      ? rest
        ? new ServiceError('ThrottlingException', 429, 'Rate exceeded')
        : new ServiceError('Throttling', 400, 'Rate exceeded')
      : kind === 'http503'
        ? new ServiceError(rest ? 'ServiceUnavailableException' : 'ServiceUnavailable', 503, 'Service Unavailable')
        : kind === 'accessDenied'
          ? new ServiceError(rest ? 'AccessDeniedException' : 'AccessDenied', 403, `User: ${DENIED_PRINCIPAL} is not authorized to perform: ${service}:${route.name} on resource: *`)
          : new ServiceError(rest ? 'InternalFailure' : 'InternalFailure', 500, 'We encountered an internal error. Please try again.');
  return rest ? errorAnswer(err) : errorXml(err);
}

export const SIMULATED_OPERATIONS = { backup: BACKUP_OPERATIONS, rds: RDS_OPERATIONS } as const;
