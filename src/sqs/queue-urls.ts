import { GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { isAwsError, ResourceNotFoundError } from '../core/index.js';
import { NOT_FOUND, type QueueTarget } from './sqs-types.js';

/** Queue URLs from GetQueueUrl (never built by hand), cached per (owner account, name). */
export class QueueUrls {
  readonly #cache = new Map<string, string>();

  constructor(private readonly client: SQSClient) {}

  /** The URL of a queue (GetQueueUrl with `QueueOwnerAWSAccountId`, once per queue). */
  async resolve(target: QueueTarget): Promise<string> {
    const key = `${target.ownerAccountId ?? ''}/${target.queueName}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    let url: string | undefined;
    try {
      ({ QueueUrl: url } = await this.client.send(
        new GetQueueUrlCommand({ QueueName: target.queueName, QueueOwnerAWSAccountId: target.ownerAccountId }),
      ));
    } catch (error) {
      throw this.translate(error, target);
    }
    if (!url) throw new ResourceNotFoundError(`GetQueueUrl returned no URL for queue ${target.queueName}.`, { resource: target.queueName });
    this.#cache.set(key, url);
    return url;
  }

  /** A not-found error as a ResourceNotFoundError naming the queue (and dropping its cached URL); others unchanged. */
  translate(error: unknown, target: QueueTarget): unknown {
    if (!isAwsError(error, ...NOT_FOUND)) return error;
    this.#cache.delete(`${target.ownerAccountId ?? ''}/${target.queueName}`);
    const what = target.role === 'dlq' ? 'dead-letter queue' : 'queue';
    return new ResourceNotFoundError(
      `The ${what} ${target.queueName} does not exist${target.ownerAccountId ? ` in account ${target.ownerAccountId}` : ''}: check the queues configuration of SqsTools and the client's region.`,
      { resource: target.queueName, cause: error },
    );
  }
}
