// The public API of the AssumeRole Doctor engine. Pure and synchronous: no I/O, no environment,
// no clock (the time of a call comes from request.context['aws:CurrentTime'] or options.now).
//
// Snapshots are indexed once per object (compiled policies, indexes and per-snapshot answers are
// kept with the index) and requests validated once per object. Treat both as immutable once
// handed to the engine: build a new object to ask a different question.

export { diagnose, decide, type DiagnoseOptions } from './diagnose';
export { loadSnapshot, isIndexedSnapshot, type IndexedSnapshot, type IndexedRole, type IndexedUser, type IndexedAccount } from './snapshot';
export { parseRequest, prepareRequest, type PreparedRequest } from './request';
export { whoCanAssume, whoCanAssumeReport, rolesNaming, type WhoCanAssumeEntry, type WhoCanAssumeReport, type WhoCannotAssumeEntry, type WhoCanAssumeCondition, type KnownPrincipal } from './who-can-assume';
export { type AwsErrorDetail } from './aws-error';
export { CHECKS } from './checks';
export * from './types';
