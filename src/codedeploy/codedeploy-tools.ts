import {
  CodeDeployClient,
  type CodeDeployClientConfig,
  ContinueDeploymentCommand,
  type DeploymentWaitType,
  GetDeploymentCommand,
  StopDeploymentCommand,
} from '@aws-sdk/client-codedeploy';
import { isAwsError } from '../core/aws-errors.js';
import { BaseTool } from '../core/base-tool.js';
import type { ClientSource, CommonToolOptions } from '../core/client.js';
import { ConfigError, InvalidStateError, ResourceNotFoundError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { StepResult } from '../core/outcome.js';
import { describeValue } from '../core/stack.js';
import type { WaitSetting } from '../core/wait.js';
import { type DeploymentDetails, toDeploymentDetails } from './deployment.js';
import { type DeploymentWaitResult, type WaitForDeploymentOptions, waitForDeploymentImpl } from './deployment-waiter.js';
import { DEPLOYMENT_ID } from './hook-context.js';

/**
 * Options of {@link CodeDeployTools}: `awsSdkV3Client` (an existing CodeDeployClient, used as it is) **or**
 * `clientConfig` (settings for a client the tool creates once; default: the SDK's defaults for region and
 * credentials), plus `logger` (default: nothing is logged) and `dryRun` (only with `clientConfig`).
 *
 * @example
 * ```ts
 * import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
 * import { CodeDeployTools, type CodeDeployToolsOptions } from 'bluegreen-toolkit/codedeploy';
 *
 * const created: CodeDeployToolsOptions = { clientConfig: { region: 'eu-west-1' }, logger: console };
 * const injected: CodeDeployToolsOptions = { awsSdkV3Client: new CodeDeployClient({ region: 'eu-west-1' }) };
 * const codedeploy = new CodeDeployTools(created); // or new CodeDeployTools(injected)
 * ```
 */
export type CodeDeployToolsOptions = CommonToolOptions & ClientSource<CodeDeployClient, CodeDeployClientConfig>;

/**
 * What {@link CodeDeployTools.stopDeployment} did: `outcome` is `changed` when this call stopped the deployment,
 * `already` when it had finished before.
 *
 * @example
 * ```ts
 * import { CodeDeployTools, type StopDeploymentResult } from 'bluegreen-toolkit/codedeploy';
 *
 * const stopped: StopDeploymentResult = await new CodeDeployTools().stopDeployment('d-ABCDEF123', { rollback: true, wait: true });
 * console.log(stopped.message);
 * if (stopped.rollbackDeploymentId) console.log(`rolled back by ${stopped.rollbackDeploymentId}; original is ${stopped.status}`);
 * ```
 */
export interface StopDeploymentResult extends StepResult {
  /**
   * The deployment's status afterwards: as read after the wait when waiting, `Stopped` when the stop was only
   * requested, its final status when it had already finished.
   */
  status: string | undefined;
  /** The rollback deployment CodeDeploy created, when one is known. */
  rollbackDeploymentId: string | undefined;
}

/**
 * Reads, reports on, stops, continues and waits for CodeDeploy deployments (Lambda, ECS and Server compute platforms).
 *
 * @example
 * ```ts
 * import { CodeDeployTools } from 'bluegreen-toolkit/codedeploy';
 *
 * const codedeploy = new CodeDeployTools({ clientConfig: { region: 'eu-west-1' } });
 * const result = await codedeploy.waitForDeployment('d-ABCDEF123', { onProgress: (p) => console.log(p.message) });
 * if (!result.ok) process.exitCode = 1;
 * ```
 */
export class CodeDeployTools extends BaseTool {
  /** The CodeDeploy client (injected or created once from `clientConfig`). */
  readonly client: CodeDeployClient;

  /**
   * @param options - `awsSdkV3Client` (a CodeDeployClient) **or** `clientConfig`, plus `logger` and `dryRun`.
   */
  constructor(options: CodeDeployToolsOptions = {}) {
    super(options, 'CodeDeployTools');
    this.client = this.createClient(CodeDeployClient, options, options);
  }

  /**
   * Reads a deployment.
   *
   * @param deploymentId - for example `d-ABCDEF123`.
   * @returns {@link DeploymentDetails}.
   * @throws `ConfigError` for a malformed id (no call), `ResourceNotFoundError` when it does not exist.
   *
   * @remarks IAM: `codedeploy:GetDeployment`.
   *
   * @example
   * ```ts
   * import { CodeDeployTools } from 'bluegreen-toolkit/codedeploy';
   *
   * const d = await new CodeDeployTools().getDeployment('d-ABCDEF123');
   * console.log(d.status, d.rollbackInfo?.rollbackDeploymentId);
   * ```
   */
  async getDeployment(deploymentId: string): Promise<DeploymentDetails> {
    const id = this.parseDeploymentId(deploymentId);
    return this.readDeployment(id);
  }

  /**
   * Stops a deployment, optionally rolling it back. Stopping a deployment that already finished is `outcome: 'already'`.
   *
   * @param deploymentId - the deployment.
   * @param options.rollback - roll back to the last good revision (default `false`: the deployment just stops).
   * @param options.wait - wait until the deployment (and, with `rollback`, its rollback) finished (default: no wait).
   * @returns `{ outcome, message, status, rollbackDeploymentId }`.
   * @throws `ConfigError` for a malformed id, `ResourceNotFoundError` when it does not exist.
   *
   * @remarks IAM: `codedeploy:StopDeployment`, `codedeploy:GetDeployment`.
   *
   * @example
   * ```ts
   * import { CodeDeployTools } from 'bluegreen-toolkit/codedeploy';
   *
   * await new CodeDeployTools().stopDeployment('d-ABCDEF123', { rollback: true, wait: true });
   * ```
   */
  async stopDeployment(deploymentId: string, options: { rollback?: boolean; wait?: WaitSetting } = {}): Promise<StopDeploymentResult> {
    const id = this.parseDeploymentId(deploymentId);
    if (options.rollback !== undefined && typeof options.rollback !== 'boolean') {
      throw new ConfigError(`options.rollback must be true or false, got ${describeValue(options.rollback)}.`);
    }
    const wait = this.waitOptions(options.wait, { maxWaitTime: 3600, minDelay: 5 });
    try {
      await this.client.send(new StopDeploymentCommand({ deploymentId: id, autoRollbackEnabled: options.rollback === true }));
    } catch (error) {
      if (isAwsError(error, 'DeploymentAlreadyCompletedException')) {
        const d = await this.readDeployment(id);
        return {
          outcome: 'already',
          message: `deployment ${id} had already finished (${d.status})`,
          status: d.status,
          rollbackDeploymentId: d.rollbackInfo?.rollbackDeploymentId,
        };
      }
      throw this.mapNotFound(error, id);
    }
    this.logger.info(`stopping deployment ${id}${options.rollback ? ' with rollback' : ''}`);
    if (!wait) {
      return { outcome: 'changed', message: `stopping deployment ${id}`, status: 'Stopped', rollbackDeploymentId: undefined };
    }
    const result = await this.waitForDeployment(id, wait);
    return {
      outcome: 'changed',
      message: `stopped deployment ${id}${result.rollback ? `; rollback ${result.rollback.deploymentId} ${result.rollback.status}` : ''}`,
      status: result.status,
      rollbackDeploymentId: result.rollback?.deploymentId,
    };
  }

  /**
   * Continues a blue/green deployment that waits: `READY_WAIT` reroutes traffic to the replacement environment before
   * the wait time ends, `TERMINATION_WAIT` terminates the original environment early.
   *
   * @param deploymentId - the deployment.
   * @param waitType - `READY_WAIT` (default) or `TERMINATION_WAIT`.
   * @returns `{ outcome: 'changed', message }`.
   * @throws `InvalidStateError` when the deployment is not waiting (DeploymentIsNotInReadyStateException) or has
   *   finished; `ResourceNotFoundError` when it does not exist.
   *
   * @remarks IAM: `codedeploy:ContinueDeployment`.
   *
   * @example
   * ```ts
   * import { CodeDeployTools } from 'bluegreen-toolkit/codedeploy';
   *
   * await new CodeDeployTools().continueDeployment('d-ABCDEF123', 'READY_WAIT');
   * ```
   */
  async continueDeployment(deploymentId: string, waitType: DeploymentWaitType = 'READY_WAIT'): Promise<StepResult> {
    const id = this.parseDeploymentId(deploymentId);
    if (waitType !== 'READY_WAIT' && waitType !== 'TERMINATION_WAIT') {
      throw new ConfigError(`waitType ${describeValue(waitType)} is not valid: use 'READY_WAIT' or 'TERMINATION_WAIT'.`);
    }
    try {
      await this.client.send(new ContinueDeploymentCommand({ deploymentId: id, deploymentWaitType: waitType }));
    } catch (error) {
      if (isAwsError(error, 'DeploymentIsNotInReadyStateException', 'DeploymentAlreadyCompletedException')) {
        throw new InvalidStateError(`Deployment ${id} cannot be continued with ${waitType}: ${(error as Error).message}`, {
          state: (error as Error).name,
          cause: error,
        });
      }
      throw this.mapNotFound(error, id);
    }
    return { outcome: 'changed', message: `continued deployment ${id} (${waitType})` };
  }

  /**
   * Waits until a deployment succeeds, or until a named lifecycle event is reached (`until`). When the deployment fails
   * or is stopped and CodeDeploy rolls it back, it follows `rollbackInfo.rollbackDeploymentId` and waits for the
   * rollback to finish, so the result is the final truth. A failure or rollback before `until` is reached is a failure
   * (`ok: false`), not an exception.
   *
   * @param deploymentId - the deployment.
   * @param options.until - a lifecycle event name (for example `AfterAllowTestTraffic`): done once it is in progress
   *   or later (default: done when the deployment finished).
   * @param options.onProgress - called once per change of status or lifecycle event.
   * @param options.maxWaitTime - seconds (default 3600); `minDelay` (default 5), `maxDelay` (default 30), `abortSignal`.
   * @returns {@link DeploymentWaitResult}.
   * @throws `WaitTimeoutError` (with the last progress as `lastState`), `WaitAbortedError`,
   *   `ResourceNotFoundError`, `ConfigError` for bad arguments (no call).
   *
   * @remarks IAM: `codedeploy:GetDeployment`, and with `until` or `onProgress` also `codedeploy:ListDeploymentTargets`
   * and `codedeploy:GetDeploymentTarget`.
   *
   * @example
   * ```ts
   * import { CodeDeployTools } from 'bluegreen-toolkit/codedeploy';
   *
   * const r = await new CodeDeployTools().waitForDeployment('d-ABCDEF123', { until: 'AfterAllowTestTraffic', maxWaitTime: 1800 });
   * if (!r.ok) throw new Error(`deployment ${r.outcome}${r.rollback ? `, rolled back by ${r.rollback.deploymentId}` : ''}`);
   * ```
   */
  async waitForDeployment(deploymentId: string, options: WaitForDeploymentOptions = {}): Promise<DeploymentWaitResult> {
    const id = this.parseDeploymentId(deploymentId);
    return waitForDeploymentImpl(this.client, id, options, this.logger, (d) => this.readDeployment(d, options.abortSignal));
  }

  /**
   * What the subpath's standalone {@link reportHook} needs from the tool: its deployment id check and its logger.
   *
   * @internal
   */
  get operations(): { parseDeploymentId(value: unknown): string; logger: Logger } {
    // The tool itself, seen through those (TypeScript-only) private and protected members, as the other tools do.
    return this as unknown as { parseDeploymentId(value: unknown): string; logger: Logger };
  }

  private parseDeploymentId(value: unknown): string {
    if (typeof value !== 'string' || !DEPLOYMENT_ID.test(value)) {
      throw new ConfigError(`Deployment id ${describeValue(value)} is not valid: CodeDeploy ids look like d-ABCDEF123.`);
    }
    return value;
  }

  private async readDeployment(id: string, abortSignal?: AbortSignal): Promise<DeploymentDetails> {
    try {
      const { deploymentInfo } = await this.client.send(new GetDeploymentCommand({ deploymentId: id }), { abortSignal });
      return toDeploymentDetails(id, deploymentInfo);
    } catch (error) {
      throw this.mapNotFound(error, id);
    }
  }

  private mapNotFound(error: unknown, id: string): unknown {
    if (isAwsError(error, 'DeploymentDoesNotExistException')) {
      return new ResourceNotFoundError(`Deployment ${id} does not exist (in this account and region).`, { resource: id, cause: error });
    }
    return error;
  }
}
