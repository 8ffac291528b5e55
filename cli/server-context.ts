// The CLI is a server-side process, like a React Server Component: modules that guard themselves
// with `import 'server-only'` (AWS access, the store) are meant to run here. That package throws
// unless the bundler picks its "react-server" export, which plain Node never does, so the CLI
// registers the empty module in its place before anything imports it.

import { createRequire } from 'node:module';
import path from 'node:path';

export function allowServerOnlyModules(): void {
  const localRequire = createRequire(path.join(__dirname, 'doctor.ts'));
  let id: string;
  try {
    id = localRequire.resolve('server-only');
  } catch {
    return; // not installed: nothing to neutralise
  }
  if (localRequire.cache[id]) return;
  localRequire.cache[id] = { id, filename: id, loaded: true, exports: {}, children: [], paths: [], path: path.dirname(id) } as unknown as NodeJS.Module;
}
