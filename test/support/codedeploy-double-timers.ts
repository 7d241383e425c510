/** Timers of the CodeDeploy double: a group can be cleared at once, and nothing fires once the double has stopped. */
export class TimerGroup {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly stopped: () => boolean) {}

  /** Runs `fn` after `ms` (unless the group is cleared or the double stopped first). */
  after(ms: number, fn: () => void): void {
    if (this.stopped()) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.stopped()) fn();
    }, ms);
    this.timers.add(timer);
  }

  clear(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
