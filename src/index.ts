/**
 * The root entry of `bluegreen-toolkit`: stack references and pairs, errors, waiting, bounded concurrency, client
 * options, dry-run and logging. It imports no AWS SDK client; each service has its own subpath
 * (`bluegreen-toolkit/sqs`, `bluegreen-toolkit/aurora`, ...).
 *
 * @example
 * ```ts
 * import { StackReference, opposite, parseStackReference } from 'bluegreen-toolkit';
 *
 * const target = parseStackReference(process.argv[2]);
 * console.log(`flipping ${opposite(target)} → ${target}`);
 * ```
 *
 * @packageDocumentation
 * @module bluegreen-toolkit
 */
export * from './core/index.js';
