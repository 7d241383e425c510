import { strict as assert } from 'node:assert';
import { GetSubscriptionAttributesCommand, NotFoundException, SetSubscriptionAttributesCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchError, ConfigError, InvalidStateError, ResourceNotFoundError, StackReference } from '../../../src/index.js';
import { decodeBlockingPolicy, encodeBlockingPolicy, SNS_DISABLED_KEY, SnsTools } from '../../../src/sns/index.js';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:orders';
const BLUE = `${TOPIC}:11111111-1111-4111-8111-111111111111`;
const GREEN = `${TOPIC}:22222222-2222-4222-8222-222222222222`;

/**
 * An in-memory SNS subscription store with SNS's documented attribute semantics: GetSubscriptionAttributes omits
 * FilterPolicy and FilterPolicyScope when no policy is set and reports the default scope MessageAttributes when a
 * policy is set without one; an empty FilterPolicy unsets it; an unknown ARN is NotFound.
 */
class FakeSns {
  readonly subs = new Map<string, Record<string, string>>();
  rejectEmptyPolicy = false;
  add(arn: string, attributes: Record<string, string> = {}) {
    this.subs.set(arn, {
      SubscriptionArn: arn,
      TopicArn: TOPIC,
      Protocol: 'sqs',
      Endpoint: `arn:aws:sqs:eu-west-1:123456789012:${arn.slice(-4)}`,
      ...attributes,
    });
  }
  get(arn: string) {
    const sub = this.subs.get(arn);
    if (!sub) throw new NotFoundException({ message: 'Subscription does not exist', $metadata: {} });
    const out = { ...sub };
    if (!out.FilterPolicy) {
      delete out.FilterPolicy;
      delete out.FilterPolicyScope;
    } else out.FilterPolicyScope ??= 'MessageAttributes';
    return out;
  }
  set(arn: string, name: string, value: string) {
    const sub = this.subs.get(arn);
    if (!sub) throw new NotFoundException({ message: 'Subscription does not exist', $metadata: {} });
    if (name === 'FilterPolicy' && value === '' && this.rejectEmptyPolicy) {
      throw Object.assign(new Error('Invalid parameter: FilterPolicy: Filter is not an object'), { name: 'InvalidParameter' });
    }
    if (name === 'FilterPolicy' && (value === '' || value === '{}')) delete sub.FilterPolicy;
    else sub[name] = value;
  }
}

describe('Class: SnsTools', () => {
  const snsMock = mockClient(SNSClient);
  let fake: FakeSns;
  let sets: [string, string][];

  beforeEach(() => {
    snsMock.reset();
    fake = new FakeSns();
    sets = [];
    snsMock.on(GetSubscriptionAttributesCommand).callsFake((input) => ({ Attributes: fake.get(input.SubscriptionArn) }));
    snsMock.on(SetSubscriptionAttributesCommand).callsFake((input) => {
      sets.push([input.AttributeName, input.AttributeValue]);
      fake.set(input.SubscriptionArn, input.AttributeName, input.AttributeValue);
      return {};
    });
  });

  const tools = (subscriptions: unknown = { blue: { subscriptionArn: BLUE }, green: [{ subscriptionArn: GREEN }] }, extra = {}) =>
    new SnsTools({ subscriptions, awsSdkV3Client: new SNSClient({ region: 'eu-west-1' }), ...extra } as never);

  describe('Constructor', () => {
    const bad: [string, unknown, RegExp][] = [
      ['null subscriptions', null, /subscriptions must be an object/],
      ['a missing stack', { blue: { subscriptionArn: BLUE } }, /subscriptions\.green is missing/],
      [
        'a pending subscription',
        { blue: { subscriptionArn: 'PendingConfirmation' }, green: { subscriptionArn: GREEN } },
        /subscriptions\.blue\.subscriptionArn/,
      ],
      ['a topic ARN', { blue: { subscriptionArn: TOPIC }, green: { subscriptionArn: GREEN } }, /subscriptions\.blue\.subscriptionArn/],
      ['an empty list', { blue: [], green: { subscriptionArn: GREEN } }, /subscriptions\.blue is an empty list/],
      ['a duplicate', { blue: [{ subscriptionArn: BLUE }, { subscriptionArn: BLUE }], green: { subscriptionArn: GREEN } }, /twice/],
      [
        'a bad list item',
        { blue: [{ subscriptionArn: BLUE }, { arn: BLUE }], green: { subscriptionArn: GREEN } },
        /subscriptions\.blue\[1\]\.subscriptionArn/,
      ],
    ];
    for (const [what, subscriptions, message] of bad) {
      it(`rejects ${what} with a ConfigError naming the path, before any AWS call`, () => {
        assert.throws(
          () => tools(subscriptions),
          (e: unknown) => e instanceof ConfigError && message.test(e.message),
        );
        assert.equal(snsMock.calls().length, 0);
      });
    }

    it('rejects an options object without subscriptions', () => {
      assert.throws(
        () => new SnsTools({ awsSdkV3Client: new SNSClient({}) } as never),
        (e: unknown) => e instanceof ConfigError && /subscriptions must be an object, got undefined/.test(e.message),
      );
      assert.equal(snsMock.calls().length, 0);
    });

    it('rejects a bad concurrency and a client together with clientConfig', () => {
      assert.throws(() => tools(undefined, { concurrency: 0 }), ConfigError);
      assert.throws(() => tools(undefined, { clientConfig: { region: 'eu-west-1' } }), /either awsSdkV3Client or clientConfig/);
      assert.equal(snsMock.calls().length, 0);
    });
  });

  describe('Bad stack reference', () => {
    for (const method of ['disableSubscription', 'enableSubscription', 'getSubscriptionStates'] as const) {
      it(`${method}('purple') is a ConfigError with zero AWS calls`, async () => {
        fake.add(BLUE);
        await assert.rejects(
          tools()[method]('purple' as StackReference),
          (e: unknown) => e instanceof ConfigError && /'purple'/.test(e.message),
        );
        assert.equal(snsMock.calls().length, 0);
      });
    }
  });

  describe('Method: disableSubscription / enableSubscription', () => {
    it('keeps a user filter policy byte for byte through disable → disable → enable → enable, with the exact calls', async () => {
      const policy = '{ "type":["order", "ünïcødé 🚀"],\n\t"amount" : [{"numeric": [">=", 10]}] }  ';
      fake.add(BLUE, { FilterPolicy: policy, FilterPolicyScope: 'MessageAttributes' });
      fake.add(GREEN, { FilterPolicy: policy });
      const before = fake.get(BLUE);
      const t = tools();

      const first = await t.disableSubscription(StackReference.Blue);
      assert.equal(first.outcome, 'changed');
      assert.deepEqual(
        sets.map(([n]) => n),
        ['FilterPolicy'],
        'scope is already MessageAttributes: one Set call',
      );
      const blocked = fake.get(BLUE).FilterPolicy as string;
      assert.deepEqual(Object.keys(JSON.parse(blocked)), [SNS_DISABLED_KEY]);
      assert.deepEqual(decodeBlockingPolicy(blocked), { filterPolicy: policy, filterPolicyScope: 'MessageAttributes' });

      const second = await t.disableSubscription(StackReference.Blue);
      assert.equal(second.outcome, 'already');
      assert.equal(sets.length, 1, 'no Set call the second time');
      assert.equal(fake.get(BLUE).FilterPolicy, blocked, 'not wrapped twice');

      assert.equal((await t.enableSubscription(StackReference.Blue)).outcome, 'changed');
      assert.deepEqual(sets.slice(1), [['FilterPolicy', policy]]);
      assert.equal((await t.enableSubscription(StackReference.Blue)).outcome, 'already');
      assert.equal(sets.length, 2);
      assert.deepEqual(fake.get(BLUE), before);
      assert.equal(snsMock.commandCalls(GetSubscriptionAttributesCommand).length, 4, 'one read per call');
      assert.ok(snsMock.commandCalls(GetSubscriptionAttributesCommand).every((c) => c.args[0].input.SubscriptionArn === BLUE));
    });

    it('MessageBody scope: disable writes the policy then the scope; enable writes the scope then the policy', async () => {
      const policy = '{"order":{"status":["paid"]}}';
      fake.add(BLUE, { FilterPolicy: policy, FilterPolicyScope: 'MessageBody' });
      const before = fake.get(BLUE);
      const t = tools();
      await t.disableSubscription(StackReference.Blue);
      await t.disableSubscription(StackReference.Blue);
      assert.deepEqual(
        sets.map(([n, v]) => (n === 'FilterPolicy' ? n : `${n}=${v}`)),
        ['FilterPolicy', 'FilterPolicyScope=MessageAttributes'],
      );
      await t.enableSubscription(StackReference.Blue);
      await t.enableSubscription(StackReference.Blue);
      assert.deepEqual(sets.slice(2), [
        ['FilterPolicyScope', 'MessageBody'],
        ['FilterPolicy', policy],
      ]);
      assert.deepEqual(fake.get(BLUE), before);
    });

    it('a subscription with no filter policy gets none back (FilterPolicy set to the empty string)', async () => {
      fake.add(BLUE);
      const before = fake.get(BLUE);
      const t = tools();
      await t.disableSubscription(StackReference.Blue);
      await t.disableSubscription(StackReference.Blue);
      await t.enableSubscription(StackReference.Blue);
      await t.enableSubscription(StackReference.Blue);
      assert.deepEqual(sets.at(-1), ['FilterPolicy', '']);
      assert.deepEqual(fake.get(BLUE), before);
      assert.equal(fake.get(BLUE).FilterPolicy, undefined);
    });

    it('falls back to the documented {} when SNS rejects an empty FilterPolicy', async () => {
      fake.add(BLUE);
      fake.rejectEmptyPolicy = true;
      const t = tools();
      await t.disableSubscription(StackReference.Blue);
      await t.enableSubscription(StackReference.Blue);
      assert.deepEqual(sets.slice(-2), [
        ['FilterPolicy', ''],
        ['FilterPolicy', '{}'],
      ]);
      assert.equal(fake.get(BLUE).FilterPolicy, undefined);
    });

    it('refuses a policy too large to be recorded within 256 KB, changing nothing', async () => {
      const policy = JSON.stringify({ k: ['"'.repeat(130 * 1024)] });
      fake.add(BLUE, { FilterPolicy: policy });
      await assert.rejects(tools().disableSubscription(StackReference.Blue), (e: unknown) => {
        const cause = e instanceof BatchError ? e.failures[0]?.error : e;
        return cause instanceof InvalidStateError && /too large/.test(cause.message);
      });
      assert.equal(sets.length, 0);
      assert.equal(fake.get(BLUE).FilterPolicy, policy);
    });

    it('refuses to enable a hand-edited blocking policy it cannot read', async () => {
      fake.add(BLUE, { FilterPolicy: JSON.stringify({ [SNS_DISABLED_KEY]: ['not an envelope'] }) });
      await assert.rejects(tools().enableSubscription(StackReference.Blue), (e: unknown) => {
        const cause = e instanceof BatchError ? e.failures[0]?.error : e;
        return cause instanceof InvalidStateError && /set FilterPolicy .* by hand/.test(cause.message);
      });
      assert.equal(sets.length, 0);
    });

    it('a user policy that merely uses the reserved key among others is treated as a user policy', async () => {
      const policy = JSON.stringify({ [SNS_DISABLED_KEY]: ['x'], other: ['y'] });
      fake.add(BLUE, { FilterPolicy: policy });
      const t = tools();
      assert.equal((await t.enableSubscription(StackReference.Blue)).outcome, 'already');
      await t.disableSubscription(StackReference.Blue);
      await t.enableSubscription(StackReference.Blue);
      assert.equal(fake.get(BLUE).FilterPolicy, policy);
    });

    it('a missing subscription is a ResourceNotFoundError (in a BatchError; the other subscriptions are still done)', async () => {
      const other = `${TOPIC}:33333333-3333-4333-8333-333333333333`;
      fake.add(other);
      const t = tools({ blue: [{ subscriptionArn: BLUE }, { subscriptionArn: other }], green: { subscriptionArn: GREEN } });
      await assert.rejects(t.disableSubscription(StackReference.Blue), (e: unknown) => {
        return e instanceof BatchError && e.failures.length === 1 && e.failures[0]?.error instanceof ResourceNotFoundError;
      });
      assert.ok(decodeBlockingPolicy(fake.get(other).FilterPolicy), 'the existing one was disabled');
    });

    it('other AWS errors (access denied) are passed on unchanged, nothing is written', async () => {
      fake.add(BLUE);
      const denied = Object.assign(new Error('User is not authorized to perform: SNS:GetSubscriptionAttributes'), {
        name: 'AuthorizationError',
      });
      snsMock.on(GetSubscriptionAttributesCommand).rejects(denied);
      await assert.rejects(
        tools().disableSubscription(StackReference.Blue),
        (e: unknown) => e instanceof BatchError && e.failures[0]?.error === denied,
      );
      assert.equal(sets.length, 0);
    });

    it('handles many subscriptions with at most `concurrency` calls in flight', async () => {
      const arns = Array.from({ length: 12 }, (_, i) => `${TOPIC}:${String(i).padStart(8, '0')}-0000-4000-8000-000000000000`);
      for (const arn of arns) fake.add(arn);
      let inFlight = 0;
      let peak = 0;
      snsMock.on(GetSubscriptionAttributesCommand).callsFake(async (input) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((resolve) => setImmediate(resolve));
        inFlight--;
        return { Attributes: fake.get(input.SubscriptionArn) };
      });
      const t = tools(
        { blue: arns.map((subscriptionArn) => ({ subscriptionArn })), green: { subscriptionArn: GREEN } },
        { concurrency: 3 },
      );
      const result = await t.disableSubscription(StackReference.Blue);
      assert.equal(result.subscriptions.length, 12);
      assert.deepEqual(
        result.subscriptions.map((s) => s.subscriptionArn),
        arns,
      );
      assert.equal(peak, 3);
      assert.equal(snsMock.commandCalls(GetSubscriptionAttributesCommand).length, 12);
    });
  });

  describe('Method: getSubscriptionStates', () => {
    it('reports topic, protocol, endpoint, enabled and the user policy (the recorded one while disabled)', async () => {
      fake.add(BLUE, { FilterPolicy: '{"a":["b"]}', FilterPolicyScope: 'MessageAttributes' });
      const t = tools();
      await t.disableSubscription(StackReference.Blue);
      snsMock.resetHistory();
      const [state] = await t.getSubscriptionStates(StackReference.Blue);
      assert.deepEqual(state, {
        subscriptionArn: BLUE,
        topicArn: TOPIC,
        protocol: 'sqs',
        endpoint: `arn:aws:sqs:eu-west-1:123456789012:${BLUE.slice(-4)}`,
        enabled: false,
        filterPolicy: '{"a":["b"]}',
        filterPolicyScope: 'MessageAttributes',
      });
      assert.equal(snsMock.commandCalls(GetSubscriptionAttributesCommand).length, 1);
      assert.equal(snsMock.commandCalls(SetSubscriptionAttributesCommand).length, 0);
    });
  });

  describe('Function: encodeBlockingPolicy', () => {
    it('produces a valid flat filter policy: one key, one string value (1 combination, within SNS limits)', () => {
      const policy = JSON.parse(encodeBlockingPolicy({ filterPolicy: '{"a":["b"]}', filterPolicyScope: 'MessageBody' }));
      assert.deepEqual(Object.keys(policy), [SNS_DISABLED_KEY]);
      assert.equal(policy[SNS_DISABLED_KEY].length, 1);
      assert.equal(typeof policy[SNS_DISABLED_KEY][0], 'string');
      assert.ok(!/^[A-Za-z0-9_.-]+$/.test(SNS_DISABLED_KEY), 'the key is not a legal message attribute name');
    });
  });
});
