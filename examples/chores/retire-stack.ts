/**
 * Example ts-node chore: retire a stack by hand, step by step, printing what each step did.
 *
 *   npx ts-node examples/chores/retire-stack.ts blue
 *
 * Drains the stack's queue, switches its event source mappings and rules off, and stops its database. Every step is
 * idempotent: run it again and each line says "already". Region and credentials come from the usual AWS environment
 * (AWS_REGION, AWS_PROFILE, …; AWS_ENDPOINT_URL points it at a local emulator).
 */
import { parseStackReference } from 'bluegreen-toolkit';
import { AuroraTools } from 'bluegreen-toolkit/aurora';
import { EventBridgeTools } from 'bluegreen-toolkit/eventbridge';
import { LambdaTools } from 'bluegreen-toolkit/lambda';
import { SqsTools } from 'bluegreen-toolkit/sqs';

const prefix = process.env.STACK_PREFIX ?? 'shop';
const ref = parseStackReference(process.argv[2], 'the stack to retire (first argument)');
const clientConfig = { region: process.env.AWS_REGION ?? 'eu-west-1' };

const sqs = new SqsTools({
  clientConfig,
  queues: {
    blue: { queueName: `${prefix}-orders-blue`, dlqName: `${prefix}-orders-blue-dlq` },
    green: { queueName: `${prefix}-orders-green`, dlqName: `${prefix}-orders-green-dlq` },
  },
});
const lambda = new LambdaTools({
  clientConfig,
  functions: {
    blue: { functionName: `${prefix}-worker-blue`, alias: 'live' },
    green: { functionName: `${prefix}-worker-green`, alias: 'live' },
  },
});
const eventBridge = new EventBridgeTools({ lambda, clientConfig }); // the rules that target the two functions
const aurora = new AuroraTools({
  clientConfig,
  clusters: { blue: { clusterIdentifier: `${prefix}-db-blue` }, green: { clusterIdentifier: `${prefix}-db-green` } },
});

const drained = await sqs.waitForDrain(ref, { maxWaitTime: 300 });
console.log(`queue drained: ${drained.total} message(s) left`);
for (const result of [
  await lambda.disableEventMappings(ref, { wait: true }),
  await eventBridge.disableRules(ref),
  await aurora.stopDatabase(ref, { wait: true }),
]) {
  console.log(`${result.outcome.padEnd(7)} ${result.message}`);
}
