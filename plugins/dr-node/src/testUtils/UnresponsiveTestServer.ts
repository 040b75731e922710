/*
 * Copyright 2026 The DR Suite Authors
 * SPDX-License-Identifier: Apache-2.0
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A frozen endpoint: accepts TCP connections and never answers.
 * @public
 */
export interface UnresponsiveTestServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** Destroys every accepted connection and closes the server. */
  stop(): Promise<void>;
}

/**
 * Starts an {@link UnresponsiveTestServer} on a free loopback port, as a
 * hung S3 endpoint or Kubernetes API server looks to a client.
 * @public
 */
export async function startUnresponsiveTestServer(): Promise<UnresponsiveTestServer> {
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const server = net.createServer(socket => {
    accepted += 1;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    // Reads whatever the client sends and never writes a byte back.
    socket.resume();
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections: () => accepted,
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise(resolve => server.close(resolve));
    },
  };
}
