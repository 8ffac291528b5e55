// Action / NotAction matching: `service:Action` names with `*` and `?`, compared without regard
// to case (IAM action names are case-insensitive).

import { BoundedMap } from '../memo';
import { compileGlob, matchGlob, type Glob } from './wildcard';

export function compileAction(pattern: string): Glob {
  return compileGlob(pattern, true);
}

// Action patterns as written (a fix reading a statement, a trust statement's Action list) recur in
// every call: each is compiled once (bounded).
const written = new BoundedMap<string, Glob>(2_000);

/** Does the action pattern (compiled or as written) match the request's action? */
export function matchAction(pattern: Glob | string, action: string): boolean {
  if (typeof pattern !== 'string') return matchGlob(pattern, action);
  let glob = written.get(pattern);
  if (glob === undefined) written.set(pattern, (glob = compileAction(pattern)));
  return matchGlob(glob, action);
}

/** An action pattern IAM would store: `*`, or `prefix:Name` with wildcards allowed in the name. */
export function isValidActionPattern(pattern: string): boolean {
  return pattern === '*' || /^[a-zA-Z0-9-]+:[a-zA-Z0-9*?_-]*$/.test(pattern);
}
