/** A UTF-16 surrogate half without its other half: text no UTF-8 encoder can represent. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why Postgres could not store `text` as it is, or undefined when it can: a NUL character
 * (which `text` columns refuse) or a lone surrogate half (which UTF-8 cannot encode, and which
 * would be stored as U+FFFD, silently changed).
 *
 * @example
 * unstorableTextReason('a\u0000b'); // 'contains a NUL character (\\u0000)'
 * unstorableTextReason('Zoë 🎉'); // undefined
 */
export function unstorableTextReason(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired UTF-16 surrogate';
  return undefined;
}

/** Where in a JSON value a string (or an object key) cannot be stored, and why. */
export interface UnstorableText {
  /** Dotted path from the value's root, e.g. `attendees.0.email`. */
  path: string;
  message: string;
}

/**
 * Walks a parsed JSON value and lists every string and object key Postgres could not store.
 * Iterative, so no nesting depth a body limit allows can exhaust the stack.
 *
 * @example
 * findUnstorableText({ title: 'x\u0000' }); // [{ path: 'title', message: 'contains a NUL …' }]
 */
export function findUnstorableText(root: unknown): UnstorableText[] {
  // Paths are kept as links to the parent's, so deep nesting costs no copying.
  interface Step {
    parent: Step | undefined;
    key: string;
  }
  const pathOf = (step: Step | undefined): string => {
    const keys: string[] = [];
    for (let s = step; s; s = s.parent) keys.push(s.key);
    return keys.reverse().join('.');
  };
  const found: UnstorableText[] = [];
  const pending: { value: unknown; at: Step | undefined }[] = [{ value: root, at: undefined }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, at } = next;
    if (typeof value === 'string') {
      const reason = unstorableTextReason(value);
      if (reason) found.push({ path: pathOf(at), message: reason });
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        const here: Step = { parent: at, key };
        const keyReason = Array.isArray(value) ? undefined : unstorableTextReason(key);
        if (keyReason) found.push({ path: pathOf(here), message: `field name ${keyReason}` });
        pending.push({ value: item, at: here });
      }
    }
  }
  return found;
}
