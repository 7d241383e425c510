// The shared prelude of the compiled code examples (scripts/check-examples.mjs): names that TSDoc @example blocks and
// the guides' code blocks use without defining them, as a reader would have them from the surrounding text. An
// example that defines or imports the same name shadows these. Not part of the package.
type BG = typeof import('bluegreen-toolkit');

declare const StackReference: BG['StackReference'];
type StackReference = import('bluegreen-toolkit').StackReference;

// The tools, as created in each tool guide's first example.
declare const aurora: import('bluegreen-toolkit/aurora').AuroraTools;
declare const events: import('bluegreen-toolkit/aurora-events').AuroraEventTools;
declare const sqs: import('bluegreen-toolkit/sqs').SqsTools;
declare const sns: import('bluegreen-toolkit/sns').SnsTools;
declare const lambda: import('bluegreen-toolkit/lambda').LambdaTools;
declare const eventBridge: import('bluegreen-toolkit/eventbridge').EventBridgeTools;
declare const kinesis: import('bluegreen-toolkit/kinesis').KinesisTools;
declare const dynamo: import('bluegreen-toolkit/dynamodb').DynamoTools;
declare const cloudwatch: import('bluegreen-toolkit/cloudwatch').CloudWatchTools;
declare const cloudWatchTools: import('bluegreen-toolkit/cloudwatch').CloudWatchTools;
declare const ecs: import('bluegreen-toolkit/ecs').EcsTools;
declare const deployment: import('bluegreen-toolkit/ecs-task-sets').EcsTaskSetDeployment;
declare const codedeploy: import('bluegreen-toolkit/codedeploy').CodeDeployTools;
declare const tools: import('bluegreen-toolkit/ecs-deployment').EcsServiceDeploymentTools;
declare const runbook: import('bluegreen-toolkit/runbook').Runbook;
declare const config: import('bluegreen-toolkit/runbook').StackConfig;

// Tool options a reader has from the guide (their exact shapes are each tool's options type).
declare const queues: import('bluegreen-toolkit/sqs').SqsToolsOptions['queues'];
declare const tables: import('bluegreen-toolkit/dynamodb').DynamoToolsOptions['tables'];
declare const services: import('bluegreen-toolkit/ecs').EcsToolsOptions['services'];
declare const consumers: import('bluegreen-toolkit/kinesis').KinesisToolsOptions['consumers'];
declare const functions: import('bluegreen-toolkit/lambda').LambdaToolsOptions['functions'];
declare const subscriptions: import('bluegreen-toolkit/sns').SnsToolsOptions['subscriptions'];
declare const cwOptions: import('bluegreen-toolkit/cloudwatch').CloudWatchToolsOptions;
declare const board: import('bluegreen-toolkit/runbook').StatusBoard;
declare const store: import('bluegreen-toolkit/external-hook').HookStore;
type AlarmState = import('bluegreen-toolkit/cloudwatch').AlarmState;
type WaitProgress = import('bluegreen-toolkit/external-hook').WaitProgress;
// Functions of the package that a snippet uses as the text around it imports them.
declare const codeDeployHook: typeof import('bluegreen-toolkit/hooks').codeDeployHook;
declare const getStatusBoard: typeof import('bluegreen-toolkit/runbook').getStatusBoard;
declare const renderStatusBoard: typeof import('bluegreen-toolkit/runbook').renderStatusBoard;
declare const createStackTools: typeof import('bluegreen-toolkit/runbook').createStackTools;
// An SDK client and command of the snippet's service.
declare const lambdaClient: import('@aws-sdk/client-lambda').LambdaClient;
declare const GetEventSourceMappingCommand: typeof import('@aws-sdk/client-lambda').GetEventSourceMappingCommand;
type CreateMappingParams = import('bluegreen-toolkit/lambda').CreateMappingParams;
declare const alarms: import('bluegreen-toolkit/cloudwatch').CloudWatchToolsOptions['alarms'];

// Values of the surrounding code: an event, an input, an error, a record, a client — of the type the text says.
// biome-ignore lint/suspicious/noExplicitAny: the prelude stands in for a reader's own values of any shape.
type Any = any;
declare const event: Any;
declare const context: Any;
declare const client: import('bluegreen-toolkit/external-hook').ExternalHookClient & { send(command: Any): Promise<Any> };
declare const options: Any;
declare const input: unknown;
declare const error: unknown;
declare const record: Any;
declare const request: Any;
declare const result: Any;
declare const text: string;
declare const signal: AbortSignal;
declare const controller: AbortController;
declare const ciCancellation: AbortSignal;
declare const names: string[];
declare const groups: string[];
declare const alarmNames: string[];
declare const queueUrls: string[];
declare const uuids: string[];
declare const uuid: string;
declare const queueArn: string;
declare const blueArn: string;
declare const greenArn: string;
declare const targetGroupArn: string;
declare const service: import('@aws-sdk/client-ecs').Service;
declare const snsEvent: Any;
declare const command: Any;
declare const handler: Any;
declare const query: Any;
declare const hookId: string;
declare const serviceDeploymentArn: string;
declare const executionArn: string;
declare const testsPassed: boolean;
declare const filterPolicy: string;
declare const attributes: Record<string, string>;
declare function runSuite(...args: Any[]): Promise<Any>;
declare function runE2eSuite(...args: Any[]): Promise<Any>;
declare function runTests(...args: Any[]): Promise<Any>;
declare function runChecks(...args: Any[]): Promise<Any>;
declare function greenIsHealthy(...args: Any[]): Promise<boolean>;
declare function purgeQueue(...args: Any[]): Promise<Any>;
declare function enable(...args: Any[]): Promise<Any>;
declare function disable(...args: Any[]): Promise<Any>;
declare function prepareGreenStack(...args: Any[]): Promise<void>;
declare function sleep(ms: number): Promise<void>;
