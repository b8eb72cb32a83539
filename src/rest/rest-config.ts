/**
 * The REST keys ts-connect adds to Kafka's worker config: optional authentication. Values may
 * come through config providers (`${file:/etc/secrets:token}`), as every worker value may.
 */
import { ConfigDef, inValuesCaseInsensitive } from '../config/config-def.js';

export const REST_AUTH_CONFIG: ConfigDef = new ConfigDef()
  .define({
    name: 'rest.auth.type',
    type: 'STRING',
    defaultValue: 'none',
    importance: 'MEDIUM',
    validator: inValuesCaseInsensitive('none', 'basic', 'bearer'),
    doc: 'REST authentication: none, basic (HTTP basic) or bearer (a static token).',
  })
  .define({
    name: 'rest.auth.basic.username',
    type: 'STRING',
    defaultValue: null,
    importance: 'MEDIUM',
    doc: 'User name accepted when rest.auth.type=basic.',
  })
  .define({
    name: 'rest.auth.basic.password',
    type: 'PASSWORD',
    defaultValue: null,
    importance: 'MEDIUM',
    doc: 'Password accepted when rest.auth.type=basic.',
  })
  .define({
    name: 'rest.auth.bearer.token',
    type: 'PASSWORD',
    defaultValue: null,
    importance: 'MEDIUM',
    doc: 'Token accepted as "Authorization: Bearer <token>" when rest.auth.type=bearer.',
  })
  .define({
    name: 'rest.auth.exempt.health',
    type: 'BOOLEAN',
    defaultValue: true,
    importance: 'LOW',
    doc: 'Whether GET /health answers without credentials (for liveness probes).',
  });
