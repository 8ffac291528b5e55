// An address whose path is not valid percent-encoding (`/roles/%E0%A4%A`, `/d/%ZZ`) cannot name
// any page or route: Next.js fails to decode it and answers a bare 500. The proxy asks this first
// and answers 400 naming the part that could not be read.

import { DoctorError } from '@/lib/errors';

/** Throws a `bad-usage` DoctorError (400) naming the first path segment that is not valid percent-encoding. */
export function assertDecodablePath(pathname: string): void {
  const segments = pathname.split('/');
  for (let i = 0; i < segments.length; i++) {
    try {
      decodeURIComponent(segments[i]);
    } catch {
      const shown = segments[i].length > 60 ? `${segments[i].slice(0, 60)}…` : segments[i];
      throw new DoctorError(
        'bad-usage',
        `the address is not valid: path segment ${i} ${JSON.stringify(shown)} is not valid percent-encoding (a "%" must be followed by two hexadecimal digits forming UTF-8)`,
        'path',
      );
    }
  }
}
