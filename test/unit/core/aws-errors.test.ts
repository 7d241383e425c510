import { strict as assert } from 'node:assert';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { SQSServiceException } from '@aws-sdk/client-sqs';
import { isRetryableAwsError } from '../../../src/index.js';

/** An SDK service exception as the v3 client throws it: name, $fault, $metadata (and, for SQS, the legacy Code). */
function sdkError(name: string, status: number, fault: 'client' | 'server', extra: object = {}) {
  return Object.assign(new SQSServiceException({ name, $fault: fault, message: name, $metadata: { httpStatusCode: status } }), extra);
}

describe('Module: core/aws-errors', () => {
  describe('Function: isRetryableAwsError (the SDK service-error classification, @smithy/core/retry)', () => {
    const retryable: [string, unknown][] = [
      [
        'DynamoDB ProvisionedThroughputExceededException (400)',
        new ProvisionedThroughputExceededException({ message: 'x', $metadata: { httpStatusCode: 400 } }),
      ],
      ['ThrottlingException (400, JSON protocols)', sdkError('ThrottlingException', 400, 'client')],
      [
        'SQS RequestThrottled with its legacy code AWS.SimpleQueueService.RequestThrottled',
        sdkError('RequestThrottled', 403, 'client', { Code: 'AWS.SimpleQueueService.RequestThrottled' }),
      ],
      [
        'an older shape with only __type (…#ProvisionedThroughputExceededException)',
        { __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException' },
      ],
      ['HTTP 429 under any name', sdkError('TooManyRequests', 429, 'client')],
      ['503 ServiceUnavailable', sdkError('ServiceUnavailable', 503, 'server')],
      ['501, a 5xx that is not transient (isServerError)', sdkError('NotImplemented', 501, 'server')],
      ["a modelled server fault without a status ($fault: 'server')", { name: 'InternalServerError', $fault: 'server' }],
      ['the modelled retryable trait ($retryable)', { name: 'ResourceInUse', $retryable: { throttling: false } }],
      ['a connection reset (ECONNRESET)', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
      ['a DNS failure (EAI_AGAIN)', Object.assign(new Error('getaddrinfo EAI_AGAIN'), { code: 'EAI_AGAIN' })],
      ['the SDK TimeoutError', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
    ];
    for (const [what, error] of retryable) {
      it(`retries ${what}`, () => assert.equal(isRetryableAwsError(error), true));
    }

    const final: [string, unknown][] = [
      ['ValidationException (400)', sdkError('ValidationException', 400, 'client')],
      ['AccessDeniedException (400)', sdkError('AccessDeniedException', 400, 'client')],
      ['QueueDoesNotExist', sdkError('QueueDoesNotExist', 400, 'client', { Code: 'AWS.SimpleQueueService.NonExistentQueue' })],
      ['an aborted call (AbortError)', Object.assign(new Error('aborted'), { name: 'AbortError' })],
      ['a string', 'ThrottlingException'],
      ['null', null],
    ];
    for (const [what, error] of final) {
      it(`does not retry ${what}`, () => assert.equal(isRetryableAwsError(error), false));
    }
  });
});
