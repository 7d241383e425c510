import type { ScaledClock } from './clock.js';
import type { Answer, AwsCall } from './wire.js';

/** What every service model gets from the world. */
export interface ModelContext {
  clock: ScaledClock;
  /** The world's seeded generator. */
  random: () => number;
  /** SDK client config that talks to moto directly (the models' own calls are not logged and never faulted). */
  motoConfig: Record<string, unknown>;
}

/** A service model: answers (or rewrites the answer to) the calls it models; `undefined` lets the call through unchanged. */
export interface ServiceModel {
  handle(call: AwsCall, forward: () => Promise<Answer>): Promise<Answer | undefined>;
  /** Ends every modelled transition now (pending changes applied, final states reported). */
  settle(): Promise<void>;
  close?(): void;
}
