/** The `replace.null.with.default` key most SMTs share (KIP-1040), as Kafka defines it. */
export const REPLACE_NULL_WITH_DEFAULT = 'replace.null.with.default';
export const REPLACE_NULL_WITH_DEFAULT_DOC =
  'Whether to replace fields that have a default value and that are null to the default value. When set to true, the default value is used, otherwise null is used.';
