// The simulator's HTTP face: CloudWatch's awsJson1_0 wire protocol on 127.0.0.1, exactly as
// @aws-sdk/client-cloudwatch speaks it (POST /, `X-Amz-Target:
// GraniteServiceVersion20100801.<Operation>`, `application/x-amz-json-1.0`), plus fault
// injection and an outage switch for tests and benchmarks. AWS Backup (restJson1, by REST
// path) and RDS (awsQuery, by form `Action=`) share the port: see services/otherServices.ts.

import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { Socket } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { handleOperation, isOperation } from './services/cloudwatch/operations';
import { checkRenames, type MetricRename } from './services/cloudwatch/renames';
import { ESTATES, type Estate, isEstate } from './platform/estate';

export type { Estate } from './platform/estate';
import { CallRateLimiter, CLOUDTRAIL_CONTENT_TYPE, CLOUDTRAIL_TARGET_PREFIX, cloudTrailThrottling, handleCloudTrailOperation, isCloudTrailOperation } from './services/cloudtrail/operations';
import {
  CloudWatchError,
  errorBody,
  errorHeaders,
  internalServiceError,
  missingAuthenticationToken,
  serializationError,
  serviceUnavailable,
  throttling,
  unknownOperation,
} from './services/cloudwatch/errors';
import { type OtherServiceRoute, answerOtherService, faultAnswer, isOtherServiceOperation, otherServiceOperation } from './services/otherServices';

export const TARGET_PREFIX = 'GraniteServiceVersion20100801';
const CONTENT_TYPE = 'application/x-amz-json-1.0';
const MAX_BODY_BYTES = 8 * 1024 * 1024;
const DEFAULT_SLOW_MS = 2000;

export const FAULT_KINDS = ['throttle', 'http500', 'http503', 'slow', 'reset', 'truncated', 'malformed', 'partial', 'hang', 'accessDenied'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  kind: FaultKind;
  /** How many matching requests this fault hits (default 1). */
  count?: number;
  /** Only requests for this operation (e.g. `GetMetricData`, `ListBackupJobs`, `DescribeDBInstances`); default any (`partial`: GetMetricData). */
  operation?: string;
  /** Delay before the fault acts (for `slow`, before the normal answer; default 2000 ms). */
  delayMs?: number;
  /**
   * Only GetMetricData requests with a query of this statistic (e.g. `p99`): an endpoint that
   * cannot serve one statistic fails every call it is packed into.
   */
  stat?: string;
}

export interface Simulator {
  /** http://127.0.0.1:PORT — pass as the SDK client's `endpoint`. */
  endpoint: string;
  port: number;
  seed: number;
  estate: Estate;
  readonly outage: boolean;
  /** On: the port refuses connections (listener closed, open sockets destroyed). Off: listen again on the same port. */
  setOutage(on: boolean): Promise<void>;
  /** Queue faults; each request takes the first queued fault that matches its operation. */
  injectFaults(faults: Fault[]): void;
  clearFaults(): void;
  /** Requests received per operation (including ones answered with a fault). */
  callCounts(): Record<string, number>;
  close(): Promise<void>;
}

export interface SimulatorOptions {
  seed?: number;
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** The simulated present, epoch milliseconds (default Date.now). */
  now?: () => number;
  /** Start in an outage (the port is reserved but refuses connections). */
  outage?: boolean;
  /** ListMetrics page size (default 500, as CloudWatch); lower it to exercise paging. */
  listMetricsPageSize?: number;
  /** AWS Backup list page size when the caller sends no maxResults (default 100). */
  backupPageSize?: number;
  /** `large`: the platform at a real account's size (platform/estate.ts); default `small`. CloudWatch only. */
  estate?: Estate;
  /** Metrics published under other names (an account that is not the demo's: services/cloudwatch/renames.ts). */
  renames?: readonly MetricRename[];
}

export const DEFAULT_SEED = 1;

interface QueuedFault {
  kind: FaultKind;
  remaining: number;
  operation: string | undefined;
  delayMs: number;
  stat: string | undefined;
}

function validateFault(f: unknown, i: number): QueuedFault {
  if (typeof f !== 'object' || f === null) throw new TypeError(`faults[${i}] must be an object`);
  const { kind, count, operation, delayMs, stat } = f as Record<string, unknown>;
  if (typeof kind !== 'string' || !(FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new TypeError(`faults[${i}].kind must be one of ${FAULT_KINDS.join(', ')}; got ${JSON.stringify(kind)}`);
  }
  if (count !== undefined && (typeof count !== 'number' || !Number.isInteger(count) || count < 1)) {
    throw new TypeError(`faults[${i}].count must be a positive integer; got ${JSON.stringify(count)}`);
  }
  if (operation !== undefined && (typeof operation !== 'string' || !(isOperation(operation) || isCloudTrailOperation(operation) || isOtherServiceOperation(operation)))) {
    throw new TypeError(`faults[${i}].operation must be a simulated CloudWatch, CloudTrail, Backup or RDS operation; got ${JSON.stringify(operation)}`);
  }
  if (kind === 'partial' && operation !== undefined && operation !== 'GetMetricData') {
    throw new TypeError(`faults[${i}]: a partial fault applies to GetMetricData only; got operation ${operation}`);
  }
  if (stat !== undefined && (typeof stat !== 'string' || stat === '' || (operation !== undefined && operation !== 'GetMetricData'))) {
    throw new TypeError(`faults[${i}].stat must be a statistic name, for GetMetricData only; got ${JSON.stringify(stat)}`);
  }
  if (delayMs !== undefined && (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0)) {
    throw new TypeError(`faults[${i}].delayMs must be a non-negative number; got ${JSON.stringify(delayMs)}`);
  }
  return {
    kind: kind as FaultKind,
    remaining: count ?? 1,
    operation: kind === 'partial' || stat !== undefined ? 'GetMetricData' : operation,
    delayMs: delayMs ?? (kind === 'slow' ? DEFAULT_SLOW_MS : 0),
    stat: stat as string | undefined,
  };
}

export async function startSimulator(opts: SimulatorOptions = {}): Promise<Simulator> {
  const seed = opts.seed ?? DEFAULT_SEED;
  if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new TypeError(`startSimulator: seed must be a finite number; got ${String(seed)}`);
  const requestedPort = opts.port ?? 0;
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
    throw new TypeError(`startSimulator: port must be an integer in 0..65535; got ${String(opts.port)}`);
  }
  const now = opts.now ?? Date.now;
  if (typeof now !== 'function') throw new TypeError('startSimulator: now must be a function returning epoch milliseconds');
  const estate = opts.estate ?? 'small';
  if (!isEstate(estate)) throw new TypeError(`startSimulator: estate must be one of ${ESTATES.join(', ')}; got ${String(opts.estate)}`);
  const renames = checkRenames(opts.renames);
  const pageSize = opts.listMetricsPageSize;
  if (pageSize !== undefined && (!Number.isInteger(pageSize) || pageSize < 1)) {
    throw new TypeError(`startSimulator: listMetricsPageSize must be a positive integer; got ${String(pageSize)}`);
  }

  let faults: QueuedFault[] = [];
  const counts: Record<string, number> = {};
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let outage = false;
  let closed = false;
  // CloudTrail allows 2 LookupEvents calls per second per account and region.
  const cloudTrailRate = new CallRateLimiter();

  const send = (res: ServerResponse, status: number, body: string, extraHeaders: Record<string, string> = {}): void => {
    if (res.destroyed || res.headersSent) return;
    res.writeHead(status, {
      'content-type': CONTENT_TYPE,
      'content-length': String(Buffer.byteLength(body)),
      'x-amzn-requestid': randomUUID(),
      date: new Date().toUTCString(),
      ...extraHeaders,
    });
    res.end(body);
  };
  const sendError = (res: ServerResponse, err: CloudWatchError): void => send(res, err.status, JSON.stringify(errorBody(err)), errorHeaders(err));

  /** Runs the operation and returns the HTTP answer it deserves. */
  const answer = (operation: string | null, headers: IncomingMessage['headers'], body: Buffer, forcePartial: boolean, cloudTrail = false): { status: number; body: string; headers: Record<string, string> } => {
    const typeHeader: Record<string, string> = cloudTrail ? { 'content-type': CLOUDTRAIL_CONTENT_TYPE } : {};
    try {
      if (operation === null) throw unknownOperation(`Missing or unrecognised X-Amz-Target (expected ${TARGET_PREFIX}.<Operation>).`);
      if (!headers.authorization) throw missingAuthenticationToken();
      let text: string;
      try {
        text = (headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString('utf8');
      } catch {
        throw serializationError('The request body could not be decompressed.');
      }
      let input: unknown;
      try {
        input = text.trim() === '' ? {} : JSON.parse(text);
      } catch {
        throw serializationError('The request body is not valid JSON.');
      }
      if (cloudTrail && !cloudTrailRate.take()) throw cloudTrailThrottling();
      const output = cloudTrail
        ? handleCloudTrailOperation(operation, input, { seed, nowMs: now() })
        : handleOperation(operation, input, { seed, nowMs: now(), forcePartial, estate, ...(renames.length ? { renames } : {}), ...(pageSize ? { listMetricsPageSize: pageSize } : {}) });
      return { status: 200, body: JSON.stringify(output), headers: typeHeader };
    } catch (e) {
      const err = e instanceof CloudWatchError ? e : internalServiceError(`Simulator failure: ${e instanceof Error ? e.message : String(e)}`);
      return { status: err.status, body: JSON.stringify(errorBody(err)), headers: { ...errorHeaders(err), ...typeHeader } };
    }
  };

  const asksForStat = (body: Buffer, stat: string): boolean => {
    try {
      const input = JSON.parse(body.toString('utf8')) as { MetricDataQueries?: { MetricStat?: { Stat?: unknown } }[] };
      return (input.MetricDataQueries ?? []).some((q) => q.MetricStat?.Stat === stat);
    } catch {
      return false;
    }
  };

  const takeFault = (operation: string | null, body: Buffer): QueuedFault | null => {
    const i = faults.findIndex((f) => (f.operation === undefined || f.operation === operation) && (f.stat === undefined || asksForStat(body, f.stat)));
    if (i < 0) return null;
    const fault = faults[i]!;
    fault.remaining--;
    if (fault.remaining <= 0) faults.splice(i, 1);
    return fault;
  };

  const later = (ms: number, fn: () => void): void => {
    if (ms <= 0) return fn();
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('error', () => undefined);
    req.on('end', () => {
      if (!tooLarge && req.headers['x-amz-target'] === undefined) {
        const other = otherServiceOperation(req, Buffer.concat(chunks));
        if (other) return onOtherServiceRequest(req, res, Buffer.concat(chunks), other);
      }
      const target = req.headers['x-amz-target'];
      const [prefix, name] = typeof target === 'string' ? target.split('.', 2) : [];
      const cloudTrail = prefix === CLOUDTRAIL_TARGET_PREFIX;
      const operation = req.method === 'POST' && (prefix === TARGET_PREFIX || cloudTrail) && name ? name : null;
      const label = operation ?? '(unknown)';
      counts[label] = (counts[label] ?? 0) + 1;
      if (tooLarge) return sendError(res, serializationError(`The request body exceeds ${MAX_BODY_BYTES} bytes.`));
      const body = Buffer.concat(chunks);
      const fault = takeFault(operation, body);
      const respond = (forcePartial = false): void => {
        const a = answer(operation, req.headers, body, forcePartial, cloudTrail);
        send(res, a.status, a.body, a.headers);
      };
      if (!fault) return respond();
      later(fault.delayMs, () => {
        if (res.destroyed) return;
        switch (fault.kind) {
          case 'throttle':
            return sendError(res, cloudTrail ? cloudTrailThrottling() : throttling());
          case 'http500':
            return sendError(res, internalServiceError('We encountered an internal error. Please try again.'));
          case 'http503':
            return sendError(res, serviceUnavailable());
          case 'slow':
            return respond();
          case 'partial':
            return respond(true);
          case 'reset':
            req.socket.destroy();
            return;
          case 'truncated': {
            const a = answer(operation, req.headers, body, false, cloudTrail);
            const bytes = Buffer.from(a.body, 'utf8');
            res.writeHead(a.status, { 'content-type': CONTENT_TYPE, 'content-length': String(bytes.length), 'x-amzn-requestid': randomUUID(), ...a.headers });
            // Half the promised body, then the connection drops.
            res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => req.socket.destroy());
            return;
          }
          case 'malformed':
            return send(res, 200, '{"MetricDataResults":[{"Id":"m1","Timestamps":[17300000');
          case 'hang':
            // Accepted, read, never answered: a frozen endpoint. Only the client's timeouts end it.
            return;
          case 'accessDenied':
            return sendError(
              res,
              new CloudWatchError({
                type: 'com.amazon.coral.service#AccessDeniedException',
                queryCode: 'AccessDenied',
                status: 403,
                message: `User: arn:aws:sts::123456789012:assumed-role/OpsdeckReadOnly/opsdeck is not authorized to perform: cloudwatch:${operation ?? 'Unknown'} on resource: *`,
              }),
            );
        }
      });
    });
  };

  /** Backup and RDS requests: same counting, faults and outage as CloudWatch, framed in their own protocols. */
  const onOtherServiceRequest = (req: IncomingMessage, res: ServerResponse, body: Buffer, operation: OtherServiceRoute): void => {
    const label = operation.name ?? '(unknown)';
    counts[label] = (counts[label] ?? 0) + 1;
    const ctx = { seed, nowMs: now(), ...(opts.backupPageSize ? { backupPageSize: opts.backupPageSize } : {}) };
    const respond = (): void => {
      const a = answerOtherService(req, body, ctx);
      send(res, a.status, a.body, a.headers);
    };
    const fault = operation.name ? takeFault(operation.name, body) : null;
    if (!fault) return respond();
    later(fault.delayMs, () => {
      if (res.destroyed) return;
      if (fault.kind === 'slow' || fault.kind === 'partial') return respond();
      if (fault.kind === 'reset') return void req.socket.destroy();
      // Accepted, read, never answered: only the client's timeouts end it.
      if (fault.kind === 'hang') return;
      if (fault.kind === 'truncated') {
        const a = answerOtherService(req, body, ctx);
        const bytes = Buffer.from(a.body, 'utf8');
        res.writeHead(a.status, { 'content-length': String(bytes.length), 'x-amzn-requestid': randomUUID(), ...a.headers });
        res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => req.socket.destroy());
        return;
      }
      const a = faultAnswer(operation, fault.kind);
      send(res, a.status, a.body, a.headers);
    });
  };

  const server: Server = createServer(onRequest);
  server.keepAliveTimeout = 5000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const onError = (err: Error): void => {
        server.off('listening', onListening);
        reject(new Error(`simulator: cannot listen on 127.0.0.1:${port}: ${err.message}`));
      };
      const onListening = (): void => {
        server.off('error', onError);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen({ port, host: '127.0.0.1', exclusive: true });
    });

  const stopListening = (): Promise<void> =>
    new Promise((resolve) => {
      if (!server.listening) return resolve();
      // Resolve a moment after the last socket closed, so a client in this process has seen
      // its pooled keep-alive connections end and its next request is refused, not reset.
      server.close(() => setTimeout(resolve, 20));
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
    });

  const clearTimers = (): void => {
    for (const t of timers) clearTimeout(t);
    timers.clear();
  };

  const port = await listen(requestedPort);
  if (opts.outage) {
    await stopListening();
    outage = true;
  }

  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    seed,
    estate,
    get outage() {
      return outage;
    },
    async setOutage(on: boolean) {
      if (closed) throw new Error('simulator: setOutage after close()');
      if (on && !outage) {
        outage = true;
        clearTimers();
        await stopListening();
      } else if (!on && outage) {
        await listen(port);
        outage = false;
      }
    },
    injectFaults(list: Fault[]) {
      if (!Array.isArray(list)) throw new TypeError('injectFaults: faults must be an array');
      faults.push(...list.map(validateFault));
    },
    clearFaults() {
      faults = [];
    },
    callCounts() {
      return { ...counts };
    },
    async close() {
      if (closed) return;
      closed = true;
      clearTimers();
      await stopListening();
    },
  };
}
