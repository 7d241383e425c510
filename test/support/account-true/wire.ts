/**
 * The AWS wire protocols as the account-true proxy sees them: which service and operation a request is, its input,
 * and an error answer in the protocol's real shape.
 *
 * - AWS JSON 1.0 / 1.1 (DynamoDB, SQS, CloudWatch, ECS, Kinesis, EventBridge, Application Auto Scaling): operation in
 *   `X-Amz-Target`, errors as `{"__type": "…#Code", "message": "…"}` (Smithy "AWS JSON 1.0/1.1 protocol", error
 *   serialization: https://smithy.io/2.0/aws/protocols/aws-json-1_0-protocol.html).
 * - AWS Query (SNS, RDS): `Action=` form body, errors as `<ErrorResponse><Error><Type>Sender|Receiver</Type><Code>…`
 *   (Smithy "AWS query protocol", https://smithy.io/2.0/aws/protocols/aws-query-protocol.html; SQS Developer Guide,
 *   "Interpreting Amazon SQS XML API responses", XML error response structure).
 * - REST-JSON (Lambda): operation from method + path, error code in the `X-Amzn-ErrorType` header and the body
 *   (Smithy "AWS restJson1 protocol", https://smithy.io/2.0/aws/protocols/aws-restjson1-protocol.html).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { isReadOnlyOperation } from '../../../src/index.js';

/** The wire protocol of a request. */
export type Protocol = 'json' | 'query' | 'rest-json';

/** One AWS call as it arrived at the proxy. */
export interface AwsCall {
  /** The SigV4 signing name from the credential scope (`sns`, `sqs`, `lambda`, `rds`, `dynamodb`, `monitoring`, …). */
  service: string;
  protocol: Protocol;
  operation: string;
  mutating: boolean;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** JSON body (json / rest-json) or the form fields (query). */
  input: Record<string, unknown>;
  /** REST path parameter (the Lambda event source mapping UUID), when there is one. */
  resourceId?: string;
}

/** An answer to send back. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const ESM_PATH = /^\/2015-03-31\/event-source-mappings\/?([^/?]*)/;

/** Reads service, protocol, operation and input from a raw request. */
export function parseCall(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): AwsCall {
  const scope = /Credential=[^/]+\/\d+\/[^/]+\/([^/]+)\//.exec(String(headers.authorization ?? ''));
  const service = scope?.[1] ?? 'unknown';
  const text = body.toString('utf8');
  const target = headers['x-amz-target'];
  if (typeof target === 'string') {
    const operation = target.slice(target.lastIndexOf('.') + 1);
    return {
      service,
      protocol: 'json',
      operation,
      mutating: !isReadOnlyOperation(operation),
      method,
      path,
      headers,
      body,
      input: json(text),
    };
  }
  if (method === 'POST' && /(^|&)Action=/.test(text)) {
    const input = Object.fromEntries(new URLSearchParams(text));
    const operation = String(input.Action);
    return { service, protocol: 'query', operation, mutating: !isReadOnlyOperation(operation), method, path, headers, body, input };
  }
  const esm = ESM_PATH.exec(path);
  if (esm) {
    const id = decodeURIComponent(esm[1] ?? '');
    const operation = {
      GET: id ? 'GetEventSourceMapping' : 'ListEventSourceMappings',
      POST: 'CreateEventSourceMapping',
      PUT: 'UpdateEventSourceMapping',
      DELETE: 'DeleteEventSourceMapping',
    }[method];
    if (operation) {
      return {
        service,
        protocol: 'rest-json',
        operation,
        mutating: method !== 'GET',
        method,
        path,
        headers,
        body,
        input: json(text),
        resourceId: id,
      };
    }
  }
  const operation = `${method} ${path.split('?')[0]}`;
  const mutating = method !== 'GET' && method !== 'HEAD';
  return { service, protocol: 'rest-json', operation, mutating, method, path, headers, body, input: json(text) };
}

function json(text: string): Record<string, unknown> {
  try {
    const value = JSON.parse(text || '{}') as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** An AWS error to answer with: its code, HTTP status, message and whether the caller (Sender) or AWS (Receiver) is at fault. */
export interface AwsError {
  code: string;
  status: number;
  message: string;
  fault: 'Sender' | 'Receiver';
}

/** JSON `__type` namespaces, as the services send them (DynamoDB qualifies its codes; the others may send the bare code). */
const JSON_NAMESPACE: Record<string, string> = {
  dynamodb: 'com.amazonaws.dynamodb.v20120810#',
  sqs: 'com.amazonaws.sqs#',
};
const QUERY_XMLNS: Record<string, string> = {
  sns: 'https://sns.amazonaws.com/doc/2010-03-31/',
  rds: 'http://rds.amazonaws.com/doc/2014-10-31/',
};

let requestCounter = 0;
function requestId(): string {
  requestCounter += 1;
  return `account-true-${process.pid}-${requestCounter}`;
}

/** Renders `error` in the wire shape of `call`'s protocol. */
export function errorAnswer(call: Pick<AwsCall, 'service' | 'protocol'>, error: AwsError): Answer {
  const id = requestId();
  if (call.protocol === 'query') {
    const xmlns = QUERY_XMLNS[call.service] ?? `https://${call.service}.amazonaws.com/doc/`;
    const xml =
      `<ErrorResponse xmlns="${xmlns}"><Error><Type>${error.fault}</Type><Code>${escapeXml(error.code)}</Code>` +
      `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`;
    return { status: error.status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id }, body: Buffer.from(xml) };
  }
  if (call.protocol === 'json') {
    const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': id };
    // SQS speaks JSON 1.0 with the awsQueryCompatible trait: the query error code travels in x-amzn-query-error.
    if (call.service === 'sqs') headers['x-amzn-query-error'] = `${error.code.replace(/Exception$/, '')};${error.fault}`;
    const body = { __type: `${JSON_NAMESPACE[call.service] ?? ''}${error.code}`, message: error.message };
    return { status: error.status, headers, body: Buffer.from(JSON.stringify(body)) };
  }
  const body = { Type: error.fault === 'Sender' ? 'User' : 'Service', message: error.message };
  return {
    status: error.status,
    headers: { 'content-type': 'application/json', 'x-amzn-errortype': error.code, 'x-amzn-requestid': id },
    body: Buffer.from(JSON.stringify(body)),
  };
}

/**
 * The throttling error each service really sends: SNS `Throttled` (HTTP 429, SNS API Reference, Publish/Errors
 * "ThrottledException"), RDS `Throttling` (HTTP 400, RDS API Reference, Common Errors "ThrottlingException"), Lambda
 * `TooManyRequestsException` (HTTP 429, Lambda API Reference, UpdateEventSourceMapping/Errors), DynamoDB
 * `ThrottlingException` (HTTP 400, DynamoDB API Reference, Common Errors), and `ThrottlingException` (HTTP 400, the
 * Common Errors page of SQS, ECS, Kinesis, EventBridge, CloudWatch and Application Auto Scaling).
 */
export function throttlingError(service: string): AwsError {
  if (service === 'sns') return { code: 'Throttled', status: 429, message: 'Rate exceeded', fault: 'Sender' };
  if (service === 'rds') return { code: 'Throttling', status: 400, message: 'Rate exceeded', fault: 'Sender' };
  if (service === 'lambda') return { code: 'TooManyRequestsException', status: 429, message: 'Rate exceeded', fault: 'Sender' };
  return { code: 'ThrottlingException', status: 400, message: 'Rate exceeded', fault: 'Sender' };
}

/**
 * The 5xx each service sends: `InternalFailure` (HTTP 500, "The request processing has failed because of an unknown
 * error, exception or failure", Common Errors of every service), Lambda `ServiceException` (HTTP 500, Lambda API
 * Reference) and DynamoDB `InternalServerError` (HTTP 500, DynamoDB API Reference).
 */
export function serverError(service: string): AwsError {
  const message = 'The request processing has failed because of an unknown error, exception or failure.';
  if (service === 'lambda') return { code: 'ServiceException', status: 500, message, fault: 'Receiver' };
  if (service === 'dynamodb') return { code: 'InternalServerError', status: 500, message, fault: 'Receiver' };
  return { code: 'InternalFailure', status: 500, message, fault: 'Receiver' };
}

/** Escapes text for an XML element. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
