/**
 * Seeded fault injection and the call log of the account-true proxy.
 *
 * Fault kinds:
 * - `throttle`: the service's real throttling error ({@link throttlingError}), nothing forwarded;
 * - `server-error`: the service's real 5xx ({@link serverError}), nothing forwarded;
 * - `reset-before`: the connection is reset before the request reaches moto (nothing applied);
 * - `reset-after`: the request is forwarded and applied in moto, then the connection is reset (the response is lost).
 *
 * The SDK retries all four (throttling, 5xx and connection errors are transient for its standard retry strategy),
 * so a fault seen by a tool is a fault its retry budget did not absorb.
 */

import { seededRandom } from '../seeded-random.js';
import type { AwsCall } from './wire.js';

export { seededRandom };

/** What a fault does (see the module comment). */
export type FaultKind = 'throttle' | 'server-error' | 'reset-before' | 'reset-after';

/** Which calls a fault hits and how often. */
export interface FaultRule {
  kind: FaultKind;
  /** SigV4 service name (`sns`, `sqs`, `lambda`, `rds`, `dynamodb`, `monitoring`, `ecs`, …); default every service. */
  service?: string;
  /** Operation name (`UpdateEventSourceMapping`, `StartDBCluster`, …); default every operation. */
  operation?: string;
  /** Only mutating calls (default `false`). */
  mutatingOnly?: boolean;
  /** Probability per matching call, drawn from the world's seeded generator (default 1). */
  rate?: number;
  /** At most this many injections (default unlimited). */
  times?: number;
  /** Skip the first `after` matching calls (default 0). */
  after?: number;
  /** Only while this says so (for example: while one runbook step runs, not during its undo). Default: always. */
  when?: () => boolean;
}

/** One call that arrived at the proxy. */
export interface LoggedCall {
  service: string;
  operation: string;
  mutating: boolean;
  /** The fault injected into it, if any. */
  fault?: FaultKind;
  /** Whether it reached moto (false for throttle, server-error, reset-before and calls the models answered alone). */
  forwarded: boolean;
  /** The resource it names, when it names one (TableName, QueueUrl, SubscriptionArn, DBClusterIdentifier, mapping UUID, …). */
  resource?: string;
  /** The caller's `customUserAgent` tag (`bluegreen-client/<tag>` in the User-Agent), to tell two callers apart. */
  client?: string;
  /** When it arrived (epoch ms). */
  at: number;
  /** How long the proxy took to answer it (ms; unset for resets). */
  ms?: number;
}

interface ActiveRule extends FaultRule {
  seen: number;
  injected: number;
}

/** The fault plan of a world: rules can be added and cleared per test. */
export class FaultPlan {
  readonly #rules: ActiveRule[] = [];

  constructor(private readonly random: () => number) {}

  /** Adds rules (kept until {@link clear}). */
  add(...rules: FaultRule[]): void {
    for (const rule of rules) this.#rules.push({ ...rule, seen: 0, injected: 0 });
  }

  /** Removes every rule. */
  clear(): void {
    this.#rules.length = 0;
  }

  /** How many faults each rule injected, in the order the rules were added. */
  injected(): number[] {
    return this.#rules.map((r) => r.injected);
  }

  /** The fault for this call, if a rule hits it (the first matching rule that fires). */
  pick(call: Pick<AwsCall, 'service' | 'operation' | 'mutating'>): FaultKind | undefined {
    for (const rule of this.#rules) {
      if (rule.service !== undefined && rule.service !== call.service) continue;
      if (rule.operation !== undefined && rule.operation !== call.operation) continue;
      if (rule.mutatingOnly && !call.mutating) continue;
      if (rule.when && !rule.when()) continue;
      rule.seen += 1;
      if (rule.seen <= (rule.after ?? 0)) continue;
      if (rule.times !== undefined && rule.injected >= rule.times) continue;
      if (this.random() >= (rule.rate ?? 1)) continue;
      rule.injected += 1;
      return rule.kind;
    }
    return undefined;
  }
}

/** The calls that arrived, with counts per service/operation. */
export class CallLog {
  readonly calls: LoggedCall[] = [];

  record(call: LoggedCall): void {
    this.calls.push(call);
  }

  /** Mutating calls that arrived (whether or not a fault hit them). */
  mutating(): LoggedCall[] {
    return this.calls.filter((c) => c.mutating);
  }

  /** `{ "sns.SetSubscriptionAttributes": 2, … }` for the calls that match `filter` (default: mutating calls). */
  counts(filter: (call: LoggedCall) => boolean = (c) => c.mutating): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const call of this.calls.filter(filter)) {
      const key = `${call.service}.${call.operation}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  /** Calls per service (every call, reads included). */
  perService(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const call of this.calls) counts[call.service] = (counts[call.service] ?? 0) + 1;
    return counts;
  }

  clear(): void {
    this.calls.length = 0;
  }
}
