/** One page of a list. */
export interface Page<T> {
  data: T[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

/**
 * A list call: `await` it for the first page, or `for await` over it for every item of every
 * page (the next page is fetched only when the loop gets there).
 *
 * @example
 * const first = await calsync.appointments.list({ userId: 'u1' });
 * for await (const appointment of calsync.appointments.list({ userId: 'u1' })) show(appointment);
 */
export interface PageList<T> extends AsyncIterable<T>, PromiseLike<Page<T>> {}

/**
 * Wraps a page loader as a {@link PageList}; nothing is fetched until it is awaited or iterated.
 *
 * @example
 * const list = paginate((cursor) => transport.json({ method: 'GET', path, query: { cursor } }));
 */
export function paginate<T>(load: (cursor: string | undefined) => Promise<Page<T>>): PageList<T> {
  let first: Promise<Page<T>> | undefined;
  const firstPage = (): Promise<Page<T>> => (first ??= load(undefined));
  return {
    then: (onFulfilled, onRejected) => firstPage().then(onFulfilled, onRejected),
    async *[Symbol.asyncIterator]() {
      for (let page = await firstPage(); ; page = await load(page.nextCursor)) {
        yield* page.data;
        if (!page.nextCursor) return;
      }
    },
  };
}
