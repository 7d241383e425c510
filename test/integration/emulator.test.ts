import { strict as assert } from 'node:assert';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createAwsClient, DryRunRecorder } from '../../src/index.js';
import { useEmulator } from '../support/use-emulator.js';

describe('Local AWS emulator', () => {
  const aws = useEmulator({ resetEach: true });

  it('creates a queue through the real SDK over HTTP and reads it back', async () => {
    const sqs = createAwsClient(SQSClient, { clientConfig: aws.clientConfig() });
    const created = await sqs.send(new CreateQueueCommand({ QueueName: 'emulator-check', Attributes: { DelaySeconds: '3' } }));
    const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'emulator-check' }));
    assert.equal(QueueUrl, created.QueueUrl);
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'hello', DelaySeconds: 0 }));
    const attrs = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }));
    assert.equal(attrs.Attributes?.DelaySeconds, '3');
    assert.equal(attrs.Attributes?.ApproximateNumberOfMessages, '1');
  });

  it('reset clears every resource', async () => {
    const sqs = new SQSClient(aws.clientConfig());
    await sqs.send(new CreateQueueCommand({ QueueName: 'to-be-reset' }));
    await aws.reset();
    await assert.rejects(sqs.send(new GetQueueUrlCommand({ QueueName: 'to-be-reset' })), (e: Error) => e.name === 'QueueDoesNotExist');
  });

  it('dry-run lets reads through and records mutations without sending them (counted at the emulator)', async () => {
    const recorder = new DryRunRecorder();
    const real = new SQSClient(aws.clientConfig());
    await real.send(new CreateQueueCommand({ QueueName: 'exists' }));
    const dry = createAwsClient(SQSClient, { clientConfig: aws.clientConfig() }, { dryRun: recorder });
    const { QueueUrl } = await dry.send(new GetQueueUrlCommand({ QueueName: 'exists' }));
    assert.ok(QueueUrl?.endsWith('/exists'));
    await dry.send(new CreateQueueCommand({ QueueName: 'never-created' }));
    await dry.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }));
    assert.deepEqual(
      recorder.calls.map((c) => c.operation),
      ['CreateQueue', 'SendMessage'],
    );
    await assert.rejects(real.send(new GetQueueUrlCommand({ QueueName: 'never-created' })), (e: Error) => e.name === 'QueueDoesNotExist');
    const attrs = await real.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    assert.equal(attrs.Attributes?.ApproximateNumberOfMessages, '0');
  });
});
