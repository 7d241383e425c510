import { refuseLiveStack, StackReference } from '../../../src/index.js';
import type { FlipOperations, StackConfig, StackTools } from '../../../src/runbook/index.js';

const pair = <T>(blue: T, green: T) => ({ blue, green });

/** A stack config naming every service (the fake tools below stand in for the real ones). */
export const FULL: StackConfig = {
  region: 'eu-west-1',
  aurora: { clusters: pair({ clusterIdentifier: 'db-blue' }, { clusterIdentifier: 'db-green' }) },
  dynamodb: { tables: pair({ tableName: 't-blue' }, { tableName: 't-green' }) },
  sqs: { queues: pair({ queueName: 'q-blue', dlqName: 'q-blue-dlq' }, { queueName: 'q-green', dlqName: 'q-green-dlq' }) },
  sns: {
    subscriptions: pair(
      [{ subscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:t:1' }],
      [{ subscriptionArn: 'arn:aws:sns:eu-west-1:123456789012:t:2' }],
    ),
  },
  kinesis: { consumers: pair({ streamName: 's', consumerName: 'c-blue' }, { streamName: 's', consumerName: 'c-green' }) },
  lambda: { functions: pair({ functionName: 'f-blue', alias: 'live' }, { functionName: 'f-green', alias: 'live' }) },
  cloudwatch: { alarms: pair({ prefix: 'blue-' }, { prefix: 'green-' }) },
  ecs: { services: pair({ cluster: 'c', service: 's-blue', desiredCount: 2 }, { cluster: 'c', service: 's-green', desiredCount: 2 }) },
};

/** One stack's state in the fake world. */
export interface FakeStackState {
  cluster: 'available' | 'stopped';
  minReaders: number;
  tableItems: number;
  mappings: boolean;
  rules: boolean;
  subscriptions: boolean;
  ecs: number;
  consumer: boolean;
  alarmActions: boolean;
  queue: number;
}

const liveState = (): FakeStackState => ({
  cluster: 'available',
  minReaders: 2,
  tableItems: 5,
  mappings: true,
  rules: true,
  subscriptions: true,
  ecs: 2,
  consumer: true,
  alarmActions: true,
  queue: 0,
});
const idleState = (): FakeStackState => ({
  cluster: 'stopped',
  minReaders: 0,
  tableItems: 3,
  mappings: false,
  rules: false,
  subscriptions: false,
  ecs: 0,
  consumer: false,
  alarmActions: false,
  queue: 0,
});

/**
 * A stateful fake of every tool: mutating methods change `state` and answer `changed`, or `already` when it is in
 * place (as the real tools do); read methods report `state`. `writes` lists each state change ("the mutating calls");
 * `calls` every method called. `fail` makes a method throw (optionally after applying: a lost response).
 */
export class FakeStack {
  readonly state: Record<StackReference, FakeStackState> = { blue: liveState(), green: idleState() };
  readonly calls: string[] = [];
  readonly writes: string[] = [];
  inAlarm: string[] = [];
  readonly failures = new Map<string, { applied: boolean; times: number; error?: () => Error }>();
  stoppable: { stoppable: true } | { stoppable: false; reason: string } = { stoppable: true };

  /** Makes `method(ref)` fail `times` times (default always); `applied`: the change lands, then the call throws. */
  fail(call: string, options: { applied?: boolean; times?: number; error?: () => Error } = {}): this {
    this.failures.set(call, { applied: options.applied ?? false, times: options.times ?? Number.POSITIVE_INFINITY, error: options.error });
    return this;
  }

  tools(): StackTools {
    const toggle = (section: string, method: string, key: keyof FakeStackState, value: unknown) => async (ref: StackReference) => {
      const call = `${section}.${method}(${ref})`;
      this.calls.push(call);
      const failure = this.failures.get(call);
      const apply = () => {
        if (this.state[ref][key] === value) return { outcome: 'already' as const, message: `${call}: already` };
        (this.state[ref] as unknown as Record<string, unknown>)[key] = value;
        this.writes.push(call);
        return { outcome: 'changed' as const, message: call, partnerReaderCount: 0 };
      };
      if (failure && failure.times > 0) {
        failure.times--;
        if (failure.applied) apply();
        throw failure.error?.() ?? new Error(`${call} failed`);
      }
      return apply();
    };
    const read =
      <T>(section: string, method: string, fn: (ref: StackReference) => T) =>
      async (ref: StackReference) => {
        this.calls.push(`${section}.${method}(${ref})`);
        const failure = this.failures.get(`${section}.${method}(${ref})`);
        if (failure && failure.times > 0) {
          failure.times--;
          throw failure.error?.() ?? new Error(`${section}.${method}(${ref}) failed`);
        }
        return fn(ref);
      };
    const s = (ref: StackReference) => this.state[ref];
    return {
      aurora: {
        startDatabase: toggle('aurora', 'startDatabase', 'cluster', 'available'),
        stopDatabase: toggle('aurora', 'stopDatabase', 'cluster', 'stopped'),
        getClusterState: read('aurora', 'getClusterState', (ref) => ({
          status: s(ref).cluster,
          readers: [],
          readerCount: 0,
          clusterIdentifier: `db-${ref}`,
        })),
        scaleOut: async (ref: StackReference) => {
          const other = ref === StackReference.Blue ? StackReference.Green : StackReference.Blue;
          return toggle('aurora', 'scaleOut', 'minReaders', Math.max(s(other).minReaders, 2))(ref);
        },
        scaleIn: toggle('aurora', 'scaleIn', 'minReaders', 0),
        getReaderCapacity: read('aurora', 'getReaderCapacity', (ref) => ({
          resourceId: `cluster:db-${ref}`,
          minCapacity: s(ref).minReaders,
          maxCapacity: 15,
        })),
        restoreReaderCapacity: async (resourceId: string, minCapacity: number) => {
          const ref = resourceId.endsWith('blue') ? StackReference.Blue : StackReference.Green;
          this.calls.push(`aurora.restoreReaderCapacity(${ref}, ${minCapacity})`);
          if (s(ref).minReaders !== minCapacity) this.writes.push(`aurora.restoreReaderCapacity(${ref}, ${minCapacity})`);
          s(ref).minReaders = minCapacity;
        },
        checkStoppable: async () => this.stoppable,
      },
      dynamodb: {
        resetTable: async (ref: StackReference, options: { liveStack?: StackReference }) => {
          this.calls.push(`dynamodb.resetTable(${ref})`);
          refuseLiveStack(ref, options.liveStack, `reset table t-${ref}`);
          s(ref).tableItems = 0;
          this.writes.push(`dynamodb.resetTable(${ref})`);
          return { outcome: 'changed', message: `reset t-${ref}` };
        },
        describeTable: read('dynamodb', 'describeTable', () => null),
      },
      sqs: {
        queues: { blue: { queueName: 'q-blue' }, green: { queueName: 'q-green' } },
        getQueueDepth: read('sqs', 'getQueueDepth', (ref) => ({ queues: [], total: s(ref).queue })),
        purgeQueues: async (ref: StackReference, options: { liveStack?: StackReference; includeDlq?: boolean }) => {
          this.calls.push(`sqs.purgeQueues(${ref}${options.includeDlq ? ', dlq' : ''})`);
          refuseLiveStack(ref, options.liveStack, `purge the ${ref} queues`);
          if (this.failures.has(`sqs.purgeQueues(${ref})`)) throw new Error(`sqs.purgeQueues(${ref}) failed`);
          this.writes.push(`sqs.purgeQueues(${ref})`);
          s(ref).queue = 0;
          return { outcome: 'changed', message: 'purged' };
        },
      },
      sns: {
        enableSubscription: toggle('sns', 'enableSubscription', 'subscriptions', true),
        disableSubscription: toggle('sns', 'disableSubscription', 'subscriptions', false),
        getSubscriptionStates: read('sns', 'getSubscriptionStates', (ref) => [
          { subscriptionArn: `sub-${ref}`, enabled: s(ref).subscriptions },
        ]),
      },
      kinesis: {
        registerConsumer: toggle('kinesis', 'registerConsumer', 'consumer', true),
        deregisterConsumer: toggle('kinesis', 'deregisterConsumer', 'consumer', false),
        describeConsumer: read('kinesis', 'describeConsumer', (ref) =>
          s(ref).consumer ? { status: 'ACTIVE', consumerArn: `arn:consumer-${ref}`, consumerName: `c-${ref}` } : null,
        ),
      },
      lambda: {
        enableEventMappings: toggle('lambda', 'enableEventMappings', 'mappings', true),
        disableEventMappings: toggle('lambda', 'disableEventMappings', 'mappings', false),
        listEventSourceMappings: read('lambda', 'listEventSourceMappings', (ref) => [
          { uuid: `m-${ref}`, state: s(ref).mappings ? 'Enabled' : 'Disabled', eventSourceArn: `arn:queue-${ref}` },
        ]),
      },
      eventbridge: {
        enableRules: toggle('eventbridge', 'enableRules', 'rules', true),
        disableRules: toggle('eventbridge', 'disableRules', 'rules', false),
        listRules: read('eventbridge', 'listRules', (ref) => [{ id: `default/rule-${ref}`, enabled: s(ref).rules }]),
      },
      cloudwatch: {
        enableAlarmActions: toggle('cloudwatch', 'enableAlarmActions', 'alarmActions', true),
        disableAlarmActions: toggle('cloudwatch', 'disableAlarmActions', 'alarmActions', false),
        getAlarmStates: read('cloudwatch', 'getAlarmStates', (ref) => ({
          alarms: [{ name: `${ref}-errors`, actionsEnabled: s(ref).alarmActions }],
          inAlarm: this.inAlarm,
        })),
        client: { send: async () => ({ MetricDataResults: [] }) },
        queueMessagesSent: async () => 0,
      },
      ecs: {
        enableService: toggle('ecs', 'enableService', 'ecs', 2),
        disableService: toggle('ecs', 'disableService', 'ecs', 0),
        getServiceState: read('ecs', 'getServiceState', (ref) => ({
          cluster: 'c',
          service: `s-${ref}`,
          desiredCount: s(ref).ecs,
          runningCount: s(ref).ecs,
          deployments: [],
        })),
      },
    } as unknown as StackTools;
  }
}

/**
 * The flip's destructive operations for the fake tools: they call the fakes' resetTable/purgeQueues (the real
 * functions of bluegreen-toolkit/dynamodb and /sqs need a real tool; they are tested in test/unit/dynamodb and /sqs).
 */
type FakeDestructive = {
  resetTable: (ref: StackReference, options: object) => Promise<never>;
  purgeQueues: (ref: StackReference, options?: object) => Promise<never>;
};
export const FAKE_OPERATIONS: FlipOperations = {
  resetTable: (dynamo, ref, options) => (dynamo as unknown as FakeDestructive).resetTable(ref, options),
  purgeQueues: (sqs, ref, options) => (sqs as unknown as FakeDestructive).purgeQueues(ref, options),
};

/** Flip options that make every wait instant (no dwell, a drain that needs one reading), with the fakes' operations. */
export const INSTANT = {
  operations: FAKE_OPERATIONS,
  propagationDwellSeconds: 0,
  drain: { windowSeconds: 0, zeroReadings: 1, minDelay: 0.01, maxDelay: 0.01, maxWaitTime: 2 },
  wait: { maxWaitTime: 2, minDelay: 0.01, maxDelay: 0.01 },
  undoRetryDelaySeconds: 0,
  lock: false as const,
};
