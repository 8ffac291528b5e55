// Session policies given in a request, compiled once per document by the one policy compiler:
// the calling session's (request.callerSession.sessionPolicy, R-12) and the one the call passes
// for the session it creates (request.policy, R-52).

import { DoctorError } from '@/lib/errors';
import { BoundedMap } from '../memo';
import type { PolicyDocumentInput, PolicyRef } from '../types';
import { compilePolicy } from './compile';
import { MAX_POLICY_TEXT } from './parse';
import type { CompiledPolicy } from './types';

// Texts longer than this are compiled every time rather than kept: AWS refuses any session policy
// over 2,048 characters, so only hostile input is that long, and a cache of 1,000 such
// texts could hold a gigabyte.
const CACHED_TEXT = 16 * 1024;

/** `compile`, remembered per document: by text for a JSON string, by identity for an object. */
function perDocument<T>(compile: (input: PolicyDocumentInput) => T): (input: PolicyDocumentInput) => T {
  const byText = new BoundedMap<string, T>(1000);
  const byObject = new WeakMap<object, T>();
  return (input) => {
    if (typeof input === 'string') {
      if (input.length > CACHED_TEXT) return compile(input);
      let hit = byText.get(input);
      if (hit === undefined) byText.set(input, (hit = compile(input)));
      return hit;
    }
    let hit = byObject.get(input);
    if (hit === undefined) byObject.set(input, (hit = compile(input)));
    return hit;
  };
}

const CALLER_SESSION: PolicyRef = { kind: 'session-policy', name: 'session policy of the calling session' };

/**
 * The calling session's inline session policy. It was accepted by STS when that session was
 * created, so a document that is no policy at all is the user's input error (DoctorError naming
 * request.callerSession.sessionPolicy), not a verdict.
 */
export const compileCallerSessionPolicy = perDocument((input) => compilePolicy(input, CALLER_SESSION, 'request.callerSession.sessionPolicy'));

const NEW_SESSION: PolicyRef = { kind: 'session-policy', name: 'inline session policy passed in the request' };

/**
 * The inline session policy the call passes for the new session (STS parameter `Policy`), as
 * the compiler reads it. `malformed` says why AWS would refuse the call with
 * MalformedPolicyDocument: the document is not an IAM policy (not JSON, not an object, no
 * Statement, …), or the compiler skipped a statement, i.e. one IAM would refuse to store (a
 * statement that is not an object, an Effect other than Allow / Deny, a Principal, no Action or
 * Resource, an unknown condition operator, …). Warnings that skip nothing (a Version value the
 * compiler does not know, notes on condition values) do not make it malformed: AWS documents no
 * refusal for them.
 */
export interface NewSessionPolicy {
  /** The problems, each naming its place under request.policy; empty when the document is well formed. */
  malformed: { field: string; message: string }[];
}

const readNewSessionPolicy = perDocument((input): NewSessionPolicy => {
  let compiled: CompiledPolicy;
  try {
    compiled = compilePolicy(input, NEW_SESSION, 'request.policy');
  } catch (error) {
    // too-large and too-deep are hostile input, refused at the edge (prepareRequest), never a verdict.
    if (error instanceof DoctorError && error.code === 'bad-policy') {
      const field = error.field ?? 'request.policy';
      return { malformed: [{ field, message: error.message.startsWith(`${field}: `) ? error.message.slice(field.length + 2) : error.message }] };
    }
    throw error;
  }
  // Only the problems are kept (the cache holds up to its bound of documents): nothing evaluates
  // the new session's policy for this call.
  const malformed = compiled.problems.filter((p) => p.statementIndex !== undefined && compiled.skippedStatements.has(p.statementIndex)).map((p) => ({ field: p.field, message: p.message }));
  return { malformed };
});

/**
 * The new session's inline policy, read once per document. Throws DoctorError too-large /
 * too-deep naming request.policy for input no IAM policy could be (over 1 MB, the bound the
 * snapshot holds every policy document to, or nested beyond 32 levels); a malformed document is
 * returned as such, for the request-valid check to report.
 */
export function newSessionPolicy(input: PolicyDocumentInput): NewSessionPolicy {
  // The text is the parameter as sent (STS does not URL-decode it the way IAM's GetPolicy output
  // is), so the bound applies to it as written, blank or not.
  if (typeof input === 'string' && input.length > MAX_POLICY_TEXT) {
    throw new DoctorError('too-large', `the inline session policy is ${input.length} characters; at most ${MAX_POLICY_TEXT} are accepted (AWS itself allows 2,048)`, 'request.policy');
  }
  return readNewSessionPolicy(input);
}
