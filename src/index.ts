// The public API for plugin authors: the contracts of src/api/, config definitions and errors.
export * from './api/errors.js';
export * from './api/connect-record.js';
export * from './api/source-record.js';
export * from './api/sink-record.js';
export * from './api/connector.js';
export * from './api/source-task.js';
export * from './api/sink-task.js';
export * from './api/topic-partition.js';
export * from './api/offset-storage-reader.js';
export * from './api/errant-record-reporter.js';
export * from './api/transformation.js';
export * from './api/schema.js';
