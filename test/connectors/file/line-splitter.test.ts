import { describe, expect, it } from 'vitest';
import { LineSplitter, type SplitLine } from '../../../src/connectors/file/line-splitter.js';

/** Feeds `input` in chunks of `size` bytes and collects every complete line. */
function split(input: Buffer, size: number): { lines: SplitLine[]; splitter: LineSplitter } {
  const splitter = new LineSplitter();
  const lines: SplitLine[] = [];
  for (let i = 0; i < input.length; i += size) {
    splitter.push(input.subarray(i, Math.min(i + size, input.length)));
    for (let l = splitter.next(); l; l = splitter.next()) lines.push(l);
  }
  return { lines, splitter };
}

describe('LineSplitter', () => {
  it('ends lines at \\n, \\r and \\r\\n, counting the terminator bytes', () => {
    const { lines } = split(Buffer.from('a\nbb\r\nccc\rd\n\n\r\r\n'), 1024);
    expect(lines).toEqual([
      { line: 'a', bytes: 2 },
      { line: 'bb', bytes: 4 },
      { line: 'ccc', bytes: 4 },
      { line: 'd', bytes: 2 },
      { line: '', bytes: 1 },
      { line: '', bytes: 1 },
      { line: '', bytes: 2 },
    ]);
  });

  it('gives the same lines and byte counts whatever the chunk boundaries', () => {
    const text = 'héllo\r\n日本語\r😀 smile\nlast\r\n\r\nx\ry';
    const input = Buffer.from(text, 'utf8');
    const whole = split(input, input.length).lines;
    for (let size = 1; size <= 12; size++) {
      expect(split(input, size).lines).toEqual(whole);
    }
    expect(whole.map((l) => l.line)).toEqual(['héllo', '日本語', '😀 smile', 'last', '', 'x']);
    expect(whole.reduce((n, l) => n + l.bytes, 0)).toBe(input.length - 1); // "y" is held
  });

  it('holds a \\r at the end of the input until the next byte is known', () => {
    const splitter = new LineSplitter();
    splitter.push(Buffer.from('abc\r'));
    expect(splitter.next()).toBeNull();
    expect(splitter.pendingBytes).toBe(4);
    splitter.push(Buffer.from('\nd'));
    expect(splitter.next()).toEqual({ line: 'abc', bytes: 5 });
    expect(splitter.next()).toBeNull();
    expect(splitter.finish()).toEqual({ line: 'd', bytes: 1 });
    expect(splitter.finish()).toBeNull();
  });

  it('a held \\r followed by another byte ends the line at the \\r alone', () => {
    const splitter = new LineSplitter();
    splitter.push(Buffer.from('abc\r'));
    expect(splitter.next()).toBeNull();
    splitter.push(Buffer.from('x\n'));
    expect(splitter.next()).toEqual({ line: 'abc', bytes: 4 });
    expect(splitter.next()).toEqual({ line: 'x', bytes: 2 });
  });

  it('finish() ends a held line and a held \\r', () => {
    const splitter = new LineSplitter();
    splitter.push(Buffer.from('tail\r'));
    expect(splitter.next()).toBeNull();
    expect(splitter.finish()).toEqual({ line: 'tail', bytes: 5 });
  });

  it('decodes a multi-byte character split across chunks', () => {
    const input = Buffer.from('€\n', 'utf8'); // e2 82 ac 0a
    expect(split(input, 1).lines).toEqual([{ line: '€', bytes: 4 }]);
  });
});
