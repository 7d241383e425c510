import type { DeploymentInfo, DeploymentStatus, ErrorInformation, RevisionLocation, RollbackInfo } from '@aws-sdk/client-codedeploy';
import { InvalidStateError } from '../core/errors.js';

/**
 * A deployment as {@link CodeDeployTools.getDeployment} returns it: the fields most callers need, typed, plus the raw answer.
 *
 * @example
 * ```ts
 * import { CodeDeployTools, type DeploymentDetails } from 'bluegreen-toolkit/codedeploy';
 *
 * const d: DeploymentDetails = await new CodeDeployTools().getDeployment('d-ABCDEF123');
 * console.log(`${d.applicationName}/${d.deploymentGroupName} ${d.status} on ${d.computePlatform}`);
 * if (d.finished && d.status !== 'Succeeded') console.error(d.errorInformation?.code, d.errorInformation?.message);
 * ```
 */
export interface DeploymentDetails {
  /** The deployment id. */
  deploymentId: string;
  /** The CodeDeploy application (empty when GetDeployment returned none). */
  applicationName: string;
  /** The deployment group (empty when GetDeployment returned none). */
  deploymentGroupName: string;
  /** Created, Queued, InProgress, Baking, Ready, Succeeded, Failed or Stopped. */
  status: DeploymentStatus;
  /** `Lambda`, `ECS` or `Server`. */
  computePlatform: string | undefined;
  /** The revision being deployed. */
  revision: RevisionLocation | undefined;
  /** Who started it: `user`, `autoscaling`, `codeDeployRollback`, `CodeDeploy`, … */
  creator: string | undefined;
  /** When it was created. */
  createTime: Date | undefined;
  /** When it finished. */
  completeTime: Date | undefined;
  /** Rollback links: `rollbackDeploymentId` (on the deployment that failed), `rollbackTriggeringDeploymentId` (on the rollback). */
  rollbackInfo: RollbackInfo | undefined;
  /** Why it failed. */
  errorInformation: ErrorInformation | undefined;
  /** Whether the status is final (Succeeded, Failed or Stopped). */
  finished: boolean;
  /** The full GetDeployment answer. */
  info: DeploymentInfo;
}

/**
 * The statuses after which a deployment does not change any more: `Succeeded`, `Failed` and `Stopped`.
 *
 * @example
 * ```ts
 * import { CodeDeployClient, GetDeploymentCommand } from '@aws-sdk/client-codedeploy';
 * import { FINAL_DEPLOYMENT_STATUSES } from 'bluegreen-toolkit/codedeploy';
 *
 * const { deploymentInfo } = await new CodeDeployClient({}).send(new GetDeploymentCommand({ deploymentId: 'd-ABCDEF123' }));
 * const finished = deploymentInfo?.status !== undefined && FINAL_DEPLOYMENT_STATUSES.includes(deploymentInfo.status);
 * ```
 */
export const FINAL_DEPLOYMENT_STATUSES: readonly DeploymentStatus[] = ['Succeeded', 'Failed', 'Stopped'];

/**
 * The lifecycle event names of CodeDeploy deployments on the Lambda and ECS compute platforms (hook events and the
 * events CodeDeploy runs itself), in the order they run.
 *
 * @example
 * ```ts
 * import { LIFECYCLE_EVENTS, type LifecycleEventName } from 'bluegreen-toolkit/codedeploy';
 *
 * const arg = process.argv[2] ?? '';
 * if (!(LIFECYCLE_EVENTS as readonly string[]).includes(arg)) throw new Error(`--until must be one of ${LIFECYCLE_EVENTS.join(', ')}`);
 * const until = arg as LifecycleEventName;
 * ```
 */
export const LIFECYCLE_EVENTS = [
  'Start',
  'BeforeInstall',
  'Install',
  'AfterInstall',
  'AllowTestTraffic',
  'AfterAllowTestTraffic',
  'BeforeAllowTraffic',
  'AllowTraffic',
  'AfterAllowTraffic',
  'End',
] as const;

/**
 * A lifecycle event name of a Lambda or ECS deployment (see {@link LIFECYCLE_EVENTS}).
 *
 * @example
 * ```ts
 * import { CodeDeployTools, type LifecycleEventName } from 'bluegreen-toolkit/codedeploy';
 *
 * const until: LifecycleEventName = 'AfterAllowTestTraffic';
 * const result = await new CodeDeployTools().waitForDeployment('d-ABCDEF123', { until });
 * if (result.reachedEvent === until) console.log('test traffic is on the replacement; run the tests now');
 * ```
 */
export type LifecycleEventName = (typeof LIFECYCLE_EVENTS)[number];

/** Turns a GetDeployment answer into {@link DeploymentDetails}. */
export function toDeploymentDetails(deploymentId: string, info: DeploymentInfo | undefined): DeploymentDetails {
  if (!info?.status) throw new InvalidStateError(`GetDeployment returned no status for ${deploymentId}.`, { state: info });
  return {
    deploymentId: info.deploymentId ?? deploymentId,
    applicationName: info.applicationName ?? '',
    deploymentGroupName: info.deploymentGroupName ?? '',
    status: info.status,
    computePlatform: info.computePlatform,
    revision: info.revision,
    creator: info.creator,
    createTime: info.createTime,
    completeTime: info.completeTime,
    rollbackInfo: info.rollbackInfo,
    errorInformation: info.errorInformation,
    finished: FINAL_DEPLOYMENT_STATUSES.includes(info.status),
    info,
  };
}
