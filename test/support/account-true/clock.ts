/** Scaled time for the account-true world: AWS seconds → real milliseconds. */
export class ScaledClock {
  /**
   * @param timeScale - real seconds per AWS second (`1 / 60`: one AWS minute lasts one real second; `1`: real time).
   */
  constructor(readonly timeScale: number) {
    if (!(timeScale > 0)) throw new Error(`timeScale must be > 0 (got ${timeScale})`);
  }

  /** Real milliseconds that `awsSeconds` AWS seconds last in this world. */
  ms(awsSeconds: number): number {
    return awsSeconds * this.timeScale * 1000;
  }

  /** Now, in real epoch milliseconds. */
  now(): number {
    return Date.now();
  }
}

/** A duration in AWS seconds: a fixed figure, or `[min, max]` drawn uniformly from the world's seeded generator. */
export type Duration = number | readonly [number, number];

/** Draws a {@link Duration} in AWS seconds. */
export function draw(duration: Duration, random: () => number): number {
  if (typeof duration === 'number') return duration;
  const [min, max] = duration;
  return min + (max - min) * random();
}

/** Serialises async sections (a minimal mutex). */
export class Lock {
  #tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(section, section);
    this.#tail = result.catch(() => undefined);
    return result;
  }
}
