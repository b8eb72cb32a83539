/** A complete line: its text without the terminator, and how many bytes it took, terminator included. */
export interface SplitLine {
  readonly line: string;
  readonly bytes: number;
}

const LF = 0x0a;
const CR = 0x0d;
const EMPTY = Buffer.alloc(0);

/**
 * Splits UTF-8 bytes into lines ended by `\n`, `\r` or `\r\n`, as Kafka's FileStreamSourceTask
 * does, while counting bytes so that positions are exact byte offsets. Splitting on bytes is
 * safe because no byte of a multi-byte UTF-8 sequence is below 0x80; each line is decoded whole,
 * so a character split across chunks is decoded correctly.
 *
 * A line without its terminator is held until the terminator arrives, and a `\r` at the end of
 * the input so far is held until the next byte shows whether a `\n` follows. Chunks handed to
 * {@link push} are kept by reference (not copied): the caller must not reuse them.
 */
export class LineSplitter {
  private chunk: Buffer = EMPTY;
  private pos = 0;
  // Next LF / CR index in `chunk` at or after `pos`; chunk.length when there is none.
  private nextLf = -1;
  private nextCr = -1;
  private partial: Buffer[] = [];
  private partialLength = 0;
  /** The held partial line ended with a `\r` (not in `partial`) that may be the start of `\r\n`. */
  private pendingCr = false;

  /** Bytes received but not yet returned as lines. */
  get pendingBytes(): number {
    return this.partialLength + (this.pendingCr ? 1 : 0) + (this.chunk.length - this.pos);
  }

  /** Adds input; call only after {@link next} returned `null` (the previous chunk is used up). */
  push(chunk: Buffer): void {
    if (this.pos < this.chunk.length)
      throw new Error('LineSplitter.push before the previous chunk was consumed');
    this.chunk = chunk;
    this.pos = 0;
    this.nextLf = -1;
    this.nextCr = -1;
  }

  /** The next complete line, or `null` when more input is needed. */
  next(): SplitLine | null {
    const chunk = this.chunk;
    const len = chunk.length;
    if (this.pendingCr) {
      if (this.pos >= len) return null;
      this.pendingCr = false;
      let terminator = 1;
      if (chunk[this.pos] === LF) {
        this.pos++;
        terminator = 2;
      }
      return this.emit(0, 0, terminator);
    }
    if (this.pos >= len) return null;
    if (this.nextLf < this.pos) {
      const i = chunk.indexOf(LF, this.pos);
      this.nextLf = i < 0 ? len : i;
    }
    if (this.nextCr < this.pos) {
      const i = chunk.indexOf(CR, this.pos);
      this.nextCr = i < 0 ? len : i;
    }
    const end = Math.min(this.nextLf, this.nextCr);
    const start = this.pos;
    if (end >= len) {
      this.hold(start, len);
      this.pos = len;
      return null;
    }
    if (chunk[end] === LF) {
      this.pos = end + 1;
      return this.emit(start, end, 1);
    }
    if (end + 1 >= len) {
      this.hold(start, end);
      this.pendingCr = true;
      this.pos = len;
      return null;
    }
    const terminator = chunk[end + 1] === LF ? 2 : 1;
    this.pos = end + terminator;
    return this.emit(start, end, terminator);
  }

  /**
   * At the end of the input (a finished stream, a rotated-away file): whatever is held as a last
   * line, or `null` if nothing is. Call after {@link next} returned `null`.
   */
  finish(): SplitLine | null {
    if (this.partialLength === 0 && !this.pendingCr) return null;
    const terminator = this.pendingCr ? 1 : 0;
    this.pendingCr = false;
    return this.emit(0, 0, terminator);
  }

  /** Drops everything held, e.g. when the file is read again from the start. */
  reset(): void {
    this.chunk = EMPTY;
    this.pos = 0;
    this.partial = [];
    this.partialLength = 0;
    this.pendingCr = false;
  }

  private hold(start: number, end: number): void {
    if (end > start) {
      this.partial.push(this.chunk.subarray(start, end));
      this.partialLength += end - start;
    }
  }

  private emit(start: number, end: number, terminator: number): SplitLine {
    let line: string;
    let bytes = end - start + terminator;
    if (this.partialLength === 0) {
      line = this.chunk.toString('utf8', start, end);
    } else {
      if (end > start) this.partial.push(this.chunk.subarray(start, end));
      line = Buffer.concat(this.partial).toString('utf8');
      bytes += this.partialLength;
      this.partial = [];
      this.partialLength = 0;
    }
    return { line, bytes };
  }
}
