import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import {
  InvalidStateError,
  isAwsError,
  type Pair,
  parseStackReference,
  ResourceNotFoundError,
  type StackReference,
} from '../core/index.js';
import type { ResolvedFunction } from './config.js';

/** The two stacks' functions: their ARNs (looked up once) and the forms mappings may use. */
export class FunctionResolver {
  readonly #arns = new Map<StackReference, Promise<string>>();
  readonly #lambda: LambdaClient;
  /** Both stacks' validated functions (validated as a pair by parseFunctions). */
  readonly functions: Pair<ResolvedFunction>;

  constructor(lambda: LambdaClient, functions: Pair<ResolvedFunction>) {
    this.#lambda = lambda;
    this.functions = functions;
  }

  /** The validated function configuration of a stack. */
  fn(stack: StackReference): ResolvedFunction {
    return this.functions[parseStackReference(stack)];
  }

  /** The FunctionName forms mappings may have been created with. */
  async forms(stack: StackReference): Promise<string[]> {
    const fn = this.fn(stack);
    const arn = await this.arn(stack);
    // Four distinct strings: the plain name never equals the ARN.
    return fn.alias === undefined ? [fn.name, arn] : [fn.name, arn, `${fn.name}:${fn.alias}`, `${arn}:${fn.alias}`];
  }

  /** The unqualified function ARN (configured, or looked up once with GetFunctionConfiguration). */
  arn(stack: StackReference): Promise<string> {
    const fn = this.fn(stack);
    if (fn.configuredArn !== undefined) return Promise.resolve(fn.configuredArn);
    let cached = this.#arns.get(stack);
    if (!cached) {
      cached = this.#lambda
        .send(new GetFunctionConfigurationCommand({ FunctionName: fn.name }))
        .then((config) => {
          const arn = config.FunctionArn;
          if (!arn) throw new InvalidStateError(`GetFunctionConfiguration returned no FunctionArn for ${fn.name}.`, { state: config });
          // Without a qualifier AWS returns the unqualified ARN; strip a qualifier defensively.
          const parts = arn.split(':');
          return parts.length > 7 ? parts.slice(0, 7).join(':') : arn;
        })
        .catch((error: unknown) => {
          this.#arns.delete(stack);
          if (isAwsError(error, 'ResourceNotFoundException')) {
            throw new ResourceNotFoundError(`Function ${fn.name} (functions.${stack}) does not exist.`, {
              resource: fn.name,
              cause: error,
            });
          }
          throw error;
        });
      this.#arns.set(stack, cached);
    }
    return cached;
  }
}
