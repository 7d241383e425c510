import { BatchError, type BatchFailure } from '../core/index.js';

/**
 * Sends names in batches while they are still being discovered: a batch goes out as soon as `size` names are waiting
 * (so the calls overlap the next DescribeAlarms page instead of waiting for the last one), the remainder on
 * {@link BatchPipeline.finish}. Each name is sent once, never an empty batch, at most `limit` calls in flight. A failed
 * call does not stop the others; `finish` then throws a {@link BatchError} listing every failed batch.
 */
export class BatchPipeline {
  readonly #size: number;
  readonly #limit: number;
  readonly #send: (names: string[]) => Promise<unknown>;
  readonly #queued = new Set<string>();
  #buffer: string[] = [];
  #batches = 0;
  #running = 0;
  readonly #waiting: (() => void)[] = [];
  readonly #tasks: Promise<void>[] = [];
  readonly #failures: BatchFailure<string[]>[] = [];

  constructor(size: number, limit: number, send: (names: string[]) => Promise<unknown>) {
    this.#size = size;
    this.#limit = limit;
    this.#send = send;
  }

  /** Every name queued so far (each once), in the order it was added. */
  get names(): string[] {
    return [...this.#queued];
  }

  /** Whether `name` was queued. */
  has(name: string): boolean {
    return this.#queued.has(name);
  }

  /** Queues names (a name already queued is ignored); full batches are sent at once. */
  add(names: Iterable<string>): void {
    for (const name of names) {
      if (this.#queued.has(name)) continue;
      this.#queued.add(name);
      this.#buffer.push(name);
    }
    while (this.#buffer.length >= this.#size) this.#dispatch(this.#buffer.splice(0, this.#size));
  }

  /** Waits for every call in flight without sending the remainder (after a failed read). */
  async settle(): Promise<void> {
    this.#buffer = [];
    await Promise.all(this.#tasks);
  }

  /** Sends the remainder, waits for every call, and throws a {@link BatchError} when some failed. */
  async finish(): Promise<void> {
    if (this.#buffer.length > 0) this.#dispatch(this.#buffer.splice(0));
    await Promise.all(this.#tasks);
    if (this.#failures.length > 0) {
      const failures = [...this.#failures].sort((a, b) => a.index - b.index);
      const first = failures[0]?.error;
      const firstMessage = first instanceof Error ? first.message : String(first);
      throw new BatchError<string[], unknown>(`${failures.length} of ${this.#batches} operations failed (first: ${firstMessage})`, {
        failures,
        results: [],
      });
    }
  }

  #dispatch(batch: string[]): void {
    const index = this.#batches++;
    this.#tasks.push(this.#run(batch, index));
  }

  async #run(batch: string[], index: number): Promise<void> {
    // A finishing call hands its slot straight to the next waiting batch, so `limit` is never exceeded.
    if (this.#running >= this.#limit) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    else this.#running++;
    try {
      await this.#send(batch);
    } catch (error) {
      this.#failures.push({ item: batch, index, error });
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#running--;
    }
  }
}
