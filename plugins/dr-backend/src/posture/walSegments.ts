/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Segments per log with the default 16 MB WAL segments: a log holds
 * segments 00..FF, so `…0A000000FF` is followed by `…0B00000000`.
 */
const SEGMENTS_PER_LOG = 0x100;

/**
 * A WAL segment's position: its timeline and its number counted across logs.
 * @internal
 */
export interface WalSegment {
  timeline: number;
  /** log × 256 + segment: consecutive segments differ by one. */
  number: number;
}

/**
 * Reads a segment file name (`000000010000000A000000FF`, with any suffix
 * such as `.gz` or `.zst.enc`); undefined for anything else, so `.history`
 * files and names that merely look like WAL are never counted.
 * @internal
 */
export function parseWalSegmentName(fileName: string): WalSegment | undefined {
  const match =
    /^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})(\.[A-Za-z0-9.]+)?$/.exec(
      fileName,
    );
  if (
    !match ||
    match[4]?.startsWith('.partial') ||
    match[4]?.includes('.backup')
  )
    return undefined;
  const segment = parseInt(match[3], 16);
  // 16 MB segments never number past FF within a log.
  if (segment >= SEGMENTS_PER_LOG) return undefined;
  return {
    timeline: parseInt(match[1], 16),
    number: parseInt(match[2], 16) * SEGMENTS_PER_LOG + segment,
  };
}

/**
 * The 24-digit name of a segment.
 * @internal
 */
export function walSegmentName(segment: WalSegment): string {
  const hex = (value: number) =>
    value.toString(16).toUpperCase().padStart(8, '0');
  return (
    hex(segment.timeline) +
    hex(Math.floor(segment.number / SEGMENTS_PER_LOG)) +
    hex(segment.number % SEGMENTS_PER_LOG)
  );
}

/**
 * The segment holding an LSN `X/Y` on a timeline: log X, segment Y >> 24.
 * @internal
 */
export function walSegmentOfLsn(
  lsn: string,
  timeline: number,
): WalSegment | undefined {
  const match = /^([0-9A-F]{1,8})\/([0-9A-F]{1,8})$/i.exec(lsn);
  if (!match || !Number.isInteger(timeline) || timeline < 1) return undefined;
  return {
    timeline,
    number:
      parseInt(match[1], 16) * SEGMENTS_PER_LOG +
      Math.floor(parseInt(match[2], 16) / 0x1000000),
  };
}
