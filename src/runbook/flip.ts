import { ConfigError, DryRunRecorder, opposite, parseStackReference, type StackReference, type WaitOptions } from '../core/index.js';
import { Runbook, type RunOptions } from './runbook.js';
import type { RunbookEvent, RunbookReport, RunbookStep } from './runbook-types.js';
import { STACK_SECTIONS, type StackConfig, validateStackConfig } from './stack-config.js';
import { createStackTools, type StackTools, type StackToolsOptions } from './stack-tools.js';

/**
 * Which part of the flip to run: `prepare` fits a PRE_TRAFFIC hook, `finish` a POST_TRAFFIC hook, `all` runs both as
 * one runbook.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { bluegreenFlip, type FlipPhase, loadStackConfig } from 'bluegreen-toolkit/runbook';
 *
 * const phase: FlipPhase = process.argv[2] === 'finish' ? 'finish' : 'prepare';
 * const runbook = await bluegreenFlip(await loadStackConfig('stack.json')).runbook(phase, StackReference.Green);
 * console.log(runbook.stepNames); // the plan, without running it
 * ```
 */
export type FlipPhase = 'prepare' | 'finish' | 'all';

/**
 * Options of {@link bluegreenFlip}: the {@link StackToolsOptions} (client settings, logger, dry-run) plus what the flip
 * does and how long it waits.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { bluegreenFlip, type FlipOptions, loadStackConfig } from 'bluegreen-toolkit/runbook';
 *
 * const options: FlipOptions = {
 *   clientConfig: { maxAttempts: 5 },
 *   wait: { maxWaitTime: 1200 },
 *   drain: { maxWaitTime: 600 },
 *   purgeOldQueues: false, // keep the old stack's messages for inspection
 *   onEvent: (e) => console.log(`[${e.index}/${e.total}] ${e.type} ${e.step}`),
 * };
 * await bluegreenFlip(await loadStackConfig('stack.json'), options).finish(StackReference.Green);
 * ```
 */
export interface FlipOptions extends StackToolsOptions {
  /**
   * Pre-built tools (for example created once outside a Lambda handler); sections without a tool are built from the
   * config (default: every tool is built from the config).
   */
  tools?: StackTools;
  /** How long each waiting step may take (seconds; default: each tool's own defaults). */
  wait?: WaitOptions;
  /** Before the live stack's consumers are switched off, wait for its queues to drain (default `{ maxWaitTime: 300 }`; `false` skips). */
  drain?: WaitOptions | false;
  /** Purge the old stack's queues (and DLQs) at the end. Destructive; default `true`, as in the classic recipe. */
  purgeOldQueues?: boolean;
  /** Stop the old stack's database at the end (default `true`). */
  stopOldDatabase?: boolean;
  /** `finish` first checks that none of the target's alarms is in ALARM (default `true`). */
  alarmGate?: boolean;
  /** Progress listener for every runbook the flip runs (default: none; progress still goes to the logger). */
  onEvent?: (event: RunbookEvent) => void;
}

type StepFactory = (tools: StackTools, target: StackReference, live: StackReference) => RunbookStep | undefined;

/**
 * The whole-stack blue/green flip: the classic recipe (replacement database started and scaled out to match the live
 * one, its store reset, consumers and subscriptions switched on; after the swap the old stack's alarms, consumers and
 * subscriptions switched off, its queues drained and purged, its database scaled in and stopped) as a {@link Runbook}
 * that undoes the completed steps when one fails.
 *
 * Created by {@link bluegreenFlip}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { bluegreenFlip, loadStackConfig } from 'bluegreen-toolkit/runbook';
 *
 * const flip = bluegreenFlip(await loadStackConfig('stack.json'), { onEvent: (e) => console.log(e.type, e.step) });
 * await flip.prepare(StackReference.Green); // in the PRE_TRAFFIC hook
 * await flip.finish(StackReference.Green); // in the POST_TRAFFIC hook
 * ```
 */
export class BlueGreenFlip {
  /** The validated stack config. */
  readonly config: StackConfig;
  readonly #options: FlipOptions;
  readonly #recorder: DryRunRecorder | undefined;
  #tools: Promise<StackTools> | undefined;

  /** Use {@link bluegreenFlip}. */
  constructor(config: StackConfig, options: FlipOptions = {}) {
    this.config = validateStackConfig(config);
    this.#options = options;
    this.#recorder = options.dryRun === true ? new DryRunRecorder() : options.dryRun || undefined;
  }

  /** In dry-run mode, the calls recorded so far (the mutating calls the flip would have made). */
  get dryRunCalls() {
    return this.#recorder?.calls ?? [];
  }

  /** The tools, created on first use. */
  tools(): Promise<StackTools> {
    this.#tools ??= (async () => {
      // Sections with an injected tool are not built again; an injected tool for a section the config lacks is ignored.
      const given = this.#options.tools ?? {};
      const toBuild: StackConfig = { ...this.config };
      const injected: StackTools = {};
      for (const section of STACK_SECTIONS) {
        if (this.config[section] === undefined || given[section] === undefined) continue;
        delete toBuild[section];
        (injected as Record<string, unknown>)[section] = given[section];
      }
      const hasSection = STACK_SECTIONS.some((section) => toBuild[section] !== undefined);
      const built = hasSection ? await createStackTools(toBuild, { ...this.#options, dryRun: this.#recorder }) : {};
      return { ...built, ...injected };
    })();
    return this.#tools;
  }

  /** The steps of a phase for a target, in order (only the configured services contribute steps). */
  async steps(phase: FlipPhase, target: StackReference): Promise<RunbookStep[]> {
    const ref = parseStackReference(target, 'flip target');
    if (!['prepare', 'finish', 'all'].includes(phase))
      throw new ConfigError(`Unknown flip phase '${String(phase)}': use prepare, finish or all.`);
    const tools = await this.tools();
    const factories = phase === 'prepare' ? this.#prepare() : phase === 'finish' ? this.#finish() : [...this.#prepare(), ...this.#finish()];
    return factories.map((make) => make(tools, ref, opposite(ref))).filter((s): s is RunbookStep => s !== undefined);
  }

  /** The runbook of a phase, to inspect (`stepNames`) or run yourself. */
  async runbook(phase: FlipPhase, target: StackReference): Promise<Runbook> {
    const ref = parseStackReference(target, 'flip target');
    const runbook = new Runbook({
      name: `flip ${phase} → ${ref}`,
      steps: await this.steps(phase, ref),
      logger: this.#options.logger,
      dryRun: Boolean(this.#recorder),
    });
    if (this.#options.onEvent) runbook.on(this.#options.onEvent);
    return runbook;
  }

  /** Prepares `target` to take traffic (PRE_TRAFFIC). */
  async prepare(target: StackReference, options: RunOptions = {}): Promise<RunbookReport> {
    return (await this.runbook('prepare', target)).run(options);
  }

  /** Switches the old stack off after traffic moved to `target` (POST_TRAFFIC). */
  async finish(target: StackReference, options: RunOptions = {}): Promise<RunbookReport> {
    return (await this.runbook('finish', target)).run(options);
  }

  /** Both phases as one runbook (for a chore script or a pipeline without CodeDeploy hooks). */
  async flip(target: StackReference, options: RunOptions = {}): Promise<RunbookReport> {
    return (await this.runbook('all', target)).run(options);
  }

  #wait(): WaitOptions | true {
    return this.#options.wait ?? true;
  }

  #prepare(): StepFactory[] {
    const wait = () => this.#wait();
    return [
      ({ aurora }, t) =>
        aurora && {
          name: `aurora: start ${t} database`,
          run: () => aurora.startDatabase(t, { wait: wait() }),
          undo: () => aurora.stopDatabase(t),
        },
      ({ aurora }, t, live) =>
        aurora && {
          name: `aurora: scale out ${t} readers to match ${live}`,
          run: () => aurora.scaleOut(t, { wait: wait() }),
          undo: () => aurora.scaleIn(t),
        },
      ({ dynamodb }, t, live) =>
        dynamodb && {
          name: `dynamodb: reset ${t} table from ${live}'s definition`,
          description: 'Deletes the target table and recreates it empty with the live table definition. Cannot be undone.',
          run: () => dynamodb.resetTable(t, { expectedTableName: tableName(this.config, t), wait: wait() }),
        },
      ({ kinesis }, t) =>
        kinesis && {
          name: `kinesis: register ${t} consumer`,
          run: () => kinesis.registerConsumer(t, { wait: wait() }),
          undo: () => kinesis.deregisterConsumer(t, { wait: wait() }),
        },
      ({ ecs }, t) =>
        ecs && {
          name: `ecs: enable ${t} service`,
          run: () => ecs.enableService(t, { wait: wait() }),
          undo: () => ecs.disableService(t),
        },
      ({ sns }, t) =>
        sns && {
          name: `sns: enable ${t} subscriptions`,
          run: () => sns.enableSubscription(t),
          undo: () => sns.disableSubscription(t),
        },
      ({ lambda }, t) =>
        lambda && {
          name: `lambda: enable ${t} event source mappings`,
          run: () => lambda.enableEventMappings(t, { wait: wait() }),
          undo: () => lambda.disableEventMappings(t, { wait: wait() }),
        },
      ({ lambda }, t) =>
        lambda && {
          name: `lambda: enable ${t} rules`,
          run: () => lambda.enableRules(t),
          undo: () => lambda.disableRules(t),
        },
      ({ cloudwatch }, t) =>
        cloudwatch && {
          name: `cloudwatch: enable ${t} alarm actions`,
          run: () => cloudwatch.enableAlarmActions(t),
          undo: () => cloudwatch.disableAlarmActions(t),
        },
    ];
  }

  #finish(): StepFactory[] {
    const wait = () => this.#wait();
    const options = this.#options;
    return [
      ({ cloudwatch }, t) =>
        cloudwatch && options.alarmGate !== false
          ? {
              name: `cloudwatch: check no ${t} alarm is in ALARM`,
              run: async () => {
                const states = await cloudwatch.getAlarmStates(t);
                if (states.inAlarm.length > 0)
                  throw new ConfigError(
                    `The ${t} stack has alarms in ALARM: ${states.inAlarm.join(', ')}. Not switching the old stack off.`,
                  );
                return { outcome: 'already' as const, message: `${states.alarms.length} ${t} alarms, none in ALARM` };
              },
            }
          : undefined,
      ({ sns }, _t, live) =>
        sns && {
          name: `sns: disable ${live} subscriptions`,
          run: () => sns.disableSubscription(live),
          undo: () => sns.enableSubscription(live),
        },
      ({ sqs }, _t, live) =>
        sqs && options.drain !== false
          ? {
              name: `sqs: wait for ${live} queues to drain`,
              run: async () => {
                const depth = await sqs.waitForDrain(live, options.drain || { maxWaitTime: 300 });
                return { outcome: 'already' as const, message: `${live} queues drained`, depth };
              },
            }
          : undefined,
      ({ lambda }, _t, live) =>
        lambda && {
          name: `lambda: disable ${live} rules`,
          run: () => lambda.disableRules(live),
          undo: () => lambda.enableRules(live),
        },
      ({ lambda }, _t, live) =>
        lambda && {
          name: `lambda: disable ${live} event source mappings`,
          run: () => lambda.disableEventMappings(live, { wait: wait() }),
          undo: () => lambda.enableEventMappings(live, { wait: wait() }),
        },
      ({ kinesis }, _t, live) =>
        kinesis && {
          name: `kinesis: deregister ${live} consumer`,
          run: () => kinesis.deregisterConsumer(live, { wait: wait() }),
          undo: () => kinesis.registerConsumer(live, { wait: wait() }),
        },
      ({ cloudwatch }, _t, live) =>
        cloudwatch && {
          name: `cloudwatch: disable ${live} alarm actions`,
          run: () => cloudwatch.disableAlarmActions(live),
          undo: () => cloudwatch.enableAlarmActions(live),
        },
      ({ ecs }, _t, live) =>
        ecs && {
          name: `ecs: disable ${live} service`,
          run: () => ecs.disableService(live, { wait: wait() }),
          undo: () => ecs.enableService(live, { wait: wait() }),
        },
      ({ aurora }, _t, live) =>
        aurora && {
          name: `aurora: scale in ${live} readers`,
          run: () => aurora.scaleIn(live),
          undo: () => aurora.scaleOut(live),
        },
      ({ sqs }, _t, live) =>
        sqs && options.purgeOldQueues !== false
          ? {
              name: `sqs: purge ${live} queues`,
              description:
                'Deletes every message left in the old stack queue and DLQ. Cannot be undone; set purgeOldQueues: false to keep them.',
              run: () => sqs.purgeQueues(live),
            }
          : undefined,
      ({ aurora }, _t, live) =>
        aurora && options.stopOldDatabase !== false
          ? {
              name: `aurora: stop ${live} database`,
              run: () => aurora.stopDatabase(live),
              undo: () => aurora.startDatabase(live, { wait: wait() }),
            }
          : undefined,
    ];
  }
}

function tableName(config: StackConfig, ref: StackReference): string {
  const tables = (config.dynamodb as { tables?: Record<string, { tableName?: unknown }> } | undefined)?.tables;
  const name = tables?.[ref]?.tableName;
  if (typeof name !== 'string') throw new ConfigError(`dynamodb.tables.${ref}.tableName is missing from the stack config.`);
  return name;
}

/**
 * Creates the whole-stack flip for a stack config. Validates the config's shape at once; each tool validates its own
 * section when first used, before any AWS call.
 *
 * @param config - the {@link StackConfig}.
 * @param options - {@link FlipOptions}.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { bluegreenFlip } from 'bluegreen-toolkit/runbook';
 * import config from './stack.json' with { type: 'json' };
 *
 * export const handler = codeDeployHook(async () => {
 *   await bluegreenFlip(config).prepare(StackReference.Green);
 * });
 * ```
 */
export function bluegreenFlip(config: StackConfig, options: FlipOptions = {}): BlueGreenFlip {
  return new BlueGreenFlip(config, options);
}
