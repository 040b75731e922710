/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Readable } from 'node:stream';

/** Waits for the first `length` bytes (or the end) and puts them back. */
export function readStreamHead(
  stream: Readable,
  length: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    function done() {
      stream.off('data', onData);
      stream.off('end', done);
      stream.off('error', reject);
      stream.pause();
      if (head.length) stream.unshift(head);
      resolve(head);
    }
    function onData(chunk: Buffer) {
      head = Buffer.concat([head, chunk]);
      if (head.length >= length) done();
    }
    stream.on('data', onData);
    stream.once('end', done);
    stream.once('error', reject);
    // A stream someone peeked into and paused stays paused without this.
    stream.resume();
  });
}
