export {
  ASSUME_ROLE_EVENT_NAMES,
  MAX_DECOMPRESSED_BYTES,
  MAX_IMPORT_FILE_BYTES,
  combineImports,
  decodeImportFile,
  detectImportKind,
  exportSnapshot,
  parseAuthorizationDetails,
  parseCloudTrailLog,
  parseImportFile,
  parseImportValue,
  parseJsonFile,
  parseLookupEvents,
  parseSnapshotFile,
  snapshotFileName,
} from './parse';
export type { ImportKind, ImportOptions, ImportSummary, ParsedImport } from './parse';
