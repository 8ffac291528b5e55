// Bounded memo tables for pure functions of a small text or a snapshot: the same ARNs, callers
// and roles recur across requests, while request objects never do (rule 7: compile once,
// evaluate many). Values handed out from a table are shared, so they are frozen.

/** A Map that forgets everything when it reaches `limit` entries (cheap, and enough when keys recur). */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.size >= this.limit && !this.has(key)) this.clear();
    return super.set(key, value);
  }
}

/** Per-snapshot (or per any long-lived object) tables, dropped with the object. */
export function perObject<O extends object, K, V>(limit: number): (owner: O) => BoundedMap<K, V> {
  const tables = new WeakMap<O, BoundedMap<K, V>>();
  return (owner) => {
    let table = tables.get(owner);
    if (!table) tables.set(owner, (table = new BoundedMap<K, V>(limit)));
    return table;
  };
}
