import { strict as assert } from 'node:assert';
import { ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { SQSServiceException } from '@aws-sdk/client-sqs';
import { isServerError, isThrottlingError, isTransientError } from '@smithy/core/retry';
import { isRetryableAwsError } from '../../../src/index.js';

/** An SDK service exception as the v3 client throws it: name, $fault, $metadata (and, for SQS, the legacy Code). */
function sdkError(name: string, status: number, fault: 'client' | 'server', extra: object = {}) {
  return Object.assign(new SQSServiceException({ name, $fault: fault, message: name, $metadata: { httpStatusCode: status } }), extra);
}

describe('Module: core/aws-errors', () => {
  describe('Function: isRetryableAwsError (the standard retry mode, Boto3 guide "Retries")', () => {
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
      ['an error whose cause is a connection reset', new Error('send failed', { cause: Object.assign(new Error('x'), { code: 'EPIPE' }) })],
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

  // The list is ours (so an SDK-external bundle does not carry @smithy/core); the SDK's own classifiers are the reference.
  describe('Function: isRetryableAwsError agrees with the v3 SDK classifiers (@smithy/core/retry) on every listed code', () => {
    const names = [
      ...'RequestTimeout RequestTimeoutException TimeoutError PriorRequestNotComplete Throttling ThrottlingException'.split(' '),
      ...'ThrottledException RequestThrottledException TooManyRequestsException ProvisionedThroughputExceededException'.split(' '),
      ...'TransactionInProgressException RequestLimitExceeded BandwidthLimitExceeded LimitExceededException'.split(' '),
      ...'RequestThrottled SlowDown EC2ThrottledException ValidationException ResourceNotFoundException'.split(' '),
      ...'ConditionalCheckFailedException InvalidParameterValue ResourceConflictException'.split(' '),
    ];
    type SdkError = Parameters<typeof isThrottlingError>[0];
    const sdk = (error: object) => {
      const e = error as SdkError;
      return isThrottlingError(e) || isTransientError(e) || isServerError(e);
    };
    for (const name of names) {
      for (const status of [400, 429, 500, 503, 501]) {
        it(`${name} with HTTP ${status}`, () => {
          const modelled = sdkError(name, status, status >= 500 ? 'server' : 'client');
          const bare = Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
          assert.equal(isRetryableAwsError(bare), sdk(bare), `${name}/${status} without $fault`);
          assert.equal(isRetryableAwsError(modelled), sdk(modelled), `${name}/${status} as the SDK throws it`);
        });
      }
    }
    for (const code of 'ECONNRESET ECONNREFUSED EPIPE ETIMEDOUT EHOSTUNREACH ENETUNREACH ENOTFOUND EAI_AGAIN EACCES'.split(' ')) {
      it(`a socket error ${code}`, () => {
        const error = Object.assign(new Error(code), { code, $metadata: {} });
        assert.equal(isRetryableAwsError(error), sdk(error));
      });
    }
  });
});
