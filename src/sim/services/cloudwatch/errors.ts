// CloudWatch errors as the awsJson1_0 + awsQueryCompatible protocol carries them: a JSON body
// `{"__type": "<namespace>#<Shape>", "message": …}` plus, for query-compatible errors, the
// `x-amzn-query-error: <Code>;<Sender|Receiver>` header from which @aws-sdk/client-cloudwatch
// takes the error's name (it maps e.g. `InvalidParameterValue` back to the modelled
// InvalidParameterValueException class, and leaves `Throttling` as a plain service error).

export interface CloudWatchErrorInit {
  /** Shape id for `__type`, e.g. `com.amazonaws.cloudwatch#InvalidParameterValueException`. */
  type: string;
  /** awsQuery error code for `x-amzn-query-error`, or null to send no such header. */
  queryCode: string | null;
  status: number;
  message: string;
}

export class CloudWatchError extends Error {
  readonly type: string;
  readonly queryCode: string | null;
  readonly status: number;

  constructor(init: CloudWatchErrorInit) {
    super(init.message);
    this.name = 'CloudWatchError';
    this.type = init.type;
    this.queryCode = init.queryCode;
    this.status = init.status;
  }

  /** Sender (client) or Receiver (server) fault, as the query protocol names them. */
  get fault(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }

  /** The short code clients see: the query code, else the shape name. */
  get code(): string {
    return this.queryCode ?? this.type.slice(this.type.indexOf('#') + 1);
  }
}

const CW = 'com.amazonaws.cloudwatch#';

export const validationError = (message: string): CloudWatchError =>
  new CloudWatchError({ type: `${CW}ValidationException`, queryCode: 'ValidationError', status: 400, message });
export const invalidParameterValue = (message: string): CloudWatchError =>
  new CloudWatchError({ type: `${CW}InvalidParameterValueException`, queryCode: 'InvalidParameterValue', status: 400, message });
export const invalidParameterCombination = (message: string): CloudWatchError =>
  new CloudWatchError({ type: `${CW}InvalidParameterCombinationException`, queryCode: 'InvalidParameterCombination', status: 400, message });
export const missingParameter = (message: string): CloudWatchError =>
  new CloudWatchError({ type: `${CW}MissingRequiredParameterException`, queryCode: 'MissingParameter', status: 400, message });
export const invalidNextToken = (message = 'The service returned an error: the NextToken is invalid or expired.'): CloudWatchError =>
  new CloudWatchError({ type: `${CW}InvalidNextToken`, queryCode: 'InvalidNextToken', status: 400, message });
export const resourceNotFound = (message: string): CloudWatchError =>
  new CloudWatchError({ type: `${CW}ResourceNotFoundException`, queryCode: 'ResourceNotFoundException', status: 404, message });
export const internalServiceError = (message = 'Internal service error.'): CloudWatchError =>
  new CloudWatchError({ type: `${CW}InternalServiceFault`, queryCode: 'InternalServiceError', status: 500, message });
export const throttling = (message = 'Rate exceeded'): CloudWatchError =>
  new CloudWatchError({ type: 'com.amazon.coral.availability#ThrottlingException', queryCode: 'Throttling', status: 400, message });
export const serviceUnavailable = (message = 'Service Unavailable'): CloudWatchError =>
  new CloudWatchError({ type: 'com.amazon.coral.availability#ServiceUnavailableException', queryCode: 'ServiceUnavailable', status: 503, message });
export const unknownOperation = (message: string): CloudWatchError =>
  new CloudWatchError({ type: 'com.amazon.coral.service#UnknownOperationException', queryCode: null, status: 400, message });
export const serializationError = (message: string): CloudWatchError =>
  new CloudWatchError({ type: 'com.amazon.coral.service#SerializationException', queryCode: null, status: 400, message });
export const missingAuthenticationToken = (): CloudWatchError =>
  new CloudWatchError({ type: 'com.amazon.coral.service#MissingAuthenticationTokenException', queryCode: null, status: 403, message: 'Missing Authentication Token' });

/** The JSON body of an error response. */
export function errorBody(err: CloudWatchError): { __type: string; message: string } {
  return { __type: err.type, message: err.message };
}

/** Headers specific to an error response (besides content type and request id). */
export function errorHeaders(err: CloudWatchError): Record<string, string> {
  return err.queryCode ? { 'x-amzn-query-error': `${err.queryCode};${err.fault}` } : {};
}
