// awsQuery framing as @aws-sdk clients speak it (e.g. @aws-sdk/client-rds): `POST /` with a
// form-encoded body `Action=<Operation>&Version=<api version>&…` (lists flattened as
// `Name.Member.1=…`), answered with `<OperationResponse><OperationResult>…</OperationResult>
// <ResponseMetadata/></OperationResponse>` in XML; errors as `<ErrorResponse><Error><Type>
// <Code><Message></Error><RequestId/></ErrorResponse>`.

import { randomUUID } from 'node:crypto';
import { ServiceError } from './serviceError';

export const QUERY_CONTENT_TYPE = 'text/xml';

export interface QueryRequest {
  action: string | null;
  version: string | null;
  params: URLSearchParams;
}

export function isQueryRequest(method: string | undefined, contentType: string | undefined): boolean {
  return method === 'POST' && typeof contentType === 'string' && contentType.toLowerCase().startsWith('application/x-www-form-urlencoded');
}

export function parseQueryBody(body: string): QueryRequest {
  const params = new URLSearchParams(body);
  return { action: params.get('Action'), version: params.get('Version'), params };
}

/** `Prefix.Member.1`, `Prefix.Member.2`, … as a list (awsQuery's flattened list encoding). */
export function queryList(params: URLSearchParams, prefix: string, member: string): string[] {
  const out: string[] = [];
  for (let i = 1; ; i++) {
    const v = params.get(`${prefix}.${member}.${i}`);
    if (v === null) return out;
    out.push(v);
  }
}

/** A list in the XML output: each item wrapped in `<member>` (RDS names them, e.g. `DBInstance`). */
export class XmlList {
  constructor(
    readonly member: string,
    readonly items: readonly unknown[],
  ) {}
}
export const xmlList = (member: string, items: readonly unknown[]): XmlList => new XmlList(member, items);

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function render(value: unknown): string {
  if (value instanceof XmlList) return value.items.map((item) => `<${value.member}>${render(item)}</${value.member}>`).join('');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return escapeXml(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => `<${k}>${render(v)}</${k}>`)
      .join('');
  }
  return '';
}

export interface QueryWireAnswer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

export function okXml(action: string, xmlns: string, result: Record<string, unknown>): QueryWireAnswer {
  const body =
    `<${action}Response xmlns="${xmlns}"><${action}Result>${render(result)}</${action}Result>` +
    `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${action}Response>`;
  return { status: 200, body, headers: { 'content-type': QUERY_CONTENT_TYPE } };
}

export function errorXml(err: ServiceError): QueryWireAnswer {
  const body =
    `<ErrorResponse xmlns="http://rds.amazonaws.com/doc/2014-10-31/"><Error><Type>${err.fault}</Type><Code>${escapeXml(err.code)}</Code>` +
    `<Message>${escapeXml(err.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
  return { status: err.status, body, headers: { 'content-type': QUERY_CONTENT_TYPE } };
}

// --- parameters ---

export function paramInt(params: URLSearchParams, name: string, min: number, max: number): number | undefined {
  const v = params.get(name);
  if (v === null) return undefined;
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || n < min || n > max) throw new ServiceError('InvalidParameterValue', 400, `Invalid value ${v} for ${name}. Must be between ${min} and ${max}.`);
  return n;
}

export function paramTimestamp(params: URLSearchParams, name: string): number | undefined {
  const v = params.get(name);
  if (v === null) return undefined;
  const ms = Date.parse(v);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || !Number.isFinite(ms)) throw new ServiceError('InvalidParameterValue', 400, `Invalid value ${v} for ${name}: not an ISO 8601 timestamp.`);
  return ms / 1000;
}
