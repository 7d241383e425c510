import type { QueueSentMetric } from '../cloudwatch/queue-metrics.js';
import { ConfigError, DryRunRecorder, opposite, parseStackReference, type StackReference, silentLogger } from '../core/index.js';
import type { FlipOptions } from './flip-options.js';
import type { FlipStepContext } from './flip-step-context.js';
import type { FlipMakers, FlipPhase, FlipPlan } from './flip-types.js';
import { defaultLockId, dropUndone, IN_PLACE, isLeaseLost, keepResult, planSteps, resumeSets, stoppable } from './flip-util.js';
import type { FlipLease } from './lease.js';
import type { FlipProgress, LeaseRecord } from './lease-types.js';
import { observeLiveStack } from './live-state.js';
import { Runbook, type RunOptions } from './runbook.js';
import type { RunbookReport } from './runbook-types.js';
import { STACK_SECTIONS, type StackConfig, stackClientConfig, validateStackConfig } from './stack-config.js';
import type { StackTools } from './stack-tools.js';

export type { DrainOptions, FlipOptions } from './flip-options.js';
export type { FlipMakers, FlipPhase, FlipPlan, StreamRebinder } from './flip-types.js';

/**
 * The whole-stack blue/green flip as a {@link Runbook}, safe in a real account:
 *
 * - **one flip per pair**: a {@link FlipLease} (the config's `lock` table) is taken before the first step and released
 *   at the end; a second flip fails fast with {@link LeaseHeldError}, changing nothing;
 * - **live-state aware**: the lease records the live stack and the flip's progress, cross-checked with what AWS shows
 *   ({@link observeLiveStack}); a re-run of a completed flip makes no mutating call, and the table of a stack that
 *   consumes is never reset (resetTable and purgeQueues also refuse the live stack themselves);
 * - **exact undo**: the failed step is undone too, `already` steps are not reversed, failed undos are retried and
 *   listed in {@link RunbookError.leftToFix};
 * - **no message lost**: the target's consumers and subscriptions go on first, then SNS's propagation dwell, the old
 *   subscriptions go off, the dwell again, then the drain (zero readings over a minute and no `NumberOfMessagesSent`);
 *   old queues are purged only when asked, DLQs only when asked too;
 * - **rebinds** mappings of a reset table's new stream; **best-effort** stop of the old cluster.
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
  #queueMetrics: Promise<QueueSentMetric> | undefined;
  readonly #make: FlipMakers;

  /**
   * Use {@link bluegreenFlip} (from a stack config) or `bluegreenFlipFromTools` (from tool instances).
   *
   * @param make - how sections without an injected tool, and the lease of a `lock` table, are made: given by
   *   `bluegreenFlip`, absent for a flip built from tool instances (which then holds no code for other services).
   */
  constructor(config: StackConfig, options: FlipOptions = {}, make: FlipMakers = {}) {
    this.config = validateStackConfig(config);
    this.#options = options;
    this.#make = make;
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
      // Not a config section: the rules of the lambda section's functions (built with it by createStackTools).
      if (given.eventbridge !== undefined) injected.eventbridge = given.eventbridge;
      const hasSection = STACK_SECTIONS.some((section) => toBuild[section] !== undefined);
      if (hasSection && !this.#make.tools) throw new ConfigError('This flip was built from tool instances: every section needs its tool.');
      const built = hasSection && this.#make.tools ? await this.#make.tools(toBuild, { ...this.#options, dryRun: this.#recorder }) : {};
      return { ...built, ...injected };
    })();
    return this.#tools;
  }

  /**
   * The lease of this stack pair, from `options.lock` over the config's `lock` section (`undefined` without a lock
   * table, or with `lock: false`).
   */
  lease(options: { leaseId?: string } = {}): FlipLease | undefined {
    if (this.#options.lease) return this.#options.lease;
    if (this.#options.lock === false) return undefined;
    const lock = { ...this.config.lock, ...this.#options.lock };
    if (!lock.tableName) return undefined;
    if (!this.#make.lease)
      throw new ConfigError('A flip built from tool instances takes its lease as options.lease (new FlipLease(…)), not options.lock.');
    return this.#make.lease({
      tableName: lock.tableName,
      lockId: lock.lockId ?? defaultLockId(this.config),
      ...(lock.leaseSeconds !== undefined ? { leaseSeconds: lock.leaseSeconds } : {}),
      ...(lock.heartbeatSeconds !== undefined ? { heartbeatSeconds: lock.heartbeatSeconds } : {}),
      ...(lock.holder !== undefined ? { holder: lock.holder } : {}),
      ...(options.leaseId !== undefined ? { leaseId: options.leaseId } : {}),
      clientConfig: stackClientConfig(this.config, this.#options.clientConfig),
      ...(this.#options.logger ? { logger: this.#options.logger } : {}),
    });
  }

  /**
   * Plans a phase: reads the lease record and what AWS shows (read-only calls), and builds the steps. Use it to show
   * the plan, or to run the steps with your own runner (a durable function).
   *
   * @param record - the lease record, when the caller has just read or acquired it (default: read from the lock table).
   */
  async plan(phase: FlipPhase, target: StackReference, record?: LeaseRecord): Promise<FlipPlan> {
    const ref = parseStackReference(target, 'flip target');
    if (!['prepare', 'finish', 'all'].includes(phase))
      throw new ConfigError(`Unknown flip phase '${String(phase)}': use prepare, finish or all.`);
    const tools = await this.tools();
    const old = opposite(ref);
    const current = record ?? (await this.lease()?.read());
    const observed = await observeLiveStack(tools);
    const notes: string[] = [];
    const finishing = phase !== 'prepare';
    const operations = { ...this.#make.operations, ...this.#options.operations };
    const context: FlipStepContext = {
      tools,
      config: this.config,
      options: this.#options,
      target: ref,
      old,
      // A table is reset only when its stack neither consumes nor is recorded live.
      targetConsuming: observed[ref].consuming || current?.live === ref,
      oldStoppable:
        finishing && tools.aurora && this.#options.stopOldDatabase !== false ? await stoppable(tools, old) : { stoppable: true },
      queueMetrics: () => this.#queueMetricsFor(tools),
      operations,
      rebind: operations.rebindStreamMappings,
      notes,
    };
    const { steps, skip } = planSteps(phase, context, current, observed, this.#options.flipId);
    return { phase, target: ref, steps, skip, observed, ...(current ? { record: current } : {}), notes };
  }

  /** The runbook of a phase's plan, to inspect (`stepNames`) or run yourself (without the lease). */
  async runbook(phase: FlipPhase, target: StackReference): Promise<Runbook> {
    return this.#runbook(await this.plan(phase, target));
  }

  /**
   * Runs a phase under the lease: acquire (a {@link LeaseHeldError} before any change when another flip holds it),
   * plan, run with heartbeats and progress records, release with the live stack. Without a lock table it warns
   * through the logger (two flips at once can leave both stacks or neither live) and runs unleased.
   */
  async run(phase: FlipPhase, target: StackReference, runOptions: RunOptions = {}): Promise<RunbookReport> {
    const ref = parseStackReference(target, 'flip target');
    const options: RunOptions = {
      ...(this.#options.undoAttempts !== undefined ? { undoAttempts: this.#options.undoAttempts } : {}),
      ...(this.#options.undoRetryDelaySeconds !== undefined ? { undoRetryDelaySeconds: this.#options.undoRetryDelaySeconds } : {}),
      ...runOptions,
    };
    const logger = this.#options.logger ?? silentLogger;
    if (!['prepare', 'finish', 'all'].includes(phase))
      throw new ConfigError(`Unknown flip phase '${String(phase)}': use prepare, finish or all.`);
    // Each tool validates its config section here: bad input fails before any AWS call, the lease's included.
    await this.tools();
    const lease = this.#recorder ? undefined : this.lease();
    if (!lease) {
      if (!this.#recorder)
        logger.warn(
          'bluegreen flip: no lock table configured (stack.json "lock": { "tableName" }): nothing stops a second flip of this pair from running at the same time, which can leave both stacks or neither live, and a re-run cannot know what an earlier run finished.',
        );
      const plan = await this.plan(phase, ref);
      return this.#runbook(plan).run({ ...options, skip: [...(options.skip ?? []), ...plan.skip] });
    }
    // A completed flip, re-run: decided from a strongly consistent read, so it changes nothing at all (not even the
    // lock item). A flip that starts after this read is not affected by a run that makes no change.
    const peek = await lease.read();
    if (peek && !peek.held && peek.progress?.status === 'succeeded') {
      const plan = await this.plan(phase, ref, peek);
      if (plan.steps.every((step) => plan.skip.includes(step.name))) {
        logger.info(`bluegreen flip: ${phase} → ${ref} is already complete (recorded ${peek.progress.updatedAt}); nothing to do`);
        return this.#runbook(plan).run({ ...options, skip: plan.skip });
      }
    }
    const record = await lease.acquire({ target: ref, phase });
    let progress: FlipProgress | undefined;
    const alive = lease.keepAlive(() => progress);
    try {
      const plan = await this.plan(phase, ref, record);
      for (const note of plan.notes) logger.warn(`bluegreen flip: ${note}`);
      const { done, skip, snapshots } = resumeSets(record, ref, plan.skip, options);
      progress = {
        target: ref,
        ...(this.#options.flipId ? { flipId: this.#options.flipId } : {}),
        completedSteps: [...new Set([...(record.progress?.target === ref ? record.progress.completedSteps : []), ...skip, ...done])],
        status: 'running',
        phase,
        updatedAt: new Date().toISOString(),
        ...(Object.keys(snapshots).length > 0 ? { snapshots: { ...snapshots } } : {}),
      };
      await lease.heartbeat(progress);
      const userUndo = options.undoOnFailure;
      const signal = options.signal ? AbortSignal.any([options.signal, alive.signal]) : alive.signal;
      const run = this.#runbook(plan).run({
        ...options,
        skip,
        done,
        signal,
        undoOnFailure: (cause) => !isLeaseLost(cause) && (typeof userUndo === 'function' ? userUndo(cause) : userUndo !== false),
        snapshots,
        // Recorded before the step runs: a crash in the step leaves its pre-state for the resumed run's undo.
        onSnapshot: async (step, snapshot) => {
          await options.onSnapshot?.(step, snapshot);
          const p = progress as FlipProgress;
          p.snapshots = { ...p.snapshots, [step]: snapshot };
          await lease.heartbeat(p);
        },
        afterStep: async (step, status, result) => {
          await options.afterStep?.(step, status, result);
          const p = progress as FlipProgress;
          if (!p.completedSteps.includes(step)) p.completedSteps.push(step);
          keepResult(p, plan.steps, step, status, result);
          p.updatedAt = new Date().toISOString();
          await lease.heartbeat(p);
        },
      });
      let report: RunbookReport;
      try {
        report = await run;
      } catch (error) {
        alive.stop();
        const failed = (error as { report?: RunbookReport }).report;
        if (!isLeaseLost(error) && failed) {
          const p = progress as FlipProgress;
          p.completedSteps = failed.steps.filter((s) => IN_PLACE.includes(s.status)).map((s) => s.name);
          p.status = 'failed';
          dropUndone(p, failed);
          p.updatedAt = new Date().toISOString();
          await lease
            .release({ progress: p })
            .catch((e) => logger.error('bluegreen flip: releasing the lease failed', { error: String(e) }));
        }
        throw error;
      }
      alive.stop();
      const p = progress as FlipProgress;
      p.status = 'succeeded';
      delete p.snapshots;
      p.updatedAt = new Date().toISOString();
      await lease.release({ ...(phase !== 'prepare' ? { live: ref } : record.live ? { live: record.live } : {}), progress: p });
      return report;
    } catch (error) {
      alive.stop();
      if (!(error as { report?: unknown }).report && !isLeaseLost(error)) {
        // Failed before the runbook ran (planning): nothing changed; free the pair.
        await lease.release(record.live ? { live: record.live } : {}).catch(() => undefined);
      }
      throw error;
    }
  }

  /** Prepares `target` to take traffic (PRE_TRAFFIC). */
  prepare(target: StackReference, options: RunOptions = {}): Promise<RunbookReport> {
    return this.run('prepare', target, options);
  }

  /** Switches the old stack off after traffic moved to `target` (POST_TRAFFIC). */
  finish(target: StackReference, options: RunOptions = {}): Promise<RunbookReport> {
    return this.run('finish', target, options);
  }

  /** Both phases as one runbook (for a chore script or a pipeline without CodeDeploy hooks). */
  flip(target: StackReference, options: RunOptions = {}): Promise<RunbookReport> {
    return this.run('all', target, options);
  }

  #runbook(plan: FlipPlan): Runbook {
    const runbook = new Runbook({
      name: `flip ${plan.phase} → ${plan.target}`,
      steps: plan.steps,
      logger: this.#options.logger,
      dryRun: Boolean(this.#recorder),
    });
    if (this.#options.onEvent) runbook.on(this.#options.onEvent);
    return runbook;
  }

  /** The drain's CloudWatch reader: the cloudwatch tool, else the one `make.queueMetrics` gives (made once). */
  #queueMetricsFor(tools: StackTools): Promise<QueueSentMetric> {
    if (tools.cloudwatch) return Promise.resolve(tools.cloudwatch);
    const make = this.#make.queueMetrics;
    this.#queueMetrics ??= make
      ? Promise.resolve().then(() => make(this.config, this.#options))
      : Promise.reject(
          new ConfigError(
            'The drain check reads CloudWatch NumberOfMessagesSent: give the flip a cloudwatch tool or queueMetrics (new QueueMetrics(…) from bluegreen-toolkit/cloudwatch), or set drain.sentMetric: false.',
          ),
        );
    return this.#queueMetrics;
  }
}
