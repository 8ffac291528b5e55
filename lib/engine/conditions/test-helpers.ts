// Builders shared by the condition and policy tests: a request context from a plain object.

import type { ContextValue, RequestContext } from '../policy/types';

/** `{ 'aws:TagKeys': ['a', 'b'] }` → RequestContext; arrays become multivalued keys. */
export function contextOf(values: Record<string, string | string[]>): RequestContext {
  const context = new Map<string, ContextValue>();
  for (const [key, value] of Object.entries(values)) {
    const entry: ContextValue = Array.isArray(value)
      ? { key, values: value, origin: 'given', multivalued: true }
      : { key, values: [value], origin: 'given' };
    context.set(key.toLowerCase(), entry);
  }
  return context;
}

export type ConditionCase = [name: string, condition: Record<string, unknown>, context: Record<string, string | string[]>, expected: boolean];
