import 'server-only';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { DoctorError } from '@/lib/errors';
import {
  MAX_IMPORT_FILE_BYTES,
  combineImports,
  decodeImportFile,
  detectImportKind,
  parseImportFile,
  parseImportValue,
  parseJsonFile,
  type ImportOptions,
  type ImportSummary,
  type ParsedImport,
} from './parse';
import type { Snapshot } from '@/lib/engine/types';

// The thin fs side of imports: files and folders (CloudTrail's S3 layout
// AWSLogs/<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz included) → parsed imports.

export interface ImportInputFile {
  name: string;
  data: Buffer | Uint8Array | string;
}

export interface ImportResult {
  snapshot: Snapshot;
  summary: ImportSummary;
}

const IMPORTABLE = /\.json(\.gz)?$/i;
// Digest files prove log integrity and hold no records; node_modules and dot-folders are never logs.
const SKIPPED_DIRS = new Set(['CloudTrail-Digest', 'node_modules']);

async function walk(dir: string, out: string[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) await walk(full, out);
    } else if (entry.isFile() && IMPORTABLE.test(entry.name)) {
      out.push(full);
    }
  }
}

/** Files named directly must be importable; files found inside folders that are not are skipped. */
export async function importPaths(paths: string[], options: ImportOptions & { now?: () => Date } = {}): Promise<ImportResult> {
  if (paths.length === 0) throw new DoctorError('bad-usage', 'name at least one file or folder to import');
  const parsed: ParsedImport[] = [];
  const skipped: string[] = [];
  for (const given of paths) {
    let info;
    try {
      info = await stat(given);
    } catch {
      throw new DoctorError('not-found', `${given} does not exist`, given);
    }
    if (info.isDirectory()) {
      const found: string[] = [];
      await walk(given, found);
      for (const file of found) {
        const data = await readBounded(file);
        const value = parseJsonFile(file, decodeImportFile(file, data, options.maxDecompressedBytes));
        if (!detectImportKind(value)) {
          skipped.push(file);
          continue;
        }
        parsed.push(parseImportValue(file, value, options));
      }
    } else {
      parsed.push(parseImportFile(given, await readBounded(given), options));
    }
  }
  if (parsed.length === 0) {
    throw new DoctorError('bad-usage', `found nothing to import in ${paths.join(', ')} (looked for .json and .json.gz files)`);
  }
  const result = combineImports(parsed, (options.now?.() ?? new Date()).toISOString(), options);
  if (skipped.length) result.summary.warnings.push(`skipped ${skipped.length} JSON file(s) that are not imports, e.g. ${skipped[0]}`);
  return result;
}

async function readBounded(file: string): Promise<Buffer> {
  const info = await stat(file);
  if (info.size > MAX_IMPORT_FILE_BYTES) throw new DoctorError('too-large', `${file} is larger than ${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB`, file);
  return readFile(file);
}

/** Uploaded files (the dashboard's import form): same rules as files named directly. */
export function importBuffers(files: ImportInputFile[], options: ImportOptions & { now?: () => Date } = {}): ImportResult {
  const parsed = files.map((f) => parseImportFile(f.name, f.data, options));
  return combineImports(parsed, (options.now?.() ?? new Date()).toISOString(), options);
}
