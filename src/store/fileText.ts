// Reading part of a file that may be large or still being written (a trial's
// logs, a rendered config): the first or last bytes as text, never a throw.
import * as fs from 'node:fs';

/** The first `bytes` of a file as text, or undefined when it cannot be read; a cut UTF-8 character at the end is dropped. */
export function readHead(file: string, bytes: number): string | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.alloc(Math.min(fs.fstatSync(fd).size, bytes));
    const read = fs.readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.subarray(0, read).toString('utf8').replace(/\uFFFD+$/, '');
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The last `bytes` of a file as text ('' when there is none). A cut in the
 * middle starts at the next line, so the tail never opens with half a line
 * or half a UTF-8 character.
 */
export function readTail(file: string, bytes: number): string {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const size = fs.fstatSync(fd).size;
    const length = Math.min(size, bytes);
    const buffer = Buffer.alloc(length);
    const read = fs.readSync(fd, buffer, 0, length, size - length);
    const text = buffer.subarray(0, read).toString('utf8');
    if (length === size) return text;
    const newline = text.indexOf('\n');
    return newline >= 0 && newline < text.length - 1 ? text.slice(newline + 1) : text.replace(/^\uFFFD+/, '');
  } finally {
    fs.closeSync(fd);
  }
}
