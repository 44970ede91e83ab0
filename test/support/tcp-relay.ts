/**
 * A TCP relay in front of a test server (s3rver): passes bytes through until told to stall
 * (hold every connection silent, as a hung server does) or to cut the answer after some bytes
 * (a connection lost mid-transfer). Killing s3rver itself corrupts its files; this does not.
 */

import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface TcpRelay {
  readonly endpoint: string;
  /** Hold new and open connections: nothing goes either way. */
  stall(): void;
  /** Cut each new connection once this many bytes came back from the server. */
  cutAfter(bytes: number): void;
  /** Back to passing everything. */
  pass(): void;
  close(): Promise<void>;
}

export async function startTcpRelay(targetPort: number): Promise<TcpRelay> {
  let mode: { kind: 'pass' } | { kind: 'stall' } | { kind: 'cut'; bytes: number } = { kind: 'pass' };
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    sockets.add(client).add(upstream);
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', drop).on('error', drop);
    upstream.on('close', drop).on('error', drop);
    let back = 0;
    client.on('data', (chunk) => {
      if (mode.kind !== 'stall') upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (mode.kind === 'stall') return;
      if (mode.kind === 'cut') {
        const room = mode.bytes - back;
        back += chunk.length;
        if (room <= 0) return drop();
        if (chunk.length >= room) {
          client.write(chunk.subarray(0, room), drop);
          return;
        }
      }
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stall: () => {
      mode = { kind: 'stall' };
    },
    cutAfter: (bytes) => {
      mode = { kind: 'cut', bytes };
    },
    pass: () => {
      mode = { kind: 'pass' };
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
