/**
 * The AWS figures the account-true world models, each with the AWS document it comes from. Where AWS documents the
 * behaviour but publishes no duration, the constant says so and gives the figure the model assumes instead.
 *
 * All figures are in AWS seconds; a world started with `timeScale: s` waits `figure × s` real seconds (for example
 * `timeScale: 1 / 60` makes one AWS minute last one real second).
 */

/**
 * SNS: "Additions or changes to a subscription filter policy require up to 15 minutes to fully take effect."
 * (Amazon SNS Developer Guide, "Amazon SNS subscription filter policies",
 * https://docs.aws.amazon.com/sns/latest/dg/sns-subscription-filter-policies.html). The model applies each
 * `SetSubscriptionAttributes` FilterPolicy/FilterPolicyScope change after a seeded delay of up to this figure.
 */
export const SNS_FILTER_POLICY_PROPAGATION_SECONDS = 15 * 60;

/**
 * SQS: "The ApproximateNumberOfMessagesDelayed, ApproximateNumberOfMessagesNotVisible, and ApproximateNumberOfMessages
 * metrics may not achieve consistency until at least 1 minute after the producers stop sending messages."
 * (Amazon SQS API Reference, GetQueueAttributes, AttributeNames,
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_GetQueueAttributes.html). The model
 * reports the true figures as they were this long ago.
 */
export const SQS_APPROXIMATE_ATTRIBUTES_LAG_SECONDS = 60;

/** The attributes {@link SQS_APPROXIMATE_ATTRIBUTES_LAG_SECONDS} applies to (same GetQueueAttributes reference). */
export const SQS_APPROXIMATE_ATTRIBUTES = [
  'ApproximateNumberOfMessages',
  'ApproximateNumberOfMessagesNotVisible',
  'ApproximateNumberOfMessagesDelayed',
] as const;

/**
 * Lambda: an event source mapping's `State` "can be one of the following: Creating, Enabling, Enabled, Disabling,
 * Disabled, Updating, or Deleting" (AWS Lambda API Reference, GetEventSourceMapping / EventSourceMappingConfiguration,
 * https://docs.aws.amazon.com/lambda/latest/api/API_GetEventSourceMapping.html).
 */
export const LAMBDA_ESM_STATES = ['Creating', 'Enabling', 'Enabled', 'Disabling', 'Disabled', 'Updating', 'Deleting'] as const;

/**
 * How long a mapping stays in `Creating`/`Enabling`/`Disabling`/`Updating`. AWS documents the states (see
 * {@link LAMBDA_ESM_STATES}) but publishes **no duration**: this is the model's assumption (observed transitions
 * take seconds to a few minutes), not an AWS figure.
 */
export const LAMBDA_ESM_TRANSITION_SECONDS = 60;

/**
 * Aurora: a started cluster reports `starting` before `available`; StartDBCluster is allowed from `stopped` only and
 * StopDBCluster from `available` only (Amazon Aurora User Guide, "Stopping and starting an Amazon Aurora DB cluster",
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-cluster-stop-start.html, and the
 * AWS-StartStopAuroraCluster runbook: "To start a cluster it must be in a stopped status. To stop a cluster it must be
 * in an available status."). AWS publishes **no duration**: this is the model's assumption, not an AWS figure.
 */
export const AURORA_START_SECONDS = 5 * 60;

/** Aurora: `stopping` before `stopped` (same pages as {@link AURORA_START_SECONDS}); no AWS duration: model assumption. */
export const AURORA_STOP_SECONDS = 3 * 60;

/**
 * Aurora: a reader instance reports `creating` before `available` (Amazon Aurora User Guide, "Viewing DB instance
 * status"). AWS publishes **no duration**: this is the model's assumption, not an AWS figure.
 */
export const AURORA_INSTANCE_CREATE_SECONDS = 8 * 60;

/**
 * ECS: the service scheduler "runs and maintains your desired number of tasks": after UpdateService changes
 * `desiredCount` it starts (or stops) tasks until `runningCount` equals it; a task is counted in `runningCount` once it
 * is `RUNNING` and in `pendingCount` while it is `PENDING` ("A task in the PENDING state is preparing to enter the
 * RUNNING state") (Amazon ECS API Reference, CreateService / UpdateService and Deployment,
 * https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_UpdateService.html). The `services-stable` waiter
 * waits for `runningCount == desiredCount` with one deployment. AWS publishes **no duration**: the model's
 * assumption is that each task takes this long to start (image pull, container start, health check).
 */
export const ECS_TASK_START_SECONDS = 45;

/**
 * ECS: a stopped task is "docker stop"ped (SIGTERM, then SIGKILL after the 30-second stop timeout) and, behind a
 * load balancer, first deregistered (the target group's deregistration delay) (Amazon ECS API Reference,
 * UpdateService). AWS publishes no single duration: the model's assumption is this long per task.
 */
export const ECS_TASK_STOP_SECONDS = 30;
