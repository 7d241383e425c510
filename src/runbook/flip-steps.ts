import { ConfigError } from '../core/index.js';
import { drainSettle } from './drain.js';
import { clusterStatus, consumerIs, mappingsIn, readersAvailable, serviceSteady } from './flip-checks.js';
import { AlarmGateError } from './flip-errors.js';
import { SNS_FILTER_PROPAGATION_SECONDS } from './flip-options.js';
import {
  alarmActionsSwitch,
  clusterStartSwitch,
  consumerSwitch,
  mappingsSwitch,
  serviceSwitch,
  subscriptionsSwitch,
  tableIdentity,
} from './flip-prestate.js';
import { type Factory, type FlipStepContext, keptOr, needOperation, rulesStep, tableName, undoScaling } from './flip-step-context.js';
import type { StackTools } from './stack-tools.js';

const dwell = (c: FlipStepContext) => c.options.propagationDwellSeconds ?? SNS_FILTER_PROPAGATION_SECONDS;

/** The prepare phase: the target's database, store and consumers go on; subscriptions last, then the propagation dwell. */
export const PREPARE: Factory[] = [
  ({ tools: { aurora }, target: t, options }) =>
    aurora && {
      name: `aurora: start ${t} database`,
      run: () => aurora.startDatabase(t),
      settle: clusterStatus(aurora, t, ['available'], options.wait),
      ...clusterStartSwitch(aurora, t),
      undoSettle: clusterStatus(aurora, t, ['stopping', 'stopped'], options.wait),
      manualUndo: `stop the ${t} cluster (aws rds stop-db-cluster)`,
    },
  ({ tools: { aurora }, target: t, old, options }) =>
    aurora && {
      name: `aurora: scale out ${t} readers to match ${old}`,
      run: () => aurora.scaleOut(t),
      settle: readersAvailable(aurora, t, options.wait),
      snapshot: () => aurora.getReaderCapacity(t),
      undo: ({ result, before }) => undoScaling(aurora, t, result, before, () => aurora.scaleIn(t)),
      resources: async () => [`application-autoscaling cluster:${(await aurora.getClusterState(t)).clusterIdentifier}`],
      manualUndo: `set the ${t} cluster's Application Auto Scaling MinCapacity/MaxCapacity (rds:cluster:ReadReplicaCount) back`,
    },
  (c) => {
    const { dynamodb } = c.tools;
    if (!dynamodb) return undefined;
    const t = c.target;
    const name = tableName(c.config, t);
    if (c.targetConsuming) {
      c.notes.push(`dynamodb: ${t} table ${name} is NOT reset: AWS shows the ${t} stack consuming (it may hold live data).`);
      return undefined;
    }
    const reset = needOperation(c, 'resetTable', 'a dynamodb tool', 'bluegreen-toolkit/dynamodb');
    return {
      name: `dynamodb: reset ${t} table from ${c.old}'s definition`,
      description: `Deletes table ${name} and recreates it empty with ${c.old}'s definition. Cannot be undone; refused on the live stack.`,
      run: () => reset(dynamodb, t, { expectedTableName: name, liveStack: c.old, ...(c.options.wait ? { wait: c.options.wait } : {}) }),
      ...tableIdentity(dynamodb, t, name),
      manualUndo: `recreate table ${name} from ${c.old}'s definition (run the flip again: the reset is idempotent)`,
    };
  },
  (c) => {
    const { dynamodb, lambda } = c.tools;
    if (!dynamodb || !lambda || c.targetConsuming) return undefined;
    const t = c.target;
    const rebind = c.rebind;
    if (rebind === false) {
      c.notes.push(`lambda: ${t} mappings on the reset table's old stream are NOT rebound (operations.rebindStreamMappings: false).`);
      return undefined;
    }
    // Planning fails before anything runs: the reset would leave the mappings on the deleted stream.
    if (!rebind)
      throw new ConfigError(
        "A flip with dynamodb and lambda tools rebinds the mappings to the reset table's new stream: pass operations: { rebindStreamMappings } (import { rebindStreamMappings } from 'bluegreen-toolkit/lambda'), or rebindStreamMappings: false.",
      );
    return {
      name: `lambda: rebind ${t} mappings to the new ${t} table stream`,
      description: 'Mappings on the deleted table stream are recreated on the new LatestStreamArn with the same settings.',
      run: async () => {
        const table = await dynamodb.describeTable(t);
        const stream = table?.LatestStreamArn;
        if (!table?.TableArn || !stream) return { outcome: 'already', message: `table ${tableName(c.config, t)} has no stream` };
        // The function is given, not imported, so a flip bundle carries Lambda code only when the hook imports it.
        return rebind(lambda, t, `${table.TableArn}/stream/`, stream);
      },
    };
  },
  ({ tools: { kinesis }, target: t, options }) =>
    kinesis && {
      name: `kinesis: register ${t} consumer`,
      run: () => kinesis.registerConsumer(t, { wait: false }),
      settle: consumerIs(kinesis, t, true, options.wait),
      ...consumerSwitch(kinesis, t, true),
      undoSettle: consumerIs(kinesis, t, false, options.wait),
      manualUndo: `deregister the ${t} Kinesis consumer (aws kinesis deregister-stream-consumer)`,
    },
  ({ tools: { ecs }, target: t, options }) =>
    ecs && {
      name: `ecs: enable ${t} service`,
      run: () => ecs.enableService(t),
      settle: serviceSteady(ecs, t, options.wait),
      ...serviceSwitch(ecs, t, true),
      manualUndo: `scale the ${t} ECS service to 0 (aws ecs update-service --desired-count 0)`,
    },
  ({ tools: { lambda }, target: t, options }) =>
    lambda && {
      name: `lambda: enable ${t} event source mappings`,
      run: () => lambda.enableEventMappings(t, { wait: false }),
      settle: mappingsIn(lambda, t, true, options.wait),
      ...mappingsSwitch(lambda, t, true),
      undoSettle: mappingsIn(lambda, t, false, options.wait),
      manualUndo: `disable the ${t} function's event source mappings (aws lambda update-event-source-mapping --no-enabled)`,
    },
  (c) => rulesStep(c, c.target, true),
  (c) =>
    c.tools.sns && {
      name: `sns: enable ${c.target} subscriptions`,
      description: `Then waits ${dwell(c)}s: SNS filter-policy changes take up to 15 minutes to take effect.`,
      run: () => (c.tools.sns as NonNullable<StackTools['sns']>).enableSubscription(c.target),
      dwellSeconds: dwell(c),
      ...subscriptionsSwitch(c.tools.sns, c.target, true),
      undoDwellSeconds: dwell(c),
      manualUndo: `block the ${c.target} SNS subscriptions again (SnsTools.disableSubscription)`,
    },
  ({ tools: { cloudwatch }, target: t }) =>
    cloudwatch && {
      name: `cloudwatch: enable ${t} alarm actions`,
      run: () => cloudwatch.enableAlarmActions(t),
      ...alarmActionsSwitch(cloudwatch, t, true),
      manualUndo: `disable the ${t} alarm actions (aws cloudwatch disable-alarm-actions)`,
    },
];

/** The finish phase: gate, subscriptions off + dwell, drain, consumers off, then best-effort clean-up. */
export const FINISH: Factory[] = [
  ({ tools: { cloudwatch }, target: t, options }) =>
    cloudwatch && options.alarmGate !== false
      ? {
          name: `cloudwatch: check no ${t} alarm is in ALARM`,
          run: async () => {
            const states = await cloudwatch.getAlarmStates(t);
            if (states.inAlarm.length > 0)
              throw new AlarmGateError(
                `The ${t} stack has alarms in ALARM: ${states.inAlarm.join(', ')}. Not switching the old stack off; nothing was changed. Once they are OK run finish again, or roll back.`,
                { target: t, inAlarm: states.inAlarm },
              );
            return { outcome: 'already' as const, message: `${states.alarms.length} ${t} alarms, none in ALARM` };
          },
        }
      : undefined,
  (c) =>
    c.tools.sns && {
      name: `sns: disable ${c.old} subscriptions`,
      description: `Then waits ${dwell(c)}s for the change to propagate before the drain.`,
      run: () => (c.tools.sns as NonNullable<StackTools['sns']>).disableSubscription(c.old),
      dwellSeconds: dwell(c),
      ...subscriptionsSwitch(c.tools.sns, c.old, false),
      undoDwellSeconds: dwell(c),
      manualUndo: `restore the ${c.old} SNS subscriptions' filter policies (SnsTools.enableSubscription)`,
    },
  (c) => {
    const { sqs } = c.tools;
    if (!sqs || c.options.drain === false) return undefined;
    const settle = drainSettle(sqs, c.old, c.options.drain ?? {}, c.queueMetrics);
    return {
      name: `sqs: wait for ${c.old} queues to drain`,
      description: settle.description,
      run: async () => ({ outcome: 'already' as const, message: `waiting for ${settle.description}` }),
      settle,
    };
  },
  (c) => rulesStep(c, c.old, false),
  ({ tools: { lambda }, old, options }) =>
    lambda && {
      name: `lambda: disable ${old} event source mappings`,
      run: () => lambda.disableEventMappings(old, { wait: false }),
      settle: mappingsIn(lambda, old, false, options.wait),
      ...mappingsSwitch(lambda, old, false),
      undoSettle: mappingsIn(lambda, old, true, options.wait),
      manualUndo: `enable the ${old} function's event source mappings (aws lambda update-event-source-mapping --enabled)`,
    },
  ({ tools: { kinesis, lambda }, old, options }) =>
    kinesis && {
      name: `kinesis: deregister ${old} consumer`,
      description: 'Left registered when event source mappings read from it (their mappings are toggled instead).',
      run: async () => {
        const consumer = await kinesis.describeConsumer(old);
        if (consumer && lambda) {
          const users = (await lambda.listEventSourceMappings(old)).filter((m) => m.eventSourceArn === consumer.consumerArn);
          if (users.length > 0)
            return {
              outcome: 'already' as const,
              kept: true,
              message: `consumer ${consumer.consumerName} is used by mapping(s) ${users.map((m) => m.uuid).join(', ')}: kept registered (a new registration would get a new ARN); its mappings were disabled instead`,
            };
        }
        return kinesis.deregisterConsumer(old, { wait: false });
      },
      settle: keptOr(consumerIs(kinesis, old, false, options.wait)),
      ...consumerSwitch(kinesis, old, false),
      undoSettle: consumerIs(kinesis, old, true, options.wait),
      manualUndo: `register the ${old} Kinesis consumer again (its mappings need the new consumer ARN)`,
    },
  ({ tools: { cloudwatch }, old }) =>
    cloudwatch && {
      name: `cloudwatch: disable ${old} alarm actions`,
      run: () => cloudwatch.disableAlarmActions(old),
      ...alarmActionsSwitch(cloudwatch, old, false),
      manualUndo: `enable the ${old} alarm actions (aws cloudwatch enable-alarm-actions)`,
    },
  ({ tools: { ecs }, old, options }) =>
    ecs && {
      name: `ecs: disable ${old} service`,
      run: () => ecs.disableService(old),
      settle: serviceSteady(ecs, old, options.wait),
      ...serviceSwitch(ecs, old, false),
      undoSettle: serviceSteady(ecs, old, options.wait),
      manualUndo: `scale the ${old} ECS service back to its recorded desired count (EcsTools.enableService)`,
    },
  ({ tools: { aurora }, old }) =>
    aurora && {
      name: `aurora: scale in ${old} readers`,
      run: () => aurora.scaleIn(old),
      snapshot: () => aurora.getReaderCapacity(old),
      undo: ({ result, before }) => undoScaling(aurora, old, result, before, () => aurora.scaleOut(old)),
      resources: async () => [`application-autoscaling cluster:${(await aurora.getClusterState(old)).clusterIdentifier}`],
      manualUndo: `set the ${old} cluster's Application Auto Scaling MinCapacity (rds:cluster:ReadReplicaCount) back`,
    },
  (c) => {
    const {
      tools: { sqs },
      old,
      target,
      options,
    } = c;
    if (!sqs || options.purgeOldQueues !== true) return undefined;
    const purge = needOperation(c, 'purgeQueues', 'purgeOldQueues', 'bluegreen-toolkit/sqs');
    return {
      name: `sqs: purge ${old} queue${options.purgeOldDlq === true ? ' and DLQ' : ''}`,
      description: `Deletes every message left in the ${old} queue${options.purgeOldDlq === true ? ' and its DLQ' : ''}. Cannot be undone; refused on the live stack.`,
      run: () => purge(sqs, old, { includeDlq: options.purgeOldDlq === true, liveStack: target }),
      resources: async () => [`sqs queue of ${old}${options.purgeOldDlq === true ? ' and its DLQ' : ''}`],
    };
  },
  (c) => {
    const { aurora } = c.tools;
    if (!aurora || c.options.stopOldDatabase === false) return undefined;
    if (!c.oldStoppable.stoppable) {
      c.notes.push(`aurora: the ${c.old} database is not stopped: ${c.oldStoppable.reason}`);
      return undefined;
    }
    return {
      name: `aurora: stop ${c.old} database`,
      description: 'Best effort: a refused stop is reported as a warning and never undoes the finish phase.',
      run: () => aurora.stopDatabase(c.old),
      bestEffort: true,
    };
  },
];
