/**
 * SQS's eventually consistent queue counters, modelled in front of moto.
 *
 * AWS: the ApproximateNumberOfMessages* attributes "may not achieve consistency until at least 1 minute after the
 * producers stop sending messages" ({@link SQS_APPROXIMATE_ATTRIBUTES_LAG_SECONDS}). moto counts exactly and at once.
 *
 * The model: a sampler reads moto's true counters of every queue the proxy has seen (any SQS call naming its
 * `QueueUrl`) every `lag / 10`; `GetQueueAttributes` answers the three Approximate* attributes with the true value as
 * it was `lag` ago (the oldest sample when the queue is younger than that). Everything else is moto's answer. So a
 * reader sees a queue empty up to a minute after messages arrived, and non-empty up to a minute after it was drained.
 */
import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { SQS_APPROXIMATE_ATTRIBUTES, SQS_APPROXIMATE_ATTRIBUTES_LAG_SECONDS } from './constants.js';
import type { ModelContext, ServiceModel } from './model.js';
import type { Answer, AwsCall } from './wire.js';

/** Options of the SQS model. */
export interface SqsModelOptions {
  /** How far behind the Approximate* attributes are, AWS seconds (default {@link SQS_APPROXIMATE_ATTRIBUTES_LAG_SECONDS}). */
  lag?: number;
}

type Counters = Record<(typeof SQS_APPROXIMATE_ATTRIBUTES)[number], string>;

interface Sample {
  at: number;
  counters: Counters;
}

/** The SQS model (see the module comment). */
export class SqsLag implements ServiceModel {
  readonly #history = new Map<string, Sample[]>();
  readonly #sqs: SQSClient;
  #lagMs: number;
  #timer: NodeJS.Timeout | undefined;
  #sampling = false;

  constructor(
    private readonly ctx: ModelContext,
    options: SqsModelOptions = {},
  ) {
    // useQueueUrlAsEndpoint: false, or the SDK would send to the QueueUrl's host, which is the proxy.
    this.#sqs = new SQSClient({ ...ctx.motoConfig, maxAttempts: 1, useQueueUrlAsEndpoint: false });
    this.#lagMs = ctx.clock.ms(options.lag ?? SQS_APPROXIMATE_ATTRIBUTES_LAG_SECONDS);
  }

  /** Queue URLs the sampler follows. */
  queues(): string[] {
    return [...this.#history.keys()];
  }

  async handle(call: AwsCall, forward: () => Promise<Answer>): Promise<Answer | undefined> {
    if (call.service !== 'sqs') return undefined;
    const url = typeof call.input.QueueUrl === 'string' ? call.input.QueueUrl : undefined;
    if (url) await this.follow(url);
    if (call.operation !== 'GetQueueAttributes' || !url) return undefined;
    const answer = await forward();
    if (answer.status !== 200) return answer;
    const body = JSON.parse(answer.body.toString('utf8')) as { Attributes?: Record<string, string> };
    const stale = this.#at(url, this.ctx.clock.now() - this.#lagMs);
    if (body.Attributes && stale) {
      for (const name of SQS_APPROXIMATE_ATTRIBUTES) if (name in body.Attributes) body.Attributes[name] = stale[name];
    }
    return { ...answer, body: Buffer.from(JSON.stringify(body)) };
  }

  /** Forgets the past: the counters read right after this are exact (as if the producers had stopped a minute ago). */
  async settle(): Promise<void> {
    for (const url of this.#history.keys()) {
      const counters = await this.#read(url);
      if (counters) this.#history.set(url, [{ at: this.ctx.clock.now(), counters }]);
    }
  }

  close(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Starts sampling a queue's true counters (done by itself for every queue an SQS call through the proxy names). */
  async follow(url: string): Promise<void> {
    if (this.#history.has(url)) return;
    const counters = await this.#read(url);
    if (!counters) return;
    this.#history.set(url, [{ at: this.ctx.clock.now(), counters }]);
    if (!this.#timer) {
      this.#timer = setInterval(() => void this.#sample(), Math.max(20, this.#lagMs / 10));
      this.#timer.unref();
    }
  }

  async #sample(): Promise<void> {
    if (this.#sampling) return;
    this.#sampling = true;
    try {
      const now = this.ctx.clock.now();
      for (const [url, samples] of this.#history) {
        const counters = await this.#read(url);
        if (!counters) continue;
        samples.push({ at: now, counters });
        // Keep one sample older than the lag window, drop the rest of the past.
        while (samples.length > 2 && (samples[1]?.at ?? now) <= now - this.#lagMs) samples.shift();
      }
    } finally {
      this.#sampling = false;
    }
  }

  #at(url: string, time: number): Counters | undefined {
    const samples = this.#history.get(url) ?? [];
    let found = samples[0]?.counters;
    for (const sample of samples) {
      if (sample.at > time) break;
      found = sample.counters;
    }
    return found;
  }

  async #read(url: string): Promise<Counters | undefined> {
    try {
      const { Attributes = {} } = await this.#sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [...SQS_APPROXIMATE_ATTRIBUTES] }),
      );
      return Object.fromEntries(SQS_APPROXIMATE_ATTRIBUTES.map((n) => [n, Attributes[n] ?? '0'])) as Counters;
    } catch {
      return undefined; // a queue that does not exist (yet): moto answers the real call with its own error
    }
  }
}
