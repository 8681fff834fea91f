/**
 * Group commit: callers hand in one item each and wait for their own result; the items that
 * arrive while a batch is being written go together into the next one. Under load one
 * transaction (one lock, one commit, one fsync) serves many callers; when idle a lone item is
 * written at once, with no timer and no added wait. Reads batch the same way (one query for the
 * ids asked for meanwhile), each caller still getting a read begun after it asked.
 *
 * `write` gets the items in arrival order and answers one result per item, in that order. If a
 * batch fails, each of its items is written again on its own, so one bad item (or a deadlock
 * with another batch) fails only its own caller. Each item therefore commits in exactly one
 * successful `write`, as the caller's own transaction would have.
 */
export class Batcher<I, O> {
  private waiting: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private writing = false;

  constructor(
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 64,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length) await this.run(this.waiting.splice(0, this.maxBatch));
    } finally {
      this.writing = false;
    }
  }

  private async run(batch: typeof this.waiting): Promise<void> {
    try {
      const results = await this.write(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results[i]));
    } catch (e) {
      if (batch.length === 1) return batch[0].reject(e);
      for (const b of batch) await this.run([b]);
    }
  }
}
