// restJson1 framing as @aws-sdk clients speak it (e.g. @aws-sdk/client-backup): the operation
// is the HTTP method plus a path template with percent-encoded labels (an ARN in a path
// arrives as `arn%3Aaws%3A…`), input members in the query string (timestamps ISO 8601),
// JSON bodies whose timestamps are epoch seconds, and errors as the HTTP status plus
// `x-amzn-errortype: <Code>` and a JSON body carrying `Message`.

import { ServiceError } from './serviceError';

export const REST_JSON_CONTENT_TYPE = 'application/json';

export interface RestRoute<Op extends string> {
  operation: Op;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** e.g. `/backup/plans/{BackupPlanId}/selections`; a label matches one non-empty segment. */
  path: string;
}

export interface MatchedRoute<Op extends string> {
  operation: Op;
  labels: Record<string, string>;
  query: URLSearchParams;
}

interface CompiledRoute<Op extends string> {
  route: RestRoute<Op>;
  segments: ({ literal: string } | { label: string })[];
}

export class RestRouter<Op extends string> {
  private readonly compiled: CompiledRoute<Op>[];

  constructor(routes: readonly RestRoute<Op>[]) {
    this.compiled = routes.map((route) => ({
      route,
      segments: route.path
        .split('/')
        .filter((s) => s !== '')
        .map((s) => (s.startsWith('{') && s.endsWith('}') ? { label: s.slice(1, -1) } : { literal: s })),
    }));
  }

  /** The operation for a method and raw request target (`/path?query`), or null. */
  match(method: string, target: string): MatchedRoute<Op> | null {
    const q = target.indexOf('?');
    const rawPath = q < 0 ? target : target.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : target.slice(q + 1));
    const parts = rawPath.split('/').filter((s) => s !== '');
    for (const { route, segments } of this.compiled) {
      if (route.method !== method || segments.length !== parts.length) continue;
      const labels: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < segments.length && ok; i++) {
        const seg = segments[i]!;
        const part = parts[i]!;
        if ('literal' in seg) ok = seg.literal === part;
        else {
          try {
            labels[seg.label] = decodeURIComponent(part);
          } catch {
            ok = false;
          }
        }
      }
      if (ok) return { operation: route.operation, labels, query };
    }
    return null;
  }

  /** True when some route has this path under any method (so a wrong method is a 405-like error, not unknown). */
  knowsPath(target: string): boolean {
    return ['GET', 'POST', 'PUT', 'DELETE'].some((m) => this.match(m, target) !== null);
  }
}

// --- query-string members ---

export function queryString(query: URLSearchParams, name: string, maxLength = 1024): string | undefined {
  const v = query.get(name);
  if (v === null) return undefined;
  if (v.length === 0 || v.length > maxLength) throw invalidParameterValue(`The value of ${name} must have a length between 1 and ${maxLength}.`);
  return v;
}

export function queryInt(query: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const v = query.get(name);
  if (v === null) return undefined;
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || !Number.isInteger(n) || n < min || n > max) {
    throw invalidParameterValue(`The value of ${name} must be an integer between ${min} and ${max}; got "${v}".`);
  }
  return n;
}

/** A timestamp query member (the SDK sends ISO 8601 date-time), as epoch seconds. */
export function queryTimestamp(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v)) {
    throw invalidParameterValue(`The value of ${name} must be an ISO 8601 date-time; got "${v}".`);
  }
  const ms = Date.parse(v);
  if (!Number.isFinite(ms)) throw invalidParameterValue(`The value of ${name} is not a valid date-time; got "${v}".`);
  return ms / 1000;
}

export function queryEnum<T extends string>(query: URLSearchParams, name: string, allowed: readonly T[]): T | undefined {
  const v = query.get(name);
  if (v === null) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw invalidParameterValue(`The value of ${name} must be one of ${allowed.join(', ')}; got "${v}".`);
  return v as T;
}

// --- responses ---

export interface WireAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export function okJson(output: unknown): WireAnswer {
  return { status: 200, body: JSON.stringify(output), headers: { 'content-type': REST_JSON_CONTENT_TYPE } };
}

/** restJson1 error: the SDK takes the code from `x-amzn-errortype` (before any `:`) and the message from the body. */
export function errorAnswer(err: ServiceError): WireAnswer {
  return {
    status: err.status,
    body: JSON.stringify({ Code: err.code, Message: err.message }),
    headers: { 'content-type': REST_JSON_CONTENT_TYPE, 'x-amzn-errortype': err.code },
  };
}

export const invalidParameterValue = (message: string): ServiceError => new ServiceError('InvalidParameterValueException', 400, message);
export const resourceNotFound = (message: string): ServiceError => new ServiceError('ResourceNotFoundException', 404, message);
export const missingAuthentication = (): ServiceError => new ServiceError('MissingAuthenticationTokenException', 403, 'Missing Authentication Token');
export const unknownOperationRest = (method: string, path: string): ServiceError =>
  new ServiceError('UnknownOperationException', 404, `No operation of the Opsdeck simulator matches ${method} ${path}.`);
