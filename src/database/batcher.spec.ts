import { Batcher } from './batcher';

describe('the batcher', () => {
  it('writes a lone item at once, and what arrives meanwhile together in the next batch', async () => {
    const batches: number[][] = [];
    const group = new Batcher<number, number>(async (items) => {
      batches.push(items);
      await new Promise((r) => setTimeout(r, 10));
      return items.map((n) => n * 10);
    });
    const first = group.submit(1);
    const rest = [2, 3, 4].map((n) => group.submit(n));
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('keeps batches to the maximum size', async () => {
    const batches: number[][] = [];
    const group = new Batcher<number, void>(async (items) => {
      batches.push(items);
      return items.map(() => undefined);
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => group.submit(n)));
    expect(batches).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('fails only the bad item of a failed batch: the others are written again on their own', async () => {
    const written: number[][] = [];
    const group = new Batcher<number, number>(async (items) => {
      if (items.includes(3)) throw new Error('bad item');
      written.push(items);
      return items;
    });
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => group.submit(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    // Each good item committed in exactly one successful write.
    expect(written.flat().sort()).toEqual([1, 2, 4]);
  });
});
