import { strict as assert } from 'node:assert';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import {
  CreateEventSourceMappingCommand,
  DeleteEventSourceMappingCommand,
  type EventSourceMappingConfiguration,
  GetAliasCommand,
  GetEventSourceMappingCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
  type ListEventSourceMappingsCommandInput,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import sinon from 'sinon';
import { EventBridgeTools } from '../../../src/eventbridge/index.js';
import { ConfigError, GuardError, InvalidStateError, ResourceNotFoundError, StackReference, WaitTimeoutError } from '../../../src/index.js';
import { createEventSourceMapping, deleteEventMapping, getAlias, getVersion, LambdaTools } from '../../../src/lambda/index.js';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function';
const awsError = (name: string) => Object.assign(new Error(name), { name, $metadata: {} });
const uuid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const mapping = (i: number, state = 'Enabled', fn = `${ARN}:orders-green`): EventSourceMappingConfiguration => ({
  UUID: uuid(i),
  State: state,
  EventSourceArn: `arn:aws:sqs:us-east-1:123456789012:q${i}`,
  FunctionArn: fn,
});

describe('Class: LambdaTools', () => {
  const creds = { region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };
  const lambdaClient = new LambdaClient(creds);
  const ebClient = new EventBridgeClient(creds);
  const cwClient = new CloudWatchClient(creds);
  const lm = mockClient(LambdaClient);
  const eb = mockClient(EventBridgeClient);
  const cw = mockClient(CloudWatchClient);
  const allCalls = () => lm.calls().length + eb.calls().length + cw.calls().length;
  let clock: sinon.SinonFakeTimers | undefined;

  beforeEach(() => {
    lm.reset();
    eb.reset();
    cw.reset();
    lm.on(GetFunctionConfigurationCommand, { FunctionName: 'orders-green' }).resolves({ FunctionArn: `${ARN}:orders-green` });
    lm.on(GetFunctionConfigurationCommand, { FunctionName: 'orders-blue' }).resolves({ FunctionArn: `${ARN}:orders-blue` });
    lm.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [] });
  });
  afterEach(() => {
    clock?.restore();
    clock = undefined;
  });
  after(() => {
    lm.restore();
    eb.restore();
    cw.restore();
  });

  const tools = (functions: object = {}, extra: object = {}) =>
    new LambdaTools({
      functions: {
        blue: { functionName: 'orders-blue', alias: 'live' },
        green: { functionName: 'orders-green', alias: 'live', eventBuses: ['orders'] },
        ...functions,
      } as never,
      clients: { lambda: lambdaClient },
      ...extra,
    });

  describe('Constructor', () => {
    const bad: [string, () => unknown, RegExp][] = [
      ['missing functions', () => new LambdaTools({} as never), /functions must be an object/],
      ['a function name with a qualifier', () => tools({ blue: { functionName: 'orders-blue:live' } }), /functions\.blue\.functionName/],
      ['a qualified ARN', () => tools({ blue: { functionName: `${ARN}:orders-blue:7` } }), /no version or alias suffix/],
      ['an alias made of digits (a version)', () => tools({ blue: { functionName: 'f', alias: '12' } }), /functions\.blue\.alias/],
      ['alias $LATEST', () => tools({ blue: { functionName: 'f', alias: '$LATEST' } }), /functions\.blue\.alias/],
      [
        'a non-array eventBuses (read by EventBridgeTools, which validates it when it is built on this LambdaTools)',
        () => new EventBridgeTools({ lambda: tools({ green: { functionName: 'f', eventBuses: 'orders' } }), awsSdkV3Client: ebClient }),
        /functions\.green\.eventBuses must be an array/,
      ],
      ['an unknown key', () => tools({ green: { functionName: 'f', qualifier: '1' } }), /unknown key 'qualifier'/],
      ['clients and clientConfig together', () => tools({}, { clientConfig: { region: 'x' } }), /either clients\.lambda or clientConfig/],
      ['an unknown client', () => tools({}, { clients: { sqs: lambdaClient } }), /clients has an unknown key 'sqs'/],
      ['a non-client', () => tools({}, { clients: { lambda: {} } }), /clients\.lambda must be an AWS SDK v3 client/],
      ['a bad concurrency', () => tools({}, { concurrency: 0 }), /concurrency must be >= 1/],
    ];
    for (const [what, make, message] of bad) {
      it(`rejects ${what} with a ConfigError and makes no AWS call`, () => {
        assert.throws(make, (e: unknown) => e instanceof ConfigError && message.test(e.message));
        assert.equal(allCalls(), 0);
      });
    }
  });

  describe('Class: LambdaTools has the toggles only (bluegreen-toolkit/lambda)', () => {
    const functions = { blue: { functionName: 'orders-blue' }, green: { functionName: 'orders-green' } };
    it('constructs the Lambda client only; the rarer operations are functions, the rules and metrics other tools', () => {
      const lean = new LambdaTools({ functions, clients: { lambda: lambdaClient } });
      assert.equal(lean.lambda, lambdaClient);
      for (const key of [
        'eventBridge',
        'cloudWatch',
        'enableRules',
        'disableRules',
        'listRules',
        'getLatestMetrics',
        'rebindStreamMappings',
        'createEventSourceMapping',
        'deleteEventMapping',
        'getAlias',
        'getVersion',
      ]) {
        assert.equal(key in lean, false, key);
      }
    });
    it('refuses an EventBridge or CloudWatch client with a ConfigError naming the accepted key, before any AWS call', () => {
      for (const clients of [{ eventBridge: ebClient }, { cloudWatch: cwClient }]) {
        assert.throws(
          () => new LambdaTools({ functions, clients: clients as never }),
          (e: unknown) => e instanceof ConfigError && /unknown key '(eventBridge|cloudWatch)': expected lambda/.test(e.message),
        );
      }
      assert.equal(allCalls(), 0);
    });
  });

  describe('Method: listEventSourceMappings', () => {
    it('returns all 120 mappings over two pages exactly once, querying name, ARN and alias forms', async () => {
      const all = Array.from({ length: 120 }, (_, i) => mapping(i));
      // The SDK paginator reuses one input object for every page, so the marker is recorded when each call is made.
      const lists: [string | undefined, string | undefined][] = [];
      lm.on(ListEventSourceMappingsCommand).callsFake((input: ListEventSourceMappingsCommandInput) => {
        lists.push([input.FunctionName, input.Marker]);
        if (input.FunctionName === `${ARN}:orders-green:live`) {
          // The alias-ARN form pages through the same mappings.
          return input.Marker === undefined
            ? { EventSourceMappings: all.slice(0, 100), NextMarker: 'page-2' }
            : { EventSourceMappings: all.slice(100) };
        }
        if (input.FunctionName === 'orders-green') return { EventSourceMappings: [all[5], all[110]] }; // duplicates by UUID
        return { EventSourceMappings: [] };
      });
      const result = await tools().listEventSourceMappings(StackReference.Green);
      assert.equal(result.length, 120);
      assert.equal(new Set(result.map((m) => m.uuid)).size, 120);
      assert.deepEqual(lists, [
        ['orders-green', undefined],
        [`${ARN}:orders-green`, undefined],
        ['orders-green:live', undefined],
        [`${ARN}:orders-green:live`, undefined],
        [`${ARN}:orders-green:live`, 'page-2'],
      ]);
      assert.equal(lm.commandCalls(GetFunctionConfigurationCommand).length, 1);
    });

    it('ends when the service returns the same marker again (the old toolkit looped forever)', async () => {
      lm.on(ListEventSourceMappingsCommand, { FunctionName: 'orders-green' }).resolves({
        EventSourceMappings: [mapping(1)],
        NextMarker: 'stuck',
      });
      const result = await tools().listEventSourceMappings(StackReference.Green);
      assert.deepEqual(
        result.map((m) => m.uuid),
        [uuid(1)],
      );
      assert.equal(lm.commandCalls(ListEventSourceMappingsCommand, { FunctionName: 'orders-green' }).length, 2);
    });

    it('skips the lookup when the function is configured by ARN, and looks the ARN up only once per tool', async () => {
      const t = tools({ blue: { functionName: `${ARN}:orders-blue` } });
      await t.listEventSourceMappings(StackReference.Blue);
      assert.equal(lm.commandCalls(GetFunctionConfigurationCommand).length, 0);
      assert.deepEqual(
        lm.commandCalls(ListEventSourceMappingsCommand).map((c) => c.args[0].input.FunctionName),
        ['orders-blue', `${ARN}:orders-blue`],
      );
      await t.listEventSourceMappings(StackReference.Green);
      await t.listEventSourceMappings(StackReference.Green);
      assert.equal(lm.commandCalls(GetFunctionConfigurationCommand).length, 1);
    });

    it('turns a missing function into ResourceNotFoundError', async () => {
      lm.on(GetFunctionConfigurationCommand).rejects(awsError('ResourceNotFoundException'));
      await assert.rejects(tools().listEventSourceMappings(StackReference.Green), ResourceNotFoundError);
    });

    it('rejects a bad stack reference before any call', async () => {
      await assert.rejects(tools().listEventSourceMappings('GREEN ' as StackReference), ConfigError);
      assert.equal(allCalls(), 0);
    });
  });

  describe('Method: enableEventMappings', () => {
    it('updates only mappings not Enabled/Enabling, never Deleting ones, and reports both lists', async () => {
      lm.on(ListEventSourceMappingsCommand, { FunctionName: 'orders-green' }).resolves({
        EventSourceMappings: [
          mapping(1, 'Disabled'),
          mapping(2, 'Enabled'),
          mapping(3, 'Enabling'),
          mapping(4, 'Disabling'),
          mapping(5, 'Deleting'),
        ],
      });
      lm.on(UpdateEventSourceMappingCommand).resolves({ State: 'Enabling' });
      const result = await tools().enableEventMappings(StackReference.Green, { wait: false });
      assert.deepEqual(
        lm.commandCalls(UpdateEventSourceMappingCommand).map((c) => c.args[0].input),
        [
          { UUID: uuid(1), Enabled: true },
          { UUID: uuid(4), Enabled: true },
        ],
      );
      assert.deepEqual(result.changed, [uuid(1), uuid(4)]);
      assert.deepEqual(result.already, [uuid(2), uuid(3)]);
      assert.equal(result.outcome, 'changed');
      assert.equal(lm.commandCalls(GetEventSourceMappingCommand).length, 0);
    });

    /** Answers ListEventSourceMappings(orders-green) with the n-th listing (the last one repeats), counting the calls. */
    function listings(...pages: EventSourceMappingConfiguration[][]) {
      let call = 0;
      lm.on(ListEventSourceMappingsCommand, { FunctionName: 'orders-green' }).callsFake(() => ({
        EventSourceMappings: pages[Math.min(call++, pages.length - 1)],
      }));
      return () => call;
    }

    it('waits by default until every mapping (changed or transitioning) is Enabled, reading them back with the list', async () => {
      clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const calls = listings(
        [mapping(1, 'Disabled'), mapping(2, 'Enabling')],
        [mapping(1, 'Enabling'), mapping(2, 'Enabled')],
        [mapping(1, 'Enabling'), mapping(2, 'Enabled')],
        [mapping(1, 'Enabled'), mapping(2, 'Enabled')],
      );
      lm.on(UpdateEventSourceMappingCommand).resolves({ State: 'Enabling' });
      const promise = tools().enableEventMappings(StackReference.Green);
      await clock.runAllAsync();
      const result = await promise;
      assert.deepEqual(result.changed, [uuid(1)]);
      assert.equal(calls(), 4, 'one listing, then three polls of the one form that found the mappings');
      assert.equal(lm.commandCalls(GetEventSourceMappingCommand).length, 0, 'no GetEventSourceMapping per mapping');
      assert.deepEqual(
        lm.commandCalls(ListEventSourceMappingsCommand).map((c) => c.args[0].input.FunctionName),
        [
          'orders-green',
          `${ARN}:orders-green`,
          'orders-green:live',
          `${ARN}:orders-green:live`,
          'orders-green',
          'orders-green',
          'orders-green',
        ],
      );
    });

    it('Lambda API Reference (ListEventSourceMappings, 100 per page): 250 changed mappings are verified with 3 list calls per poll, not 250 GetEventSourceMapping', async () => {
      const page = (state: string) => Array.from({ length: 250 }, (_, i) => mapping(i, state));
      const pages = (state: string) => {
        const all = page(state);
        return (input: ListEventSourceMappingsCommandInput) => {
          const start = input.Marker === undefined ? 0 : Number(input.Marker);
          const next = start + 100;
          return { EventSourceMappings: all.slice(start, next), ...(next < all.length ? { NextMarker: String(next) } : {}) };
        };
      };
      let listing = pages('Disabled');
      lm.on(ListEventSourceMappingsCommand, { FunctionName: 'orders-green' }).callsFake((input: ListEventSourceMappingsCommandInput) =>
        listing(input),
      );
      lm.on(UpdateEventSourceMappingCommand).callsFake(() => {
        listing = pages('Enabled');
        return { State: 'Enabling' };
      });
      const result = await tools().enableEventMappings(StackReference.Green, { concurrency: 10 });
      assert.equal(result.changed.length, 250);
      const greenLists = lm.commandCalls(ListEventSourceMappingsCommand).filter((c) => c.args[0].input.FunctionName === 'orders-green');
      assert.equal(greenLists.length, 6, '3 pages to find them, 3 pages to read them back');
      assert.equal(lm.commandCalls(GetEventSourceMappingCommand).length, 0);
      assert.ok(greenLists.every((c) => c.args[0].input.MaxItems === 100));
    });

    it('does not poll when every update response or listing already shows the target state', async () => {
      const calls = listings(
        [mapping(1, 'Disabled'), mapping(2, 'Enabled'), mapping(3, 'Disabled')],
        [mapping(1, 'Enabled'), mapping(2, 'Enabled'), mapping(3, 'Enabled')],
      );
      lm.on(UpdateEventSourceMappingCommand, { UUID: uuid(1) }).resolves({ State: 'Enabled' });
      lm.on(UpdateEventSourceMappingCommand, { UUID: uuid(3) }).resolves({ State: 'Enabled' });
      await tools().enableEventMappings(StackReference.Green);
      assert.equal(calls(), 1, 'only the first listing');
    });

    it('Lambda API Reference (EventSourceMappingConfiguration): a mapping that goes Enabling → Disabled fails fast with its StateTransitionReason and LastProcessingResult', async () => {
      clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      const refused = {
        ...mapping(1, 'Disabled'),
        StateTransitionReason: 'EVENT_SOURCE_AUTHZ_ERROR',
        LastProcessingResult: 'PROBLEM: Lambda does not have the required permissions to access the event source.',
      };
      const calls = listings([mapping(1, 'Disabled')], [mapping(1, 'Enabling')], [refused]);
      lm.on(UpdateEventSourceMappingCommand).resolves({ State: 'Enabling' });
      const promise = tools().enableEventMappings(StackReference.Green, { wait: { maxWaitTime: 300 } });
      const assertion = assert.rejects(promise, (e: unknown) => {
        assert.ok(e instanceof InvalidStateError, String(e));
        assert.match(e.message, new RegExp(`${uuid(1)} \\(arn:aws:sqs:us-east-1:123456789012:q1\\)`));
        assert.match(e.message, /went back to Disabled instead of becoming Enabled/);
        assert.match(e.message, /StateTransitionReason 'EVENT_SOURCE_AUTHZ_ERROR'/);
        assert.match(e.message, /LastProcessingResult 'PROBLEM: Lambda does not have the required permissions/);
        return true;
      });
      await clock.runAllAsync();
      await assertion;
      assert.equal(calls(), 3, 'failed on the poll that saw Disabled');
      assert.ok(Date.now() < 60_000, 'long before the 300 s timeout');
    });

    it('throws WaitTimeoutError with the last observed states when a mapping never gets there', async () => {
      clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      listings([mapping(1, 'Disabled')], [mapping(1, 'Enabling')]);
      lm.on(UpdateEventSourceMappingCommand).resolves({ State: 'Enabling' });
      const promise = tools().enableEventMappings(StackReference.Green, { wait: { maxWaitTime: 30 } });
      const assertion = assert.rejects(
        promise,
        (e: unknown) => e instanceof WaitTimeoutError && (e.lastState as Record<string, string>)[uuid(1)] === 'Enabling',
      );
      await clock.runAllAsync();
      await assertion;
    });

    it('retries UpdateEventSourceMapping with backoff while the mapping is busy (ResourceInUseException)', async () => {
      clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
      lm.on(ListEventSourceMappingsCommand, { FunctionName: 'orders-green' }).resolves({ EventSourceMappings: [mapping(1, 'Disabled')] });
      lm.on(UpdateEventSourceMappingCommand)
        .rejectsOnce(awsError('ResourceInUseException'))
        .rejectsOnce(awsError('ResourceInUseException'))
        .resolves({ State: 'Enabling' });
      const promise = tools().enableEventMappings(StackReference.Green, { wait: false });
      await clock.runAllAsync();
      const result = await promise;
      assert.equal(lm.commandCalls(UpdateEventSourceMappingCommand).length, 3);
      assert.ok(Date.now() >= 2000, 'slept at least minDelay between the attempts');
      assert.deepEqual(result.changed, [uuid(1)]);
    });

    it('keeps at most `concurrency` updates in flight', async () => {
      lm.on(ListEventSourceMappingsCommand, { FunctionName: 'orders-green' }).resolves({
        EventSourceMappings: Array.from({ length: 12 }, (_, i) => mapping(i, 'Disabled')),
      });
      let inFlight = 0;
      let peak = 0;
      lm.on(UpdateEventSourceMappingCommand).callsFake(async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight--;
        return { State: 'Enabling' };
      });
      await tools().enableEventMappings(StackReference.Green, { wait: false, concurrency: 3 });
      assert.equal(lm.commandCalls(UpdateEventSourceMappingCommand).length, 12);
      assert.equal(peak, 3);
    });

    it('is already when every mapping is enabled, and sends no update', async () => {
      lm.on(ListEventSourceMappingsCommand, { FunctionName: 'orders-green' }).resolves({ EventSourceMappings: [mapping(1), mapping(2)] });
      const result = await tools().enableEventMappings(StackReference.Green);
      assert.equal(result.outcome, 'already');
      assert.equal(lm.commandCalls(UpdateEventSourceMappingCommand).length, 0);
    });

    it('rejects bad options before any call', async () => {
      await assert.rejects(tools().enableEventMappings(StackReference.Green, { concurrency: -1 }), ConfigError);
      await assert.rejects(tools().enableEventMappings(StackReference.Green, { wait: 'yes' as never }), ConfigError);
      await assert.rejects(tools().enableEventMappings(StackReference.Green, { wait: { maxWaitTime: -1 } }), ConfigError);
      assert.equal(allCalls(), 0);
    });
  });

  describe('Method: disableEventMappings', () => {
    it('updates only mappings not Disabled/Disabling with Enabled: false', async () => {
      lm.on(ListEventSourceMappingsCommand, { FunctionName: `${ARN}:orders-green:live` }).resolves({
        EventSourceMappings: [mapping(1, 'Enabled'), mapping(2, 'Disabled'), mapping(3, 'Disabling'), mapping(4, 'Updating')],
      });
      lm.on(UpdateEventSourceMappingCommand).resolves({ State: 'Disabling' });
      const result = await tools().disableEventMappings(StackReference.Green, { wait: false });
      assert.deepEqual(
        lm.commandCalls(UpdateEventSourceMappingCommand).map((c) => c.args[0].input),
        [
          { UUID: uuid(1), Enabled: false },
          { UUID: uuid(4), Enabled: false },
        ],
      );
      assert.deepEqual(result.already, [uuid(2), uuid(3)]);
    });

    it('names a mapping deleted meanwhile in an InvalidStateError', async () => {
      lm.on(ListEventSourceMappingsCommand, { FunctionName: 'orders-green' }).resolves({ EventSourceMappings: [mapping(1, 'Enabled')] });
      lm.on(UpdateEventSourceMappingCommand).rejects(awsError('ResourceNotFoundException'));
      await assert.rejects(tools().disableEventMappings(StackReference.Green, { wait: false }), (e: unknown) => {
        const cause = (e as { failures?: { error: unknown }[] }).failures?.[0]?.error;
        return cause instanceof InvalidStateError && cause.message.includes(uuid(1));
      });
    });
  });

  describe('Function: createEventSourceMapping', () => {
    const queue = 'arn:aws:sqs:us-east-1:123456789012:orders';

    it('creates a mapping on the alias ARN when none exists for that source', async () => {
      lm.on(CreateEventSourceMappingCommand).resolves({ UUID: uuid(9), State: 'Creating' });
      const result = await createEventSourceMapping(tools(), StackReference.Green, queue, { BatchSize: 10 });
      assert.deepEqual(lm.commandCalls(CreateEventSourceMappingCommand)[0]?.args[0].input, {
        BatchSize: 10,
        FunctionName: `${ARN}:orders-green:live`,
        EventSourceArn: queue,
      });
      for (const c of lm.commandCalls(ListEventSourceMappingsCommand)) assert.equal(c.args[0].input.EventSourceArn, queue);
      assert.deepEqual(result, { outcome: 'changed', message: result.message, uuid: uuid(9), state: 'Creating' });
    });

    it("targets the unqualified function with target: 'function'", async () => {
      lm.on(CreateEventSourceMappingCommand).resolves({ UUID: uuid(9), State: 'Creating' });
      await createEventSourceMapping(tools(), StackReference.Green, queue, { target: 'function' });
      assert.equal(lm.commandCalls(CreateEventSourceMappingCommand)[0]?.args[0].input.FunctionName, `${ARN}:orders-green`);
    });

    it('is already (no create) when a mapping from the same source exists in any form', async () => {
      lm.on(ListEventSourceMappingsCommand, { FunctionName: `${ARN}:orders-green` }).resolves({
        EventSourceMappings: [{ ...mapping(3, 'Disabled'), EventSourceArn: queue }],
      });
      const result = await createEventSourceMapping(tools(), StackReference.Green, queue);
      assert.equal(result.outcome, 'already');
      assert.equal(result.uuid, uuid(3));
      assert.equal(lm.commandCalls(CreateEventSourceMappingCommand).length, 0);
    });

    it('rejects a bad source ARN or target before any call', async () => {
      await assert.rejects(createEventSourceMapping(tools(), StackReference.Green, 'orders'), /sourceArn/);
      await assert.rejects(createEventSourceMapping(tools(), StackReference.Green, queue, { target: 'version' as never }), ConfigError);
      await assert.rejects(
        createEventSourceMapping(tools({ green: { functionName: 'orders-green' } }), StackReference.Green, queue, { target: 'alias' }),
        /alias is not configured/,
      );
      assert.equal(allCalls(), 0);
    });
  });

  describe('Function: deleteEventMapping', () => {
    it('deletes an existing mapping', async () => {
      lm.on(GetEventSourceMappingCommand).resolves(mapping(1));
      lm.on(DeleteEventSourceMappingCommand).resolves({ State: 'Deleting' });
      const result = await deleteEventMapping(tools(), uuid(1));
      assert.equal(result.outcome, 'changed');
      assert.deepEqual(lm.commandCalls(DeleteEventSourceMappingCommand)[0]?.args[0].input, { UUID: uuid(1) });
    });

    it('is already when the mapping does not exist (no delete sent)', async () => {
      lm.on(GetEventSourceMappingCommand).rejects(awsError('ResourceNotFoundException'));
      const result = await deleteEventMapping(tools(), uuid(1));
      assert.equal(result.outcome, 'already');
      assert.equal(lm.commandCalls(DeleteEventSourceMappingCommand).length, 0);
    });

    it('refuses with GuardError when the mapping belongs to another function than expectedStack', async () => {
      lm.on(GetEventSourceMappingCommand).resolves(mapping(1, 'Enabled', `${ARN}:orders-green:live`));
      await assert.rejects(deleteEventMapping(tools(), uuid(1), { expectedStack: StackReference.Blue }), GuardError);
      assert.equal(lm.commandCalls(DeleteEventSourceMappingCommand).length, 0);
      lm.on(DeleteEventSourceMappingCommand).resolves({});
      await deleteEventMapping(tools(), uuid(1), { expectedStack: StackReference.Green });
      assert.equal(lm.commandCalls(DeleteEventSourceMappingCommand).length, 1);
    });

    it('rejects a malformed UUID or stack before any call', async () => {
      await assert.rejects(deleteEventMapping(tools(), 'not-a-uuid'), ConfigError);
      await assert.rejects(deleteEventMapping(tools(), uuid(1), { expectedStack: 'red' as never }), ConfigError);
      assert.equal(allCalls(), 0);
    });
  });

  describe('Functions: getAlias / getVersion', () => {
    it('getAlias returns version and routing weights', async () => {
      lm.on(GetAliasCommand).resolves({
        Name: 'live',
        AliasArn: `${ARN}:orders-green:live`,
        FunctionVersion: '7',
        RoutingConfig: { AdditionalVersionWeights: { '8': 0.1 } },
      });
      const alias = await getAlias(tools(), StackReference.Green, 'live');
      assert.deepEqual(alias, { name: 'live', aliasArn: `${ARN}:orders-green:live`, functionVersion: '7', routingWeights: { '8': 0.1 } });
      assert.deepEqual(lm.commandCalls(GetAliasCommand)[0]?.args[0].input, { FunctionName: 'orders-green', Name: 'live' });
    });

    it('getVersion reads the configured alias', async () => {
      lm.on(GetAliasCommand).resolves({ Name: 'live', FunctionVersion: '7' });
      assert.deepEqual(await getVersion(tools(), StackReference.Green), { version: '7', routingWeights: {}, alias: 'live' });
    });

    it('getVersion refuses an alias that points at $LATEST', async () => {
      lm.on(GetAliasCommand).resolves({ Name: 'live', FunctionVersion: '$LATEST' });
      await assert.rejects(
        getVersion(tools(), StackReference.Green),
        (e: unknown) => e instanceof InvalidStateError && /\$LATEST/.test(e.message),
      );
    });

    it('getVersion without a configured alias is a ConfigError before any call', async () => {
      await assert.rejects(
        getVersion(tools({ green: { functionName: 'orders-green' } }), StackReference.Green),
        /set functions\.green\.alias/,
      );
      assert.equal(allCalls(), 0);
    });

    it('a missing alias is ResourceNotFoundError; a bad alias name is a ConfigError before any call', async () => {
      await assert.rejects(getAlias(tools(), StackReference.Green, '42'), ConfigError);
      assert.equal(allCalls(), 0);
      lm.on(GetAliasCommand).rejects(awsError('ResourceNotFoundException'));
      await assert.rejects(getAlias(tools(), StackReference.Green, 'live'), ResourceNotFoundError);
    });
  });
});
