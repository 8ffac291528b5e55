// The call a diagnosis link stands for, read on the server. Kept out of lib/share.ts, which the
// what-if panel imports in the browser: validating a request loads the engine's request reader
// (zod, the policy compiler), which the page loads only when an edit is diagnosed.

import { parseRequest } from '@/lib/engine/request';
import type { AssumeRoleRequest } from '@/lib/engine/types';
import { decodeRequest, type ParamSource } from '@/lib/share';
import { requestForKind } from './call-kind';

/**
 * The call a diagnosis link stands for, as every page reads it: decoded, without the fields its
 * kind of call cannot have (lib/ui/call-kind.ts), and validated. The paste box's "matched to
 * record" line compares requests read this way, so all readers must use this one.
 */
export function requestFromLink(source: ParamSource): AssumeRoleRequest {
  return parseRequest(requestForKind(decodeRequest(source)));
}
