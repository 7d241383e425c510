/**
 * Lambda event source mapping state transitions, modelled in front of moto (moto switches `Enabled` ↔ `Disabled` at
 * once).
 *
 * AWS: a mapping's State is one of `Creating`, `Enabling`, `Enabled`, `Disabling`, `Disabled`, `Updating`, `Deleting`
 * ({@link LAMBDA_ESM_STATES}); updating a mapping that is not settled is refused: "ResourceInUseException — The
 * operation conflicts with the resource's availability. For example, you tried to update an event source mapping in
 * the CREATING state" (HTTP 400; AWS Lambda API Reference, UpdateEventSourceMapping, Errors).
 *
 * The model: after `CreateEventSourceMapping` the mapping reports `Creating`, after `UpdateEventSourceMapping` that
 * switches `Enabled` it reports `Enabling`/`Disabling`, after any other update `Updating`, each for a seeded
 * {@link LAMBDA_ESM_TRANSITION_SECONDS} (an assumption: AWS gives no figure); then moto's (final) state. While a
 * mapping is in transition, UpdateEventSourceMapping and DeleteEventSourceMapping get ResourceInUseException.
 * Lambda's poller (what a consumer harness follows, {@link EsmStates.polling}) runs in `Enabled`, and in `Disabling`
 * and `Updating` while it has not stopped yet; not in `Creating`, `Enabling` or `Disabled`.
 */
import { GetEventSourceMappingCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { type Duration, draw } from './clock.js';
import { LAMBDA_ESM_TRANSITION_SECONDS } from './constants.js';
import type { ModelContext, ServiceModel } from './model.js';
import { type Answer, type AwsCall, errorAnswer } from './wire.js';

/** Options of the Lambda model. */
export interface LambdaModelOptions {
  /** How long each transition lasts, AWS seconds (default {@link LAMBDA_ESM_TRANSITION_SECONDS}). */
  transition?: Duration;
}

type Mapping = Record<string, unknown> & { UUID?: string; State?: string };

interface Transition {
  state: 'Creating' | 'Enabling' | 'Disabling' | 'Updating';
  until: number;
  /** Whether the poller was running before the transition (for Disabling/Updating). */
  wasPolling: boolean;
}

/** The Lambda model (see the module comment). */
export class EsmStates implements ServiceModel {
  readonly #transitions = new Map<string, Transition>();
  readonly #lambda: LambdaClient;
  #transition: Duration;

  constructor(
    private readonly ctx: ModelContext,
    options: LambdaModelOptions = {},
  ) {
    this.#lambda = new LambdaClient({ ...ctx.motoConfig, maxAttempts: 1 });
    this.#transition = options.transition ?? LAMBDA_ESM_TRANSITION_SECONDS;
  }

  configure(options: LambdaModelOptions): void {
    if (options.transition !== undefined) this.#transition = options.transition;
  }

  /** The modelled transition of a mapping, or `undefined` when it has reached its final state. */
  transitionOf(uuid: string): Transition['state'] | undefined {
    const t = this.#transitions.get(uuid);
    if (t && t.until > this.ctx.clock.now()) return t.state;
    this.#transitions.delete(uuid);
    return undefined;
  }

  /** Whether Lambda's poller for this mapping is running now (see the module comment). */
  async polling(uuid: string): Promise<boolean> {
    const t = this.transitionOf(uuid);
    if (t === 'Creating' || t === 'Enabling') return false;
    if (t === 'Disabling' || t === 'Updating') return (this.#transitions.get(uuid) as Transition).wasPolling;
    return (await this.#read(uuid))?.State === 'Enabled';
  }

  async handle(call: AwsCall, forward: () => Promise<Answer>): Promise<Answer | undefined> {
    if (call.service !== 'lambda' || !call.operation.includes('EventSourceMapping')) return undefined;
    const uuid = call.resourceId ?? '';
    if ((call.operation === 'UpdateEventSourceMapping' || call.operation === 'DeleteEventSourceMapping') && this.transitionOf(uuid)) {
      return errorAnswer(call, {
        code: 'ResourceInUseException',
        status: 400,
        message: `Cannot update the event source mapping ${uuid}: it is in state ${this.transitionOf(uuid)}. The operation conflicts with the resource's availability.`,
        fault: 'Sender',
      });
    }
    const before = call.operation === 'UpdateEventSourceMapping' ? await this.#read(uuid) : undefined;
    const answer = await forward();
    if (answer.status < 200 || answer.status >= 300) return answer;
    const body = JSON.parse(answer.body.toString('utf8') || '{}') as Mapping & { EventSourceMappings?: Mapping[] };
    if (call.operation === 'CreateEventSourceMapping' && body.UUID) this.#start(body.UUID, 'Creating', false);
    if (call.operation === 'UpdateEventSourceMapping' && before) {
      const wasPolling = before.State === 'Enabled';
      const enabled = call.input.Enabled;
      const others = Object.keys(call.input).filter((k) => k !== 'Enabled' && k !== 'UUID');
      if (typeof enabled === 'boolean' && enabled !== wasPolling) this.#start(uuid, enabled ? 'Enabling' : 'Disabling', wasPolling);
      else if (others.length > 0) this.#start(uuid, 'Updating', wasPolling);
    }
    if (call.operation === 'DeleteEventSourceMapping') {
      this.#transitions.delete(uuid);
      body.State = 'Deleting';
    }
    this.#rewrite(body);
    for (const mapping of body.EventSourceMappings ?? []) this.#rewrite(mapping);
    return { ...answer, body: Buffer.from(JSON.stringify(body)) };
  }

  async settle(): Promise<void> {
    this.#transitions.clear();
  }

  #start(uuid: string, state: Transition['state'], wasPolling: boolean): void {
    const until = this.ctx.clock.now() + this.ctx.clock.ms(draw(this.#transition, this.ctx.random));
    this.#transitions.set(uuid, { state, until, wasPolling });
  }

  #rewrite(mapping: Mapping): void {
    const state = mapping.UUID ? this.transitionOf(mapping.UUID) : undefined;
    if (state) mapping.State = state;
  }

  async #read(uuid: string): Promise<Mapping | undefined> {
    try {
      return (await this.#lambda.send(new GetEventSourceMappingCommand({ UUID: uuid }))) as unknown as Mapping;
    } catch {
      return undefined;
    }
  }
}
