import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** One line of an NDJSON file: its number (1-based), its bytes (no newline) and where the next line starts. */
export interface NdjsonLine {
  number: number;
  bytes: Buffer;
  /** The byte offset just past this line's newline: where a resumed read starts. */
  nextOffset: number;
}

/** SHA-256 of a whole file, streamed: the identity of what is being imported (a changed file is a new import). */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The file's lines from a byte offset, with exact byte positions (readline gives none), so a
 * checkpoint can name the byte a resumed import starts at. A final line without a newline counts.
 */
export async function* ndjsonLines(path: string, fromOffset = 0, firstNumber = 1): AsyncGenerator<NdjsonLine> {
  let number = firstNumber;
  let offset = fromOffset;
  let pending: Buffer[] = [];
  for await (const chunk of createReadStream(path, { start: fromOffset, highWaterMark: 1 << 20 })) {
    let buf = chunk as Buffer;
    let nl = buf.indexOf(0x0a);
    while (nl !== -1) {
      const bytes = Buffer.concat([...pending, buf.subarray(0, nl)]);
      pending = [];
      offset += bytes.length + 1;
      yield { number: number++, bytes: stripCr(bytes), nextOffset: offset };
      buf = buf.subarray(nl + 1);
      nl = buf.indexOf(0x0a);
    }
    if (buf.length) pending.push(Buffer.from(buf));
  }
  if (pending.length) {
    const bytes = Buffer.concat(pending);
    yield { number, bytes: stripCr(bytes), nextOffset: offset + bytes.length };
  }
}

/** A file written on Windows ends its lines with CR LF. */
function stripCr(bytes: Buffer): Buffer {
  return bytes.length && bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, bytes.length - 1) : bytes;
}
