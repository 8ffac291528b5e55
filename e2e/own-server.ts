// A production server of a spec's own (on the same build), for specs that need data the shared
// demo server must never show: its own store in a temporary folder, its own environment, with
// every AWS_* variable of the test run removed unless the spec sets it.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface OwnServer {
  baseURL: string;
  stop(): void;
}

/** Starts `next start` on `port` and waits (up to 2 minutes) until it answers. */
export async function startOwnServer(name: string, port: number, env: Record<string, string>): Promise<OwnServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `assumerole-doctor-${name}-`));
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(childEnv)) if (key.startsWith('AWS_')) delete childEnv[key];
  Object.assign(childEnv, { NODE_ENV: 'production', DOCTOR_DATA_DIR: dataDir }, env);
  const baseURL = `http://127.0.0.1:${port}`;
  const server = spawn('npx', ['next', 'start', '-H', '127.0.0.1', '-p', String(port)], { env: childEnv, stdio: 'ignore', detached: true });
  const stop = () => {
    try {
      if (server.pid) process.kill(-server.pid, 'SIGTERM'); // the npx process group started here
    } catch {
      // already gone
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  for (let attempt = 0; attempt < 240; attempt += 1) {
    try {
      if ((await fetch(`${baseURL}/`)).ok) return { baseURL, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  stop();
  throw new Error(`the ${name} server did not start on ${baseURL}`);
}
