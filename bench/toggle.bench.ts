/**
 * Benchmark (not a test): bulk toggles — disabling the actions of N CloudWatch alarms and N Lambda event source
 * mappings — with the tools versus the peer (bbeesley/aws-blue-green-toolkit, as it really does it), at 50 ms per
 * request, without and with a 15 requests/second cap per API, against the round-trip floor.
 *
 *   npm run bench -- toggle          (BENCH_LATENCY_MS, BENCH_CAP to change the round trip and the cap)
 */

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CloudWatchClient, DescribeAlarmsCommand, EnableAlarmActionsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import {
  CreateEventSourceMappingCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CloudWatchTools } from '../src/cloudwatch/index.js';
import { mapLimit, StackReference } from '../src/index.js';
import { LambdaTools } from '../src/lambda/index.js';
import { emulatorClientConfig, startEmulator } from '../test/support/emulator.js';
import { createLambdaRole, createTestFunction } from '../test/support/lambda-fixtures.js';
import { type QuotaProxy, startQuotaProxy } from './lib/quota-proxy.js';
import { printTable } from './lib/table.js';

const RTT = Number(process.env.BENCH_LATENCY_MS ?? 50);
const CAP = Number(process.env.BENCH_CAP ?? 15);
const ALARM_NS = [10, 100, 1000];
const ONLY = process.env.BENCH_ONLY; // 'alarms' or 'mappings' to run one half
const MAPPING_NS = [10, 100, 300];

const METHOD = `Method
- Every request goes through a proxy that waits ${RTT} ms before forwarding (one round trip); with the cap, it also keeps
  a token bucket per API (capacity ${CAP}, refilled at ${CAP}/s) and answers an over-quota request at once with the
  protocol's real throttling error (CloudWatch: 400 Throttling via x-amzn-query-error; Lambda: 429
  TooManyRequestsException). The SDK retries those; "throttled" counts them at the proxy, "errors" counts the ones that
  reached the caller.
- Alarms live in the CloudWatch alarms double (test/support/cloudwatch-alarms-double.ts: AWS's paging, MaxRecords
  default 50, ≤ 100 names per call, as moto lacks them), run in its own process; mappings in moto (SQS queues → one
  function). The proxies run in the benchmark's process.
- tools: CloudWatchTools.disableAlarmActions / LambdaTools.disableEventMappings with their defaults (paged reads,
  batches of 100 names, concurrency 5, the client-side rate limiter; mappings: wait until each reports Disabled).
  "tools, unpaced": the same with rateLimit: false.
- peer: bbeesley/aws-blue-green-toolkit as published (src/main/cloudwatch-tools.ts, lambda-tools.ts): one
  DescribeAlarms with the prefix (first page only) then ONE DisableAlarmActions with every name; mappings: the paged
  ListEventSourceMappings, then UpdateEventSourceMapping one at a time. The SDK's default client (standard retry).
- correct = alarms/mappings really disabled afterwards (read back directly from the double / moto), of N.
- floor = unavoidable sequential round trips × RTT: alarms ceil(N/100) DescribeAlarms pages (each needs the previous
  NextToken) + 1 round of DisableAlarmActions (all batches at once); mappings ceil(N/100) ListEventSourceMappings pages
  + 1 round of updates; under the cap, at least (updates) / ${CAP} s for the mappings (the N/${CAP} s floor).
- Each figure is one run (state reset to enabled in between); only ratios to the floor matter (the machine is shared).`;

interface Run {
  ms: number;
  requests: number;
  throttled: number;
  errors: number;
  correct: number;
}

async function measure(proxy: QuotaProxy, run: () => Promise<unknown>, count: () => Promise<number>): Promise<Run> {
  proxy.reset();
  const t0 = performance.now();
  let errors = 0;
  try {
    await run();
  } catch (error) {
    errors++;
    console.log(`    (run failed: ${(error as Error).name}: ${(error as Error).message.slice(0, 100)})`);
  }
  const ms = performance.now() - t0;
  const { requests, throttled } = proxy.total();
  return { ms, requests, throttled, errors, correct: await count() };
}

/** The CloudWatch alarms double in a child process (its endpoint, and a stop function). */
async function startDoubleProcess(): Promise<{ endpoint: string; close(): Promise<void> }> {
  const script = fileURLToPath(new URL('./lib/serve-cloudwatch-double.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('\n')) resolve(text.trim());
    });
    child.on('exit', (code) => reject(new Error(`CloudWatch double exited ${code}`)));
  });
  return {
    endpoint,
    close: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(METHOD);
  const double = await startDoubleProcess();
  const emulator = await startEmulator();
  const rows: string[][] = [['case', 'N', 'cap', 'who', 'time s', 'requests', 'throttled', 'errors', 'correct', 'floor s', '× floor']];
  try {
    const cwDirect = new CloudWatchClient(emulatorClientConfig(double.endpoint));
    const lambdaDirect = new LambdaClient(emulatorClientConfig(emulator.endpoint));
    const sqs = new SQSClient(emulatorClientConfig(emulator.endpoint));
    // --- setup, straight to the endpoints ---
    for (const n of ALARM_NS) {
      await mapLimit(
        Array.from({ length: n }, (_, i) => `a${n}-${String(i).padStart(4, '0')}`),
        20,
        (AlarmName) =>
          cwDirect.send(
            new PutMetricAlarmCommand({
              AlarmName,
              Namespace: 'AWS/Lambda',
              MetricName: 'Errors',
              Statistic: 'Sum',
              Period: 60,
              EvaluationPeriods: 1,
              Threshold: 1,
              ComparisonOperator: 'GreaterThanOrEqualToThreshold',
              ActionsEnabled: true,
            }),
          ),
      );
    }
    await createLambdaRole(emulator.endpoint);
    for (const n of ONLY === 'alarms' ? [] : MAPPING_NS) {
      await createTestFunction(lambdaDirect, `m${n}`);
      await mapLimit(
        Array.from({ length: n }, (_, i) => i),
        10,
        async (i) => {
          const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `m${n}-${i}` }));
          const a = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
          await lambdaDirect.send(new CreateEventSourceMappingCommand({ FunctionName: `m${n}`, EventSourceArn: a.Attributes?.QueueArn }));
        },
      );
    }
    console.log(
      `\nsetup: ${ALARM_NS.join('/')} alarms, ${MAPPING_NS.join('/')} mappings in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    const alarmPages = async (prefix: string) => {
      const all: { name: string; enabled: boolean }[] = [];
      let NextToken: string | undefined;
      do {
        const page = await cwDirect.send(new DescribeAlarmsCommand({ AlarmNamePrefix: prefix, MaxRecords: 100, NextToken }));
        for (const a of page.MetricAlarms ?? []) all.push({ name: a.AlarmName as string, enabled: a.ActionsEnabled === true });
        NextToken = page.NextToken;
      } while (NextToken);
      return all;
    };
    const alarmsDisabled = async (n: number) => (await alarmPages(`a${n}-`)).filter((a) => !a.enabled).length;
    const enableAlarms = async (n: number) => {
      const names = (await alarmPages(`a${n}-`)).map((a) => a.name);
      for (let i = 0; i < names.length; i += 100)
        await cwDirect.send(new EnableAlarmActionsCommand({ AlarmNames: names.slice(i, i + 100) }));
    };
    const mappings = async (fn: string) => {
      const all: { uuid: string; state: string }[] = [];
      let Marker: string | undefined;
      do {
        const page = await lambdaDirect.send(new ListEventSourceMappingsCommand({ FunctionName: fn, Marker }));
        for (const m of page.EventSourceMappings ?? []) all.push({ uuid: m.UUID as string, state: m.State as string });
        Marker = page.NextMarker;
      } while (Marker);
      return all;
    };
    const mappingsDisabled = async (n: number) => (await mappings(`m${n}`)).filter((m) => m.state === 'Disabled').length;
    const enableMappings = async (n: number) => {
      await mapLimit(await mappings(`m${n}`), 10, (m) =>
        lambdaDirect.send(new UpdateEventSourceMappingCommand({ UUID: m.uuid, Enabled: true })),
      );
    };

    for (const cap of [undefined, CAP]) {
      const cwProxy = await startQuotaProxy(double.endpoint, { delayMs: RTT, ratePerApi: cap });
      const lambdaProxy = await startQuotaProxy(emulator.endpoint, { delayMs: RTT, ratePerApi: cap });
      const capLabel = cap ? `${cap}/s` : 'none';
      const add = (what: string, n: number, who: string, r: Run, floorMs: number) =>
        rows.push([
          what,
          String(n),
          capLabel,
          who,
          (r.ms / 1000).toFixed(2),
          String(r.requests),
          String(r.throttled),
          String(r.errors),
          `${r.correct}/${n}`,
          (floorMs / 1000).toFixed(2),
          `${(r.ms / floorMs).toFixed(2)}×`,
        ]);
      try {
        for (const n of ONLY === 'mappings' ? [] : ALARM_NS) {
          const floor = (Math.ceil(n / 100) + 1) * RTT;
          const tools = new CloudWatchTools({
            alarms: { blue: { prefix: 'none-' }, green: { prefix: `a${n}-` } },
            clientConfig: emulatorClientConfig(cwProxy.endpoint),
          });
          await tools.getAlarmStates(StackReference.Blue); // client warm-up (credentials, endpoint), both sides
          await enableAlarms(n);
          add(
            'alarms',
            n,
            'tools',
            await measure(
              cwProxy,
              () => tools.disableAlarmActions(StackReference.Green),
              () => alarmsDisabled(n),
            ),
            floor,
          );
          // The peer, as published: first page of the prefix, one call with every name.
          const peer = new CloudWatchClient(emulatorClientConfig(cwProxy.endpoint));
          await peer.send(new DescribeAlarmsCommand({ AlarmNames: ['none'] }));
          await enableAlarms(n);
          add(
            'alarms',
            n,
            'peer',
            await measure(
              cwProxy,
              async () => {
                const { MetricAlarms = [] } = await peer.send(new DescribeAlarmsCommand({ AlarmNamePrefix: `a${n}-` }));
                const { DisableAlarmActionsCommand } = await import('@aws-sdk/client-cloudwatch');
                await peer.send(new DisableAlarmActionsCommand({ AlarmNames: MetricAlarms.map((a) => a.AlarmName as string) }));
              },
              () => alarmsDisabled(n),
            ),
            floor,
          );
        }
        for (const n of ONLY === 'alarms' ? [] : MAPPING_NS) {
          const pages = Math.ceil(n / 100);
          const floor = Math.max((pages + 1) * RTT, cap ? (n / cap) * 1000 : 0);
          for (const paced of [true, false]) {
            const tools = new LambdaTools({
              functions: { blue: { functionName: `m${n}` }, green: { functionName: `m${n}` } },
              clientConfig: emulatorClientConfig(lambdaProxy.endpoint),
              rateLimit: paced,
            });
            await tools.listEventSourceMappings(StackReference.Blue); // warm-up
            await enableMappings(n);
            await new Promise((r) => setTimeout(r, 1100)); // let the proxy's buckets refill
            add(
              'mappings',
              n,
              paced ? 'tools' : 'tools, unpaced',
              await measure(
                lambdaProxy,
                () => tools.disableEventMappings(StackReference.Green),
                () => mappingsDisabled(n),
              ),
              floor,
            );
          }
          const peer = new LambdaClient(emulatorClientConfig(lambdaProxy.endpoint));
          await peer.send(new ListEventSourceMappingsCommand({ FunctionName: 'none' }));
          await enableMappings(n);
          await new Promise((r) => setTimeout(r, 1100));
          add(
            'mappings',
            n,
            'peer',
            await measure(
              lambdaProxy,
              async () => {
                const all: string[] = [];
                let Marker: string | undefined;
                do {
                  const page = await peer.send(new ListEventSourceMappingsCommand({ FunctionName: `m${n}`, Marker }));
                  for (const m of page.EventSourceMappings ?? []) all.push(m.UUID as string);
                  Marker = page.NextMarker;
                } while (Marker);
                for (const UUID of all) await peer.send(new UpdateEventSourceMappingCommand({ UUID, Enabled: false }));
              },
              () => mappingsDisabled(n),
            ),
            floor,
          );
        }
      } finally {
        await cwProxy.close();
        await lambdaProxy.close();
      }
    }
    console.log('');
    printTable(rows);
    console.log(`\nbenchmark wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await double.close();
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
