/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import fs, { type promises as fsPromises } from 'node:fs';

/**
 * Opens a backup file on this machine for tools to read by themselves, only
 * if it is a regular file: a FIFO or a device under a backup's name would
 * block the open or never end. `undefined` when it is missing or not a
 * regular file, so the caller goes the source's way and its errors.
 */
export async function openRegularFile(
  file: string,
): Promise<fsPromises.FileHandle | undefined> {
  let handle: fsPromises.FileHandle;
  try {
    // Non-blocking, so opening a FIFO returns at once; regular files ignore the flag.
    handle = await fs.promises.open(
      file,
      fs.constants.O_RDONLY | fs.constants.O_NONBLOCK,
    );
  } catch {
    return undefined;
  }
  if ((await handle.stat()).isFile()) return handle;
  await handle.close();
  return undefined;
}
