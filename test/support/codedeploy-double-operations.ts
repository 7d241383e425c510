/**
 * The CodeDeploy operations the double serves (request body in, answer out; AWS's error codes as {@link ApiError}),
 * on top of the deployment state machine (see codedeploy-double.ts for the list and the modelled semantics).
 */
import { randomUUID } from 'node:crypto';
import { type DeploymentModel, type DeploymentState, HOOK_EVENTS, lifecycleEventsOf, TERMINAL } from './codedeploy-double-model.js';
import type { HookReport } from './codedeploy-double-types.js';
import { ApiError, type OperationHandler } from './codedeploy-double-wire.js';

/** The operation handlers; every PutLifecycleEventHookExecutionStatus that reaches them is appended to `reports`. */
export function codeDeployOperations(model: DeploymentModel, pageSize: number, reports: HookReport[]): Record<string, OperationHandler> {
  return {
    CreateApplication(b) {
      const name = b.applicationName;
      if (typeof name !== 'string' || !name)
        throw new ApiError('ApplicationNameRequiredException', 'The minimum number of required application names was not specified.');
      if (model.applications.has(name)) throw new ApiError('ApplicationAlreadyExistsException', `The application ${name} already exists.`);
      const platform = (b.computePlatform as string | undefined) ?? 'Server';
      if (!['Server', 'Lambda', 'ECS'].includes(platform))
        throw new ApiError('InvalidComputePlatformException', `Invalid compute platform ${platform}.`);
      const applicationId = randomUUID();
      model.applications.set(name, { applicationId, computePlatform: platform });
      return { applicationId };
    },
    CreateDeploymentGroup(b) {
      const app = model.applications.get(b.applicationName as string);
      if (!app) throw new ApiError('ApplicationDoesNotExistException', `No application found for name: ${String(b.applicationName)}`);
      const name = b.deploymentGroupName;
      if (typeof name !== 'string' || !name)
        throw new ApiError('DeploymentGroupNameRequiredException', 'The deployment group name was not specified.');
      const key = `${String(b.applicationName)}/${name}`;
      if (model.groups.has(key))
        throw new ApiError('DeploymentGroupAlreadyExistsException', `The deployment group ${name} already exists.`);
      const deploymentGroupId = randomUUID();
      model.groups.set(key, { ...b, deploymentGroupId, computePlatform: app.computePlatform });
      return { deploymentGroupId };
    },
    CreateDeployment(b) {
      const app = model.applications.get(b.applicationName as string);
      if (!app) throw new ApiError('ApplicationDoesNotExistException', `No application found for name: ${String(b.applicationName)}`);
      if (typeof b.deploymentGroupName !== 'string')
        throw new ApiError('DeploymentGroupNameRequiredException', 'The deployment group name was not specified.');
      const group = model.groups.get(`${String(b.applicationName)}/${b.deploymentGroupName}`);
      if (!group)
        throw new ApiError('DeploymentGroupDoesNotExistException', `The deployment group ${b.deploymentGroupName} does not exist.`);
      const { hooks, targetName } = parseAppSpec(b.revision);
      for (const event of hooks.keys()) {
        const allowed = lifecycleEventsOf(app.computePlatform);
        if (!HOOK_EVENTS.has(event) || !allowed.includes(event))
          throw new ApiError('InvalidRevisionException', `The AppSpec names an unknown hook ${event}.`);
      }
      const rollbackConfig = (b.autoRollbackConfiguration ?? group.autoRollbackConfiguration) as
        | { enabled?: boolean; events?: string[] }
        | undefined;
      const autoRollback = Boolean(rollbackConfig?.enabled && (rollbackConfig.events ?? []).includes('DEPLOYMENT_FAILURE'));
      const ecs = (group.ecsServices as { clusterName?: string; serviceName?: string }[] | undefined)?.[0];
      const targetId =
        app.computePlatform === 'ECS' ? `${ecs?.clusterName ?? 'cluster'}:${ecs?.serviceName ?? 'service'}` : targetName || 'function:live';
      const targetArn =
        app.computePlatform === 'ECS'
          ? `arn:aws:ecs:us-east-1:123456789012:service/${targetId.replace(':', '/')}`
          : `arn:aws:lambda:us-east-1:123456789012:function:${targetId}`;
      const deploymentId = model.startDeployment({
        applicationName: b.applicationName as string,
        deploymentGroupName: b.deploymentGroupName,
        revision: b.revision,
        computePlatform: app.computePlatform,
        targetId,
        targetArn,
        hooks,
        autoRollback,
        creator: 'user',
        runHooks: true,
        ...(typeof b.description === 'string' ? { description: b.description } : {}),
      });
      return { deploymentId };
    },
    GetDeployment(b) {
      return { deploymentInfo: model.requireDeployment(b.deploymentId).info };
    },
    BatchGetDeployments(b) {
      const ids = b.deploymentIds;
      if (!Array.isArray(ids) || ids.length === 0)
        throw new ApiError('DeploymentIdRequiredException', 'At least one deployment ID must be specified.');
      if (ids.length > 25)
        throw new ApiError('BatchLimitExceededException', 'The maximum number of names or IDs allowed for this request (25) was exceeded.');
      return {
        deploymentsInfo: ids
          .filter((id) => model.deployments.has(id as string))
          .map((id) => (model.deployments.get(id as string) as DeploymentState).info),
      };
    },
    ListDeployments(b) {
      const statuses = (b.includeOnlyStatuses as string[] | undefined) ?? [];
      if (b.deploymentGroupName !== undefined && b.applicationName === undefined) {
        throw new ApiError('ApplicationNameRequiredException', 'The application name is required when a deployment group name is given.');
      }
      if (b.applicationName !== undefined && !model.applications.has(b.applicationName as string)) {
        throw new ApiError('ApplicationDoesNotExistException', `No application found for name: ${String(b.applicationName)}`);
      }
      const ids = [...model.deployments.values()]
        .filter((d) => b.applicationName === undefined || d.info.applicationName === b.applicationName)
        .filter((d) => b.deploymentGroupName === undefined || d.info.deploymentGroupName === b.deploymentGroupName)
        .filter((d) => statuses.length === 0 || statuses.includes(d.info.status))
        .map((d) => d.info.deploymentId);
      const p = page(ids, b.nextToken, pageSize);
      return p.nextToken ? { deployments: p.items, nextToken: p.nextToken } : { deployments: p.items };
    },
    ListDeploymentTargets(b) {
      const d = model.requireDeployment(b.deploymentId);
      const p = page([d.targetId], b.nextToken, pageSize);
      return p.nextToken ? { targetIds: p.items, nextToken: p.nextToken } : { targetIds: p.items };
    },
    GetDeploymentTarget(b) {
      const d = model.requireDeployment(b.deploymentId);
      if (typeof b.targetId !== 'string' || !b.targetId)
        throw new ApiError('DeploymentTargetIdRequiredException', 'A deployment target ID was not provided.');
      if (b.targetId !== d.targetId)
        throw new ApiError(
          'DeploymentTargetDoesNotExistException',
          `The target ${b.targetId} does not exist in deployment ${d.info.deploymentId}.`,
        );
      return { deploymentTarget: model.target(d) };
    },
    BatchGetDeploymentTargets(b) {
      const d = model.requireDeployment(b.deploymentId);
      const ids = b.targetIds;
      if (!Array.isArray(ids) || ids.length === 0)
        throw new ApiError('DeploymentTargetIdRequiredException', 'A deployment target ID was not provided.');
      if (ids.length > 25)
        throw new ApiError('DeploymentTargetListSizeExceededException', 'The maximum number of targets (25) was exceeded.');
      for (const id of ids) {
        if (id !== d.targetId)
          throw new ApiError(
            'DeploymentTargetDoesNotExistException',
            `The target ${String(id)} does not exist in deployment ${d.info.deploymentId}.`,
          );
      }
      return { deploymentTargets: ids.map(() => model.target(d)) };
    },
    PutLifecycleEventHookExecutionStatus(b) {
      const report: HookReport = {
        deploymentId: String(b.deploymentId),
        lifecycleEventHookExecutionId: String(b.lifecycleEventHookExecutionId),
        lifecycleEvent: model.executions.get(b.lifecycleEventHookExecutionId as string)?.event.lifecycleEventName,
        status: String(b.status),
        accepted: false,
        at: new Date(),
      };
      reports.push(report);
      try {
        const d = model.requireDeployment(b.deploymentId);
        if (d.computePlatform === 'Server')
          throw new ApiError(
            'UnsupportedActionForDeploymentTypeException',
            'This action is only supported for Lambda and ECS deployments.',
          );
        if (b.status !== 'Succeeded' && b.status !== 'Failed') {
          throw new ApiError(
            'InvalidLifecycleEventHookExecutionStatusException',
            `The status ${String(b.status)} is not valid: use Succeeded or Failed.`,
          );
        }
        const execution = model.executions.get(b.lifecycleEventHookExecutionId as string);
        if (!execution || execution.deploymentId !== d.info.deploymentId) {
          throw new ApiError(
            'InvalidLifecycleEventHookExecutionIdException',
            `The lifecycle event hook execution ID ${String(b.lifecycleEventHookExecutionId)} is not valid.`,
          );
        }
        if (execution.event.status !== 'InProgress' || TERMINAL.has(d.info.status)) {
          throw new ApiError(
            'LifecycleEventAlreadyCompletedException',
            `The lifecycle event ${execution.event.lifecycleEventName} has already completed.`,
          );
        }
        report.accepted = true;
        const event = execution.event;
        if (b.status === 'Succeeded') {
          model.hookSucceeded(d, event);
        } else {
          model.failHook(d, event, `The hook reported Failed for ${event.lifecycleEventName}.`);
        }
        return { lifecycleEventHookExecutionId: b.lifecycleEventHookExecutionId };
      } catch (error) {
        if (error instanceof ApiError) report.errorCode = error.code;
        throw error;
      }
    },
    StopDeployment(b) {
      const d = model.requireDeployment(b.deploymentId);
      if (TERMINAL.has(d.info.status))
        throw new ApiError('DeploymentAlreadyCompletedException', `The deployment ${d.info.deploymentId} is already completed.`);
      d.autoRollback = b.autoRollbackEnabled === true;
      model.finish(d, 'Stopped', { code: 'MANUAL_STOP', message: 'The deployment was stopped by a user.' });
      return { status: 'Pending', statusMessage: 'Stopping deployment' };
    },
    ContinueDeployment(b) {
      const d = model.requireDeployment(b.deploymentId);
      if (b.deploymentWaitType !== undefined && b.deploymentWaitType !== 'READY_WAIT' && b.deploymentWaitType !== 'TERMINATION_WAIT') {
        throw new ApiError('InvalidDeploymentWaitTypeException', `The wait type ${String(b.deploymentWaitType)} is invalid.`);
      }
      if (TERMINAL.has(d.info.status))
        throw new ApiError('DeploymentAlreadyCompletedException', `The deployment ${d.info.deploymentId} is already completed.`);
      throw new ApiError('DeploymentIsNotInReadyStateException', `The deployment ${d.info.deploymentId} is not in the Ready state.`);
    },
  };
}

function page<T>(items: T[], token: unknown, pageSize: number): { items: T[]; nextToken?: string } {
  const start = typeof token === 'string' && token !== '' ? Number(Buffer.from(token, 'base64').toString()) : 0;
  if (!Number.isInteger(start) || start < 0 || start > items.length)
    throw new ApiError('InvalidNextTokenException', 'The next token was specified in an invalid format.');
  const end = start + pageSize;
  return end < items.length
    ? { items: items.slice(start, end), nextToken: Buffer.from(String(end)).toString('base64') }
    : { items: items.slice(start) };
}

function parseAppSpec(revision: unknown): { hooks: Map<string, string>; targetName: string } {
  const r = (revision ?? {}) as { revisionType?: string; appSpecContent?: { content?: string }; string?: { content?: string } };
  const content =
    r.revisionType === 'AppSpecContent' ? r.appSpecContent?.content : r.revisionType === 'String' ? r.string?.content : undefined;
  if (typeof content !== 'string') {
    throw new ApiError(
      'InvalidRevisionException',
      'The revision must be an AppSpecContent or String revision with JSON AppSpec content (this double does not read S3 or YAML).',
    );
  }
  let spec: { Hooks?: Record<string, string>[]; Resources?: Record<string, { Properties?: { Name?: string; Alias?: string } }>[] };
  try {
    spec = JSON.parse(content);
  } catch {
    throw new ApiError('InvalidRevisionException', 'The AppSpec content is not valid JSON.');
  }
  const hooks = new Map<string, string>();
  for (const h of spec.Hooks ?? []) for (const [k, v] of Object.entries(h)) hooks.set(k, v);
  const resource = Object.values(spec.Resources?.[0] ?? {})[0];
  const props = resource?.Properties ?? {};
  return { hooks, targetName: props.Name ? `${props.Name}:${props.Alias ?? 'live'}` : '' };
}
