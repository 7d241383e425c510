/**
 * DynamoDB conditional writes made atomic, as in DynamoDB and unlike moto.
 *
 * AWS: a conditional write (PutItem/UpdateItem/DeleteItem with a ConditionExpression) evaluates the condition against
 * the item and applies the write as one operation: of two concurrent conditional writes that both require the item to
 * be absent, exactly one succeeds and the other gets ConditionalCheckFailedException (Amazon DynamoDB Developer Guide,
 * "Condition expressions" / "Conditional writes",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.ConditionExpressions.html).
 * moto server handles requests on several threads and checks the condition and writes without a lock, so two
 * concurrent writers can both pass the condition. The model serialises every item write per table (the flip's lease
 * relies on this).
 */
import { Lock } from './clock.js';
import type { ServiceModel } from './model.js';
import type { Answer, AwsCall } from './wire.js';

const ITEM_WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'TransactWriteItems', 'BatchWriteItem']);

/** The DynamoDB model (see the module comment). */
export class AtomicConditionalWrites implements ServiceModel {
  readonly #locks = new Map<string, Lock>();

  async handle(call: AwsCall, forward: () => Promise<Answer>): Promise<Answer | undefined> {
    if (call.service !== 'dynamodb' || !ITEM_WRITES.has(call.operation)) return undefined;
    const table = typeof call.input.TableName === 'string' ? call.input.TableName : '*';
    let lock = this.#locks.get(table);
    if (!lock) {
      lock = new Lock();
      this.#locks.set(table, lock);
    }
    return lock.run(forward);
  }

  async settle(): Promise<void> {}
}
