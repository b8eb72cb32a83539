// The public API for plugin authors: the contracts of src/api/ (connectors, tasks, records,
// the data model, converters, transforms), config definitions, and errors. A plugin imports
// only from here, exactly as the built-in connectors and converters do.
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
export * from './api/schema-builder.js';
export * from './api/struct.js';
export * from './api/schema-and-value.js';
export * from './api/headers.js';
export * from './api/big-decimal.js';
export * from './api/decimal.js';
export * from './api/date.js';
export * from './api/time.js';
export * from './api/timestamp.js';
export * from './api/typed-number.js';
export * from './api/converter.js';
export * from './api/header-converter.js';
export * from './config/config-def.js';
