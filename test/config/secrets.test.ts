import { describe, expect, it } from 'vitest';
import { ConfigDef } from '../../src/config/config-def.js';
import { isSecretKey, maskSecrets } from '../../src/config/secrets.js';

describe('secrets', () => {
  const def = new ConfigDef().define({
    name: 'connection.secret',
    type: 'PASSWORD',
    defaultValue: null,
    importance: 'HIGH',
    doc: '',
  });

  it('treats PASSWORD keys, sasl.jaas.config and *.password as secrets', () => {
    expect(isSecretKey('connection.secret', def)).toBe(true);
    expect(isSecretKey('producer.override.sasl.jaas.config')).toBe(true);
    expect(isSecretKey('ssl.truststore.password')).toBe(true);
    expect(isSecretKey('connection.password')).toBe(true);
    expect(isSecretKey('topic')).toBe(false);
    expect(isSecretKey('connection.secret')).toBe(false);
  });

  it('masks secrets and keeps the rest', () => {
    expect(
      maskSecrets({ 'connection.secret': 's', 'sasl.jaas.config': 'x', topic: 't' }, def),
    ).toEqual({ 'connection.secret': '[hidden]', 'sasl.jaas.config': '[hidden]', topic: 't' });
  });
});
