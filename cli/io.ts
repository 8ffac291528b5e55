// Reading the CLI's inputs: files and stdin, with the shared size and nesting limits.

import { readFile, stat } from 'node:fs/promises';
import { DoctorError } from '@/lib/errors';
import { MAX_FILE_BYTES, assertSize, parseJsonText } from '@/lib/input';

export async function readJsonFile(path: string, what: string, field: string): Promise<unknown> {
  if (path === '-') return readJsonStdin(what, field);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new DoctorError('bad-usage', `${path} is not a file`, field);
    size = info.size;
  } catch (error) {
    if (error instanceof DoctorError) throw error;
    throw new DoctorError('not-found', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}`, field);
  }
  assertSize(size, MAX_FILE_BYTES, `${what} ${path}`, field);
  const text = await readFile(path, 'utf8');
  return parseJsonText(text, `${what} ${path}`, field);
}

export async function readJsonStdin(what: string, field: string): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.byteLength;
    assertSize(size, MAX_FILE_BYTES, `${what} on stdin`, field);
    chunks.push(buffer);
  }
  return parseJsonText(Buffer.concat(chunks).toString('utf8'), `${what} on stdin`, field);
}

/**
 * Text bound for a terminal with every control character but newline and tab written as a visible
 * \u escape: policy text is attacker-controlled, and an ESC, a CR or an 8-bit CSI in a Sid or a
 * condition value would otherwise clear the screen, recolour or rewrite the verdict, or plant a
 * hyperlink. Inside JSON strings the escape reads back as the same character, so JSON output stays
 * exactly equivalent.
 */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

