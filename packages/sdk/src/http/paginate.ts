/** One page of a list. */
export interface Page<T> {
  data: T[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/**
 * A list call: `await` it for the first page, or `for await` over it for every item of every
 * page (each further page is fetched only when the loop gets there).
 *
 * @example
 * const first = await calsync.appointments.list({ userId: 'u1' });
 * for await (const appointment of calsync.appointments.list({ userId: 'u1' })) show(appointment);
 */
export interface PageList<T> extends Promise<Page<T>>, AsyncIterable<T> {}

/**
 * Wraps a page loader as a {@link PageList}, starting at `cursor` (the first page when absent).
 * The first page is requested at once and shared by `await` and the iterator.
 *
 * @example
 * const list = paginate((cursor) => transport.json({ method: 'GET', path, query: { cursor } }));
 */
export function paginate<T>(
  load: (cursor: string | undefined) => Promise<Page<T>>,
  cursor?: string,
): PageList<T> {
  const first = load(cursor);
  return Object.assign(first, {
    async *[Symbol.asyncIterator]() {
      for (let page = await first; ; page = await load(page.nextCursor)) {
        yield* page.data;
        if (!page.nextCursor) return;
      }
    },
  });
}
