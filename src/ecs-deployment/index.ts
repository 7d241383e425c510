/**
 * `bluegreen-toolkit/ecs-deployment`: follow and steer ECS native blue/green service deployments (wait for a stage,
 * continue or roll back at pause hooks, roll back). Imports `@aws-sdk/client-ecs` only.
 *
 * @module bluegreen-toolkit/ecs-deployment
 */
export {
  EcsServiceDeploymentTools,
  type EcsServiceDeploymentToolsOptions,
  SERVICE_DEPLOYMENT_STAGES,
  type ServiceDeploymentProgress,
  type ServiceDeploymentStage,
  type ServiceDeploymentTarget,
  type ServiceDeploymentWaitResult,
  type WaitForServiceDeploymentOptions,
} from './ecs-service-deployment-tools.js';
