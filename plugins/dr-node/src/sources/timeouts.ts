/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import type { Agent } from 'node:http';
import type { Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { Config } from '@backstage/config';
import { CustomErrorBase } from '@backstage/errors';
import { readIntervalMs } from './readIntervalMs';

/**
 * How long a source may take to connect and to answer one call.
 * @public
 */
export interface SourceTimeouts {
  /** Establishing a connection (TCP and TLS), in milliseconds. */
  connectMs: number;
  /**
   * One call to the source, in milliseconds: one listing page or object
   * request, retries included, or one filesystem operation.
   */
  requestMs: number;
}

/**
 * Timeouts of a source without `timeouts` config: 10 s to connect, 60 s per call.
 * @public
 */
export const DEFAULT_SOURCE_TIMEOUTS: Readonly<SourceTimeouts> = {
  connectMs: 10_000,
  requestMs: 60_000,
};

/**
 * A call to a backup source did not finish within its timeout. The message
 * ends with "timed out after N s", N being the configured timeout.
 * @public
 */
export class SourceTimeoutError extends CustomErrorBase {
  name = 'SourceTimeoutError' as const;
}

/**
 * Reads `timeouts.connect` and `timeouts.request` of a `dr.sources.<id>`
 * block, each a duration (`{ seconds: 10 }`, `10s` or `PT10S`).
 * @public
 */
export function readSourceTimeouts(config: Config): SourceTimeouts {
  const read = (key: string, fallback: number) => {
    const ms = readIntervalMs(config, key);
    if (ms === undefined) return fallback;
    if (!Number.isFinite(ms) || ms <= 0) {
      throw new Error(`${key} must be a positive duration`);
    }
    return ms;
  };
  return {
    connectMs: read('timeouts.connect', DEFAULT_SOURCE_TIMEOUTS.connectMs),
    requestMs: read('timeouts.request', DEFAULT_SOURCE_TIMEOUTS.requestMs),
  };
}

/**
 * `1000` → `1 s`, `1500` → `1.5 s`.
 * @internal
 */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(3))} s`;
}

/**
 * Runs `call` with a signal that aborts after `ms`, and stops waiting then
 * even if the call ignores its signal (a read from a hung NFS mount cannot be
 * interrupted; its thread stays blocked, but the indexer moves on), failing
 * with a {@link SourceTimeoutError}.
 * @param what - the call, for people: "Listing bucket x of source y".
 * @public
 */
export async function withDeadline<T>(
  ms: number,
  what: string,
  call: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timeout = new SourceTimeoutError(
    `${what} timed out after ${formatSeconds(ms)}`,
  );
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(timeout);
      reject(timeout);
    }, ms);
  });
  try {
    return await Promise.race([call(controller.signal), expired]);
  } catch (error) {
    throw controller.signal.aborted ? timeout : error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Makes the sockets an agent creates fail with a {@link SourceTimeoutError}
 * when they are not connected (TLS handshake included) within `ms`.
 * Patches this one agent instance, which must not be shared.
 * @internal
 */
export function limitConnectTime(agent: Agent, ms: number, what: string) {
  type CreateConnection = (...args: unknown[]) => Socket | undefined;
  const patchable = agent as unknown as { createConnection?: CreateConnection };
  const original = patchable.createConnection;
  if (typeof original !== 'function') return;
  patchable.createConnection = (...args: unknown[]) => {
    const socket = original.apply(agent, args);
    // Proxy agents connect asynchronously and hand no socket back here.
    if (!socket || typeof socket.once !== 'function' || !socket.connecting) {
      return socket;
    }
    const timer = setTimeout(
      () =>
        socket.destroy(
          new SourceTimeoutError(
            `Connecting for ${what} timed out after ${formatSeconds(ms)}`,
          ),
        ),
      ms,
    );
    const clear = () => clearTimeout(timer);
    socket.once(
      socket instanceof TLSSocket ? 'secureConnect' : 'connect',
      clear,
    );
    socket.once('close', clear);
    return socket;
  };
}
