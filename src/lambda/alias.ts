// getAlias / getVersion: the alias reads of `bluegreen-toolkit/lambda`, standalone so that a hook that only toggles
// mappings does not carry them.
import { GetAliasCommand } from '@aws-sdk/client-lambda';
import { ConfigError, InvalidStateError, isAwsError, ResourceNotFoundError, type StackReference } from '../core/index.js';
import { parseAliasName } from './config.js';
import type { LambdaTools } from './lambda-tools.js';
import type { AliasInfo, VersionInfo } from './types.js';

/**
 * Reads an alias of the stack's function (GetAlias).
 *
 * @param lambda - the LambdaTools of the stack pair.
 * @param ref - the stack.
 * @param name - the alias name.
 * @returns the alias, with its additional version weights.
 * @throws {@link bluegreen-toolkit!ResourceNotFoundError} when the function or alias does not exist; {@link bluegreen-toolkit!ConfigError} for bad
 *   arguments (nothing is called).
 *
 * @remarks IAM: `lambda:GetAlias`.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { getAlias, LambdaTools } from 'bluegreen-toolkit/lambda';
 *
 * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
 * const alias = await getAlias(lambda, StackReference.Green, 'live');
 * ```
 */
export async function getAlias(lambda: LambdaTools, ref: StackReference, name: string): Promise<AliasInfo> {
  const ops = lambda.operations;
  const stack = ops.parseRef(ref);
  const aliasName = parseAliasName(name, 'name');
  const fn = ops.fns.fn(stack);
  try {
    const alias = await lambda.lambda.send(new GetAliasCommand({ FunctionName: fn.functionName, Name: aliasName }));
    const info: AliasInfo = {
      name: alias.Name ?? aliasName,
      aliasArn: alias.AliasArn ?? '',
      functionVersion: alias.FunctionVersion ?? '',
      routingWeights: { ...(alias.RoutingConfig?.AdditionalVersionWeights ?? {}) },
    };
    if (alias.Description) info.description = alias.Description;
    return info;
  } catch (error) {
    if (isAwsError(error, 'ResourceNotFoundException')) {
      throw new ResourceNotFoundError(`Alias ${aliasName} of function ${fn.name} does not exist.`, {
        resource: `${fn.name}:${aliasName}`,
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * The published version the configured alias points at, with its canary routing weights. Never `$LATEST` by
 * accident: an alias that points at `$LATEST` is an {@link bluegreen-toolkit!InvalidStateError} (publish a version and point the
 * alias at it), and without a configured alias this is a {@link bluegreen-toolkit!ConfigError}.
 *
 * @param lambda - the LambdaTools of the stack pair.
 * @param ref - the stack.
 * @returns `{ version, routingWeights, alias }`.
 * @throws {@link bluegreen-toolkit!ConfigError} when no alias is configured (nothing is called); {@link bluegreen-toolkit!InvalidStateError} when the
 *   alias points at `$LATEST`; {@link bluegreen-toolkit!ResourceNotFoundError} when the alias does not exist.
 *
 * @remarks IAM: `lambda:GetAlias`.
 *
 * @example
 * ```ts
 * import { StackReference } from 'bluegreen-toolkit';
 * import { getVersion, LambdaTools } from 'bluegreen-toolkit/lambda';
 *
 * const lambda = new LambdaTools({ functions, clientConfig: { region: 'eu-west-1' } });
 * const { version, routingWeights } = await getVersion(lambda, StackReference.Green); // '42', { '43': 0.1 }
 * ```
 */
export async function getVersion(lambda: LambdaTools, ref: StackReference): Promise<VersionInfo> {
  const ops = lambda.operations;
  const stack = ops.parseRef(ref);
  const fn = ops.fns.fn(stack);
  if (fn.alias === undefined) {
    throw new ConfigError(`getVersion needs an alias: set functions.${stack}.alias (for example 'live').`);
  }
  const alias = await getAlias(lambda, stack, fn.alias);
  if (alias.functionVersion === '$LATEST') {
    throw new InvalidStateError(
      `Alias ${fn.alias} of ${fn.name} points at $LATEST, not a published version: publish a version and point the alias at it.`,
      { state: alias },
    );
  }
  return { version: alias.functionVersion, routingWeights: alias.routingWeights, alias: fn.alias };
}
