/**
 * Benchmark (not a test): toggling 200 CloudWatch alarms and 50 event source mappings with the tools versus
 * one-call-at-a-time sequential code, against the local emulator behind a proxy that adds ~50 ms per request
 * (`BENCH_LATENCY_MS` to change it).
 *
 * - Alarms, tools: `CloudWatchTools.disableAlarmActions` then `enableAlarmActions` (DescribeAlarms pages, batches of
 *   100 names, bounded concurrency). Naive: for each alarm, DescribeAlarms for that one name, then
 *   Disable/EnableAlarmActions for that one name, sequentially.
 * - Mappings, tools: `LambdaTools.disableEventMappings` then `enableEventMappings` with their defaults (concurrency 5,
 *   wait on: GetEventSourceMapping is polled for every mapping whose update response is not yet in the target state —
 *   moto answers with the final state at once, real AWS with Enabling/Disabling, so against AWS the tools also poll).
 *   Naive: one ListEventSourceMappings, then one UpdateEventSourceMapping per mapping, sequentially, no verification.
 * After every run the state is read back directly from the emulator and checked, so a fast wrong answer fails.
 *
 *   npm run bench -- toggle
 */
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  DisableAlarmActionsCommand,
  EnableAlarmActionsCommand,
  PutMetricAlarmCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CreateEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CloudWatchTools } from '../src/cloudwatch/index.js';
import { StackReference } from '../src/index.js';
import { LambdaTools } from '../src/lambda/index.js';
import { emulatorClientConfig, startEmulator } from '../test/support/emulator.js';
import { createLambdaRole, createTestFunction } from '../test/support/lambda-fixtures.js';
import { startRecordingProxy } from '../test/support/recording-proxy.js';

const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 50);
const ALARMS = 200;
const MAPPINGS = 50;
const FUNCTION = 'bench-green';

interface Row {
  what: string;
  tool: { ms: number; requests: number };
  naive: { ms: number; requests: number };
}

async function main(): Promise<void> {
  const started = Date.now();
  const emulator = await startEmulator();
  const proxy = await startRecordingProxy(emulator.endpoint, { delayMs: LATENCY_MS });
  try {
    const direct = () => emulatorClientConfig(emulator.endpoint);
    const slow = () => emulatorClientConfig(proxy.endpoint);

    // Setup goes straight to the emulator (no added latency).
    const cwDirect = new CloudWatchClient(direct());
    const names = Array.from({ length: ALARMS }, (_, i) => `bench-green-${String(i).padStart(3, '0')}`);
    for (const name of names) {
      await cwDirect.send(
        new PutMetricAlarmCommand({
          AlarmName: name,
          Namespace: 'AWS/Lambda',
          MetricName: 'Errors',
          Statistic: 'Sum',
          Period: 60,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          ActionsEnabled: true,
        }),
      );
    }
    const lambdaDirect = new LambdaClient(direct());
    const sqs = new SQSClient(direct());
    await createLambdaRole(emulator.endpoint);
    await createTestFunction(lambdaDirect, FUNCTION);
    for (let i = 0; i < MAPPINGS; i++) {
      const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `bench-${i}` }));
      const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
      await lambdaDirect.send(new CreateEventSourceMappingCommand({ FunctionName: FUNCTION, EventSourceArn: attrs.Attributes?.QueueArn }));
    }
    console.log(`setup: ${ALARMS} alarms, ${MAPPINGS} event source mappings; proxy adds ${LATENCY_MS} ms per request`);

    const alarmsEnabled = async (expected: boolean) => {
      const page = await cwDirect.send(
        new DescribeAlarmsCommand({ AlarmNamePrefix: 'bench-green-', AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] }),
      );
      const alarms = page.MetricAlarms ?? [];
      if (alarms.length !== ALARMS || alarms.some((a) => a.ActionsEnabled !== expected)) {
        throw new Error(`expected ${ALARMS} alarms with ActionsEnabled=${expected}`);
      }
    };
    const mappingsState = async (expected: string) => {
      const page = await lambdaDirect.send(new ListEventSourceMappingsCommand({ FunctionName: FUNCTION }));
      const mappings = page.EventSourceMappings ?? [];
      if (mappings.length !== MAPPINGS || mappings.some((m) => m.State !== expected))
        throw new Error(`expected ${MAPPINGS} mappings ${expected}`);
    };
    const measure = async (run: () => Promise<unknown>, check: () => Promise<void>) => {
      const before = proxy.requests.length;
      const t0 = performance.now();
      await run();
      const ms = performance.now() - t0;
      const requests = proxy.requests.length - before;
      await check();
      return { ms, requests };
    };
    const add = (a: { ms: number; requests: number }, b: { ms: number; requests: number }) => ({
      ms: a.ms + b.ms,
      requests: a.requests + b.requests,
    });

    // --- alarms ---
    const cloudwatch = new CloudWatchTools({
      alarms: { blue: { prefix: 'bench-blue-' }, green: { prefix: 'bench-green-' } },
      clientConfig: slow(),
    });
    const cwNaive = new CloudWatchClient(slow());
    await cloudwatch.getAlarmStates(StackReference.Blue); // warm-up (client initialisation), both sides
    await cwNaive.send(new DescribeAlarmsCommand({ AlarmNames: ['none'] }));
    const naiveAlarms = async (enable: boolean) => {
      for (const name of names) {
        const found = await cwNaive.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
        if (found.MetricAlarms?.[0]?.ActionsEnabled === enable) continue;
        await cwNaive.send(
          enable ? new EnableAlarmActionsCommand({ AlarmNames: [name] }) : new DisableAlarmActionsCommand({ AlarmNames: [name] }),
        );
      }
    };
    const toolAlarms = add(
      await measure(
        () => cloudwatch.disableAlarmActions(StackReference.Green),
        () => alarmsEnabled(false),
      ),
      await measure(
        () => cloudwatch.enableAlarmActions(StackReference.Green),
        () => alarmsEnabled(true),
      ),
    );
    const naiveAlarmRun = add(
      await measure(
        () => naiveAlarms(false),
        () => alarmsEnabled(false),
      ),
      await measure(
        () => naiveAlarms(true),
        () => alarmsEnabled(true),
      ),
    );

    // --- event source mappings ---
    const lambda = new LambdaTools({
      functions: { blue: { functionName: 'bench-blue' }, green: { functionName: FUNCTION } },
      clientConfig: slow(),
    });
    const lambdaNaive = new LambdaClient(slow());
    await lambda.listEventSourceMappings(StackReference.Green); // warm-up (also resolves the function ARN once)
    await lambdaNaive.send(new ListEventSourceMappingsCommand({ FunctionName: 'none' }));
    const naiveMappings = async (enabled: boolean) => {
      const page = await lambdaNaive.send(new ListEventSourceMappingsCommand({ FunctionName: FUNCTION }));
      for (const m of page.EventSourceMappings ?? []) {
        await lambdaNaive.send(new UpdateEventSourceMappingCommand({ UUID: m.UUID, Enabled: enabled }));
      }
    };
    const toolMappings = add(
      await measure(
        () => lambda.disableEventMappings(StackReference.Green),
        () => mappingsState('Disabled'),
      ),
      await measure(
        () => lambda.enableEventMappings(StackReference.Green),
        () => mappingsState('Enabled'),
      ),
    );
    const naiveMappingRun = add(
      await measure(
        () => naiveMappings(false),
        () => mappingsState('Disabled'),
      ),
      await measure(
        () => naiveMappings(true),
        () => mappingsState('Enabled'),
      ),
    );

    const rows: Row[] = [
      { what: `${ALARMS} alarms: disable + enable`, tool: toolAlarms, naive: naiveAlarmRun },
      { what: `${MAPPINGS} mappings: disable + enable`, tool: toolMappings, naive: naiveMappingRun },
      { what: 'total', tool: add(toolAlarms, toolMappings), naive: add(naiveAlarmRun, naiveMappingRun) },
    ];
    console.log(`\n${'case'.padEnd(30)} ${'tools'.padStart(18)} ${'sequential'.padStart(20)} ${'speed-up'.padStart(9)}`);
    for (const row of rows) {
      const cell = (r: { ms: number; requests: number }) => `${(r.ms / 1000).toFixed(2)} s / ${r.requests} req`;
      console.log(
        `${row.what.padEnd(30)} ${cell(row.tool).padStart(18)} ${cell(row.naive).padStart(20)} ${`${(row.naive.ms / row.tool.ms).toFixed(1)}x`.padStart(9)}`,
      );
    }
    console.log(
      '\n(tools wait until every mapping reports its new state; moto reports it in the update response, so no polling was needed here)',
    );
    console.log(`benchmark wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await proxy.close();
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
