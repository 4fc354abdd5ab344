// The test MCP server (./mcpTestServer.ts) over HTTP on 127.0.0.1: Streamable HTTP (stateless), or legacy SSE only.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { buildTestServer } from './mcpTestServer';

/** A running HTTP MCP server: its URL, the Authorization headers it received, and close. */
export interface HttpMcpServer {
  url: string;
  authorizations: string[];
  close(): Promise<void>;
}

/**
 * Starts the test server over HTTP. `sse: false` (default): Streamable HTTP at `/mcp`, stateless (a fresh server per
 * request). `sse: true`: only the legacy transport (GET `/mcp` opens the stream, POST `/messages?sessionId=`), and a
 * POST to `/mcp` gets 405, as old servers answer Streamable HTTP clients.
 */
export async function startHttpMcpServer(options: { sse?: boolean } = {}): Promise<HttpMcpServer> {
  const authorizations: string[] = [];
  const sseSessions = new Map<string, SSEServerTransport>();
  const httpServer = http.createServer((req, res) => {
    if (req.headers.authorization) authorizations.push(req.headers.authorization);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    void (async () => {
      if (!options.sse && url.pathname === '/mcp') {
        if (req.method !== 'POST') {
          res.writeHead(405).end();
          return;
        }
        const server = buildTestServer();
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        res.on('close', () => void server.close());
        await server.connect(transport);
        await transport.handleRequest(req, res);
        return;
      }
      if (options.sse && url.pathname === '/mcp' && req.method === 'GET') {
        const transport = new SSEServerTransport('/messages', res);
        sseSessions.set(transport.sessionId, transport);
        res.on('close', () => sseSessions.delete(transport.sessionId));
        await buildTestServer().connect(transport);
        return;
      }
      if (options.sse && url.pathname === '/messages' && req.method === 'POST') {
        const transport = sseSessions.get(url.searchParams.get('sessionId') ?? '');
        if (!transport) {
          res.writeHead(404).end();
          return;
        }
        await transport.handlePostMessage(req, res);
        return;
      }
      res.writeHead(options.sse && url.pathname === '/mcp' ? 405 : 404).end();
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}
