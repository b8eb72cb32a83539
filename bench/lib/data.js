// The input file of the throughput workloads and the checks of what arrives in a sink file.
import { createHash } from 'node:crypto';
import { createReadStream, openSync, writeSync, closeSync, statSync } from 'node:fs';

export const LINE_BYTES = 100; // 99 printable ASCII characters and '\n'

/**
 * `count` lines of exactly LINE_BYTES bytes: a sequence number, then letters from a fixed
 * pseudo-random sequence, so every run reads the same bytes and nothing compresses trivially.
 */
export function writeInputFile(path, count) {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let seed = 0x2545f491;
  const fd = openSync(path, 'w');
  const hash = createHash('sha1');
  const perChunk = 10_000;
  for (let start = 0; start < count; start += perChunk) {
    const n = Math.min(perChunk, count - start);
    const chunk = Buffer.alloc(n * LINE_BYTES);
    for (let i = 0; i < n; i++) {
      const base = i * LINE_BYTES;
      const prefix = `${String(start + i).padStart(9, '0')} `;
      chunk.write(prefix, base, 'latin1');
      for (let j = prefix.length; j < LINE_BYTES - 1; j++) {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        chunk[base + j] = alphabet.charCodeAt((seed >>> 0) % alphabet.length);
      }
      chunk[base + LINE_BYTES - 1] = 0x0a;
    }
    hash.update(chunk);
    writeSync(fd, chunk);
  }
  closeSync(fd);
  return { path, count, bytes: count * LINE_BYTES, sha1: hash.digest('hex') };
}

export function sizeOf(path) {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

export function sha1Of(path) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha1');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

/**
 * Whether the sink file holds exactly the input: same bytes in the same order with one
 * partition; with several, partitions interleave, so only the size can be compared.
 */
export async function checkSinkFile(path, input, partitions) {
  const size = sizeOf(path);
  if (size !== input.bytes) {
    return `sink file has ${size} bytes, expected ${input.bytes} (${
      size > input.bytes ? 'duplicates' : 'missing lines'
    })`;
  }
  if (partitions === 1 && (await sha1Of(path)) !== input.sha1) {
    return 'sink file differs from the input file (order or bytes)';
  }
  return null;
}
