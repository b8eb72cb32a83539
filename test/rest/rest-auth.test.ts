import { describe, expect, test } from 'vitest';
import { Password } from '../../src/config/config-def.js';
import { createBuiltinRegistry } from '../../src/plugins/builtins.js';
import { maskConnectorConfig, scrub, secretValues } from '../../src/rest/mask.js';
import { restAuthFrom } from '../../src/rest/rest-auth.js';

describe('rest.auth.* keys', () => {
  test('none by default; basic and bearer need their credentials', () => {
    expect(restAuthFrom({})).toEqual({ type: 'none' });
    expect(restAuthFrom({ 'rest.auth.type': 'BEARER', 'rest.auth.bearer.token': 't' })).toEqual({
      type: 'bearer',
      token: 't',
      exemptHealth: true,
    });
    expect(() =>
      restAuthFrom({ 'rest.auth.type': 'basic', 'rest.auth.basic.username': 'u' }),
    ).toThrow('rest.auth.type=basic needs rest.auth.basic.username and rest.auth.basic.password');
    expect(() => restAuthFrom({ 'rest.auth.type': 'bearer' })).toThrow(
      'rest.auth.type=bearer needs rest.auth.bearer.token',
    );
    expect(() => restAuthFrom({ 'rest.auth.type': 'digest' })).toThrow(
      'Invalid value digest for configuration rest.auth.type: String must be one of (case insensitive): none, basic, bearer',
    );
  });
});

describe('secrets in REST answers', () => {
  const registry = createBuiltinRegistry();

  test('secret keys are hidden unless they are provider references', () => {
    const shown = maskConnectorConfig(
      {
        'connector.class': 'FileStreamSource',
        topic: 't',
        'consumer.override.sasl.jaas.config': 'x required password="p";',
        'producer.override.ssl.truststore.password': 'p2',
        'producer.override.ssl.keystore.password': '${file:/s.properties:ks}',
      },
      registry,
    );
    expect(shown).toEqual({
      'connector.class': 'FileStreamSource',
      topic: 't',
      'consumer.override.sasl.jaas.config': Password.HIDDEN,
      'producer.override.ssl.truststore.password': Password.HIDDEN,
      'producer.override.ssl.keystore.password': '${file:/s.properties:ks}',
    });
  });

  test('error messages lose secret values', () => {
    const secrets = secretValues({ 'a.password': 'hunter2', b: 'plain', c: null }, registry);
    expect(secrets).toEqual(['hunter2']);
    expect(scrub('Invalid value hunter2 for a.password', secrets)).toBe(
      'Invalid value [hidden] for a.password',
    );
  });
});
