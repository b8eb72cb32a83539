import { readFile } from 'node:fs/promises';
import type { ServerOptions } from 'node:https';
import { ConfigException } from '../api/errors.js';

/**
 * The TLS settings of an HTTPS listener, from Kafka's keys: `listeners.https.ssl.*` (or
 * `admin.listeners.https.ssl.*`); when none of those is set, the plain `ssl.*` keys. Supported
 * keystores: PEM (`ssl.keystore.key` + `ssl.keystore.certificate.chain`, or a PEM file at
 * `ssl.keystore.location`) and PKCS12 (`ssl.keystore.location` + `ssl.keystore.password`).
 * Truststores (for `ssl.client.auth`): PEM only. JKS, Java's own format, is not readable here.
 */
export async function tlsOptions(
  resolved: Readonly<Record<string, string>>,
  listenersKey: 'listeners' | 'admin.listeners',
): Promise<ServerOptions> {
  const prefix = `${listenersKey}.https.`;
  const prefixed = Object.keys(resolved).some((k) => k.startsWith(prefix + 'ssl.'));
  const keyOf = (name: string): string => (prefixed ? prefix + name : name);
  const get = (name: string): string | undefined => {
    const v = resolved[keyOf(name)]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const options: ServerOptions = {};
  const type = (
    get('ssl.keystore.type') ?? (get('ssl.keystore.key') ? 'PEM' : 'JKS')
  ).toUpperCase();
  const location = get('ssl.keystore.location');
  if (type === 'PEM') {
    const keyPassword = get('ssl.key.password');
    let key = get('ssl.keystore.key');
    let cert = get('ssl.keystore.certificate.chain');
    if ((key === undefined || cert === undefined) && location !== undefined) {
      const pem = await readKeystoreFile(location, keyOf('ssl.keystore.location'));
      key ??= pemBlocks(pem, /PRIVATE KEY/).join('\n');
      cert ??= pemBlocks(pem, /CERTIFICATE/).join('\n');
    }
    if (!key || !cert)
      throw new ConfigException(
        `HTTPS needs ${keyOf('ssl.keystore.key')} and ${keyOf('ssl.keystore.certificate.chain')} ` +
          `(or a PEM file at ${keyOf('ssl.keystore.location')})`,
        keyOf('ssl.keystore.key'),
      );
    options.key = key;
    options.cert = cert;
    if (keyPassword !== undefined) options.passphrase = keyPassword;
  } else if (type === 'PKCS12') {
    if (location === undefined)
      throw new ConfigException(
        `HTTPS with a PKCS12 keystore needs ${keyOf('ssl.keystore.location')}`,
        keyOf('ssl.keystore.location'),
      );
    options.pfx = await readFile(location).catch((e: unknown) => {
      throw new ConfigException(
        `Cannot read ${keyOf('ssl.keystore.location')} ${location}: ${(e as Error).message}`,
        keyOf('ssl.keystore.location'),
      );
    });
    const password = get('ssl.keystore.password');
    if (password !== undefined) options.passphrase = password;
  } else {
    throw new ConfigException(
      `${keyOf('ssl.keystore.type')}=${type} is not supported for the REST listener: use PEM or ` +
        `PKCS12 (keytool -importkeystore -deststoretype PKCS12 converts a JKS keystore)`,
      keyOf('ssl.keystore.type'),
    );
  }

  const clientAuth = (
    get('ssl.client.auth') ??
    resolved['ssl.client.auth'] ??
    'none'
  ).toLowerCase();
  if (clientAuth === 'required' || clientAuth === 'requested') {
    options.requestCert = true;
    options.rejectUnauthorized = clientAuth === 'required';
    let ca = get('ssl.truststore.certificates');
    const trustLocation = get('ssl.truststore.location');
    if (ca === undefined && trustLocation !== undefined) {
      const trustType = (get('ssl.truststore.type') ?? 'PEM').toUpperCase();
      if (trustType !== 'PEM')
        throw new ConfigException(
          `${keyOf('ssl.truststore.type')}=${trustType} is not supported for the REST listener: use PEM`,
          keyOf('ssl.truststore.type'),
        );
      ca = await readKeystoreFile(trustLocation, keyOf('ssl.truststore.location'));
    }
    if (ca !== undefined) options.ca = ca;
  }
  const protocols = get('ssl.enabled.protocols');
  if (protocols !== undefined) {
    const list = protocols.split(',').map((p) => p.trim());
    if (!list.includes('TLSv1.2') && list.includes('TLSv1.3')) options.minVersion = 'TLSv1.3';
  }
  return options;
}

async function readKeystoreFile(path: string, key: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new ConfigException(`Cannot read ${key} ${path}: ${(e as Error).message}`, key);
  }
}

function pemBlocks(pem: string, label: RegExp): string[] {
  const blocks = pem.match(/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g) ?? [];
  return blocks.filter((b) => label.test(b.slice(0, b.indexOf('\n'))));
}
