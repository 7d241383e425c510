/**
 * A test double for CloudWatch alarms, for what moto 5.2.5 lacks: PutCompositeAlarm (moto cannot create composite
 * alarms at all) and DescribeAlarms pagination (moto ignores MaxRecords/NextToken and AlarmTypes).
 *
 * It speaks the wire protocol the SDK's CloudWatchClient uses (AWS JSON 1.0, `X-Amz-Target:
 * GraniteServiceVersion20100801.<Operation>`, query-compatible errors with `x-amzn-query-error`) and implements the
 * documented semantics of the operations the alarm tools use:
 * - DescribeAlarms: `AlarmNames` (at most 100) **or** `AlarmNamePrefix` (not both: ValidationError), `StateValue`,
 *   `AlarmTypes` (default: metric alarms only), `MaxRecords` 1–100 (default 50), opaque `NextToken`; alarms in name
 *   order.
 * - EnableAlarmActions / DisableAlarmActions: `AlarmNames` required, 1–100 names (more: ValidationError); unknown
 *   names are ignored, as AWS does.
 * - PutMetricAlarm, PutCompositeAlarm (ActionsEnabled defaults to true), SetAlarmState, DeleteAlarms.
 * Every request is recorded in `calls` so tests can count what was sent over HTTP.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface StoredAlarm {
  AlarmName: string;
  AlarmArn: string;
  type: 'MetricAlarm' | 'CompositeAlarm';
  ActionsEnabled: boolean;
  StateValue: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  StateReason: string;
  AlarmRule?: string;
  MetricName?: string;
  Namespace?: string;
  [key: string]: unknown;
}

class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

/** A running double. */
export interface CloudWatchAlarmsDouble {
  /** Its endpoint, for `clientConfig.endpoint`. */
  endpoint: string;
  /** Every request: operation and input, in order. */
  calls: { operation: string; input: Record<string, unknown> }[];
  /** Stops the server. */
  close(): Promise<void>;
}

/** Starts the double on a free loopback port. */
export async function startCloudWatchAlarmsDouble(): Promise<CloudWatchAlarmsDouble> {
  const alarms = new Map<string, StoredAlarm>();
  const calls: CloudWatchAlarmsDouble['calls'] = [];
  const handlers: Record<string, (input: Record<string, unknown>) => unknown> = {
    PutMetricAlarm: (input) => put(alarms, input, 'MetricAlarm'),
    PutCompositeAlarm: (input) => {
      if (typeof input.AlarmRule !== 'string' || input.AlarmRule.length === 0)
        throw new ServiceError('ValidationError', 'AlarmRule is required.');
      return put(alarms, input, 'CompositeAlarm');
    },
    DescribeAlarms: (input) => describe(alarms, input),
    EnableAlarmActions: (input) => setActions(alarms, input, true),
    DisableAlarmActions: (input) => setActions(alarms, input, false),
    SetAlarmState: (input) => {
      const alarm = alarms.get(String(input.AlarmName));
      if (!alarm) throw new ServiceError('ResourceNotFound', `Alarm ${String(input.AlarmName)} not found`, 404);
      if (!['OK', 'ALARM', 'INSUFFICIENT_DATA'].includes(String(input.StateValue)))
        throw new ServiceError('ValidationError', 'Invalid StateValue');
      alarm.StateValue = input.StateValue as StoredAlarm['StateValue'];
      alarm.StateReason = String(input.StateReason ?? '');
      return {};
    },
    DeleteAlarms: (input) => {
      for (const name of (input.AlarmNames as string[] | undefined) ?? []) alarms.delete(name);
      return {};
    },
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.split('.')[1] ?? '';
      let status = 200;
      let body: unknown;
      const headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `req-${calls.length}` };
      try {
        if (!target.startsWith('GraniteServiceVersion20100801.'))
          throw new ServiceError('UnknownOperationException', `Unknown target ${target}`);
        const input = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>) : {};
        calls.push({ operation, input });
        const handler = handlers[operation];
        if (!handler) throw new ServiceError('UnknownOperationException', `The double does not implement ${operation}`);
        body = handler(input);
      } catch (error) {
        const e = error instanceof ServiceError ? error : new ServiceError('InternalServiceError', String(error), 500);
        status = e.status;
        headers['x-amzn-query-error'] = `${e.code};${e.status >= 500 ? 'Receiver' : 'Sender'}`;
        body = { __type: `com.amazonaws.cloudwatch#${e.code}`, message: e.message };
      }
      res.writeHead(status, headers);
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function put(alarms: Map<string, StoredAlarm>, input: Record<string, unknown>, type: StoredAlarm['type']): object {
  const name = input.AlarmName;
  if (typeof name !== 'string' || name.length === 0 || name.length > 255)
    throw new ServiceError('ValidationError', 'AlarmName is required.');
  const existing = alarms.get(name);
  if (existing && existing.type !== type) throw new ServiceError('ValidationError', `An alarm named ${name} of another type exists.`);
  alarms.set(name, {
    ...input,
    AlarmName: name,
    AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`,
    type,
    ActionsEnabled: input.ActionsEnabled === undefined ? true : Boolean(input.ActionsEnabled),
    StateValue: existing?.StateValue ?? 'INSUFFICIENT_DATA',
    StateReason: existing?.StateReason ?? 'Unchecked: Initial alarm creation',
  });
  return {};
}

function describe(alarms: Map<string, StoredAlarm>, input: Record<string, unknown>): object {
  const names = input.AlarmNames as string[] | undefined;
  const prefix = input.AlarmNamePrefix as string | undefined;
  if (names && prefix !== undefined) {
    throw new ServiceError('InvalidParameterCombination', 'AlarmNamePrefix and AlarmNames cannot be specified together.');
  }
  if (names && names.length > 100)
    throw new ServiceError('ValidationError', 'AlarmNames: member must have length less than or equal to 100');
  const max = input.MaxRecords === undefined ? 50 : Number(input.MaxRecords);
  if (!Number.isInteger(max) || max < 1 || max > 100) throw new ServiceError('ValidationError', 'MaxRecords must be between 1 and 100');
  const types = (input.AlarmTypes as string[] | undefined) ?? ['MetricAlarm'];
  const matched = [...alarms.values()]
    .filter((a) => types.includes(a.type))
    .filter((a) => (names ? names.includes(a.AlarmName) : true))
    .filter((a) => (prefix !== undefined ? a.AlarmName.startsWith(prefix) : true))
    .filter((a) => (input.StateValue ? a.StateValue === input.StateValue : true))
    .sort((a, b) => (a.AlarmName < b.AlarmName ? -1 : 1));
  let start = 0;
  if (input.NextToken !== undefined) {
    const decoded = Number(
      Buffer.from(String(input.NextToken), 'base64url')
        .toString('utf8')
        .replace(/^offset:/, ''),
    );
    if (!Number.isInteger(decoded) || decoded < 0) throw new ServiceError('InvalidNextToken', 'The NextToken is invalid.');
    start = decoded;
  }
  const page = matched.slice(start, start + max);
  const out = (a: StoredAlarm) => {
    const { type: _type, ...rest } = a;
    return rest;
  };
  return {
    MetricAlarms: page.filter((a) => a.type === 'MetricAlarm').map(out),
    CompositeAlarms: page.filter((a) => a.type === 'CompositeAlarm').map(out),
    ...(start + max < matched.length ? { NextToken: Buffer.from(`offset:${start + max}`).toString('base64url') } : {}),
  };
}

function setActions(alarms: Map<string, StoredAlarm>, input: Record<string, unknown>, enabled: boolean): object {
  const names = input.AlarmNames;
  if (!Array.isArray(names) || names.length === 0)
    throw new ServiceError('ValidationError', 'AlarmNames is required and must not be empty.');
  if (names.length > 100) {
    throw new ServiceError(
      'ValidationError',
      "1 validation error detected: Value at 'alarmNames' failed to satisfy constraint: Member must have length less than or equal to 100",
    );
  }
  for (const name of names) {
    const alarm = alarms.get(String(name));
    if (alarm) alarm.ActionsEnabled = enabled;
  }
  return {};
}
