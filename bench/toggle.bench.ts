/**
 * Benchmark (not a test): bulk toggles — disabling the actions of N CloudWatch alarms and N Lambda event source
 * mappings — with the tools versus the peer (bbeesley/aws-blue-green-toolkit, as it really does it), at 50 ms per
 * request, without and with a 15 requests/second cap per API, against the round-trip floor.
 *
 *   npm run bench -- toggle          (BENCH_LATENCY_MS, BENCH_CAP to change the round trip and the cap)
 */

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CloudWatchClient, DescribeAlarmsCommand, DisableAlarmActionsCommand, EnableAlarmActionsCommand } from '@aws-sdk/client-cloudwatch';
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
import { alarmActionsEnabled, metricAlarm } from '../test/support/cloudwatch-fixtures.js';
import { emulatorClientConfig, startEmulator } from '../test/support/emulator.js';
import { createLambdaRole, createTestFunction } from '../test/support/lambda-fixtures.js';
import { type QuotaProxy, startQuotaProxy } from './lib/quota-proxy.js';
import { median, printTable } from './lib/table.js';

const RTT = Number(process.env.BENCH_LATENCY_MS ?? 50);
const CAP = Number(process.env.BENCH_CAP ?? 15);
const ALARM_NS = [10, 100, 1000];
const ONLY = process.env.BENCH_ONLY; // 'alarms' or 'mappings' to run one half
const MAPPING_NS = [10, 100, 300];
/** Runs per alarm case (the alarm runs are short; the figure is the median, the spread min–max). */
const ALARM_REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 5));

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
  the client-side rate limiter; alarms: batches of 100 names, each page's batch sent while the next page is read,
  concurrency 4; mappings: concurrency 5, wait until each reports Disabled).
  "tools, unpaced": the same with rateLimit: false.
- SDK only, pipelined: the tools' round trips written with bare SDK calls (each page's DisableAlarmActions sent while
  the next page is read) — the SDK's and the endpoint's own cost per request, for comparison with the floor.
- peer: bbeesley/aws-blue-green-toolkit as published (src/main/cloudwatch-tools.ts, lambda-tools.ts): one
  DescribeAlarms with the prefix (first page only) then ONE DisableAlarmActions with every name; mappings: the paged
  ListEventSourceMappings, then UpdateEventSourceMapping one at a time. The SDK's default client (standard retry).
- correct = alarms/mappings really disabled afterwards (read back directly from the double / moto), of N.
- floor = unavoidable sequential round trips × RTT: alarms ceil(N/100) DescribeAlarms pages (each needs the previous
  NextToken) + 1 round of DisableAlarmActions (all batches at once); mappings ceil(N/100) ListEventSourceMappings pages
  + 1 round of updates; under the cap, at least (updates) / ${CAP} s for the mappings (the N/${CAP} s floor).
- Alarms: ${ALARM_REPEAT} runs per side (BENCH_REPEAT), sides alternated, state reset to enabled before each run; the figure
  is the median, with the min–max spread. Mappings: one run each. Only ratios to the floor matter (the machine is shared).`;

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
  const rows: string[][] = [
    [
      'case',
      'N',
      'cap',
      'who',
      'time s (median)',
      'runs (min–max s)',
      'requests',
      'throttled (max)',
      'errors (max)',
      'correct (min)',
      'floor s',
      '× floor',
    ],
  ];
  try {
    const cwDirect = new CloudWatchClient(emulatorClientConfig(double.endpoint));
    const lambdaDirect = new LambdaClient(emulatorClientConfig(emulator.endpoint));
    const sqs = new SQSClient(emulatorClientConfig(emulator.endpoint));
    // --- setup, straight to the endpoints ---
    for (const n of ALARM_NS) {
      await mapLimit(
        Array.from({ length: n }, (_, i) => `a${n}-${String(i).padStart(4, '0')}`),
        20,
        (name) => cwDirect.send(metricAlarm(name)),
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

    const alarmsDisabled = async (n: number) => Object.values(await alarmActionsEnabled(cwDirect, `a${n}-`)).filter((on) => !on).length;
    const enableAlarms = async (n: number) => {
      const names = Object.keys(await alarmActionsEnabled(cwDirect, `a${n}-`));
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
      /** One row: the median run (by time) of `runs`, with the spread of the times. */
      const add = (what: string, n: number, who: string, given: Run | Run[], floorMs: number) => {
        const runs = (Array.isArray(given) ? given : [given]).slice().sort((x, y) => x.ms - y.ms);
        const r = runs[Math.floor((runs.length - 1) / 2)] as Run;
        const ms = median(runs.map((x) => x.ms));
        const spread = runs.length > 1 ? `${((runs[0] as Run).ms / 1000).toFixed(2)}–${((runs.at(-1) as Run).ms / 1000).toFixed(2)}` : '';
        rows.push([
          what,
          String(n),
          capLabel,
          who,
          (ms / 1000).toFixed(2),
          `${runs.length}${spread ? ` (${spread})` : ''}`,
          String(r.requests),
          String(Math.max(...runs.map((x) => x.throttled))),
          String(Math.max(...runs.map((x) => x.errors))),
          `${Math.min(...runs.map((x) => x.correct))}/${n}`,
          (floorMs / 1000).toFixed(2),
          `${(ms / floorMs).toFixed(2)}×`,
        ]);
      };
      try {
        for (const n of ONLY === 'mappings' ? [] : ALARM_NS) {
          const floor = (Math.ceil(n / 100) + 1) * RTT;
          const tools = new CloudWatchTools({
            alarms: { blue: { prefix: 'none-' }, green: { prefix: `a${n}-` } },
            clientConfig: emulatorClientConfig(cwProxy.endpoint),
          });
          const sdk = new CloudWatchClient(emulatorClientConfig(cwProxy.endpoint));
          const peer = new CloudWatchClient(emulatorClientConfig(cwProxy.endpoint));
          // client warm-up (credentials, endpoint, connection), every side
          await tools.getAlarmStates(StackReference.Blue);
          await sdk.send(new DescribeAlarmsCommand({ AlarmNames: ['none'] }));
          await peer.send(new DescribeAlarmsCommand({ AlarmNames: ['none'] }));
          const sides: [string, () => Promise<unknown>][] = [
            ['tools', () => tools.disableAlarmActions(StackReference.Green)],
            // The same pages + 1 round trips written with bare SDK calls: what the SDK and the endpoint cost per
            // request on this machine, beside the floor (which counts only the round trips).
            [
              'SDK only, pipelined',
              async () => {
                const sends: Promise<unknown>[] = [];
                let NextToken: string | undefined;
                do {
                  const page = await sdk.send(
                    new DescribeAlarmsCommand({
                      AlarmNamePrefix: `a${n}-`,
                      AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
                      MaxRecords: 100,
                      NextToken,
                    }),
                  );
                  const names = (page.MetricAlarms ?? []).filter((a) => a.ActionsEnabled).map((a) => a.AlarmName as string);
                  if (names.length > 0) sends.push(sdk.send(new DisableAlarmActionsCommand({ AlarmNames: names })));
                  NextToken = page.NextToken;
                } while (NextToken);
                await Promise.all(sends);
              },
            ],
            // The peer, as published: first page of the prefix, one call with every name.
            [
              'peer',
              async () => {
                const { MetricAlarms = [] } = await peer.send(new DescribeAlarmsCommand({ AlarmNamePrefix: `a${n}-` }));
                await peer.send(new DisableAlarmActionsCommand({ AlarmNames: MetricAlarms.map((a) => a.AlarmName as string) }));
              },
            ],
          ];
          const runs = new Map<string, Run[]>(sides.map(([who]) => [who, []]));
          for (let k = 0; k < ALARM_REPEAT; k++) {
            // Alternate the order, so machine load hits every side alike.
            for (const [who, run] of k % 2 === 0 ? sides : [...sides].reverse()) {
              await enableAlarms(n);
              runs.get(who)?.push(await measure(cwProxy, run, () => alarmsDisabled(n)));
            }
          }
          for (const [who] of sides) add('alarms', n, who, runs.get(who) ?? [], floor);
        }
        for (const n of ONLY === 'alarms' ? [] : MAPPING_NS) {
          const pages = Math.ceil(n / 100);
          const floor = Math.max((pages + 1) * RTT, cap ? (n / cap) * 1000 : 0);
          for (const paced of [true, false]) {
            const tools = new LambdaTools({
              functions: { blue: { functionName: `none-${n}` }, green: { functionName: `m${n}` } },
              clientConfig: emulatorClientConfig(lambdaProxy.endpoint),
              rateLimit: paced,
            });
            await tools.listEventSourceMappings(StackReference.Green); // warm-up (client, endpoint, the function name forms)
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
