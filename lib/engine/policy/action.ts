// Action / NotAction matching: `service:Action` names with `*` and `?`, compared without regard
// to case (IAM action names are case-insensitive).

import { cachedGlob, compileGlob, matchGlob, type Glob } from './wildcard';

export function compileAction(pattern: string): Glob {
  return compileGlob(pattern, true);
}

/** Does the action pattern (compiled or as written) match the request's action? */
export function matchAction(pattern: Glob | string, action: string): boolean {
  return matchGlob(typeof pattern === 'string' ? cachedGlob(pattern, true) : pattern, action);
}

/** An action pattern IAM would store: `*`, or `prefix:Name` with wildcards allowed in the name. */
export function isValidActionPattern(pattern: string): boolean {
  return pattern === '*' || /^[a-zA-Z0-9-]+:[a-zA-Z0-9*?_-]*$/.test(pattern);
}
