/**
 * A clock the hub keeps: checked on a schedule, it turns what has come due into events (which
 * then route like any other). `tick` must be safe to run twice at once and must raise each
 * deadline once: claim rows with SKIP LOCKED and mark them in the same transaction.
 */
export interface Clock {
  readonly name: string;
  /** Returns how many deadlines it raised. */
  tick(now: Date): Promise<number>;
}

export const CLOCKS = Symbol('CLOCKS');
