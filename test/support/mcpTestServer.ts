// A real MCP server for tests, written with the SDK: echo, image, error, hang, crash, structured, link and
// list_changed tools. Run as a stdio server (`tsx mcpTestServer.ts [normal|exit|noinit]`) or serve it over HTTP
// (./mcpHttpServer.ts).
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

/** A 1x1 red PNG, base64 (what `pixel` returns). */
export const PIXEL_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';

/**
 * The test server. `log(line)` records what happened (a hang's cancellation, headers seen); stdio servers append to
 * the file named by `MCP_TEST_LOG`.
 */
export function buildTestServer(log: (line: string) => void = () => {}): McpServer {
  const server = new McpServer({ name: 'deskpilot-test', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Echoes the text back.', inputSchema: { text: z.string() }, annotations: { readOnlyHint: true } },
    async ({ text }) => ({ content: [{ type: 'text', text: `echo: ${text}` }] }),
  );
  server.registerTool(
    'shout',
    { description: 'Upper-cases the text (no annotations: external).', inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: 'text', text: text.toUpperCase() }] }),
  );
  server.registerTool(
    'wipe',
    { description: 'Pretends to delete everything.', annotations: { destructiveHint: true } },
    async () => ({ content: [{ type: 'text', text: 'wiped' }] }),
  );
  server.registerTool(
    'pixel',
    { description: 'Returns a 1x1 PNG image.', annotations: { readOnlyHint: true } },
    async () => ({
      content: [
        { type: 'text', text: 'here is the pixel' },
        { type: 'image', data: PIXEL_PNG, mimeType: 'image/png' },
      ],
    }),
  );
  server.registerTool('fail', { description: 'Always fails.', annotations: { readOnlyHint: true } }, async () => ({
    isError: true,
    content: [{ type: 'text', text: 'the database is locked' }],
  }));
  server.registerTool(
    'hang',
    { description: 'Never answers until cancelled.', annotations: { readOnlyHint: true } },
    (extra) =>
      new Promise((resolve) => {
        log('hang started');
        extra.signal.addEventListener('abort', () => {
          log('hang cancelled');
          resolve({ content: [{ type: 'text', text: 'cancelled' }] });
        });
      }),
  );
  server.registerTool(
    'crash',
    { description: 'Makes the server exit.', annotations: { readOnlyHint: true } },
    async () => {
      process.stderr.write('crashing on purpose\n');
      setTimeout(() => process.exit(3), 10);
      return { content: [{ type: 'text', text: 'bye' }] };
    },
  );
  server.registerTool(
    'structured',
    {
      description: 'Returns structured content and a resource link.',
      outputSchema: { count: z.number() },
      annotations: { readOnlyHint: true },
    },
    async () => ({
      content: [
        { type: 'text', text: 'counted' },
        { type: 'resource_link', uri: 'file:///tmp/report.txt', name: 'report', mimeType: 'text/plain' },
      ],
      structuredContent: { count: 42 },
    }),
  );
  server.registerTool(
    'add_tool',
    { description: 'Adds a tool (sends tools/list_changed).', inputSchema: { name: z.string() } },
    async ({ name }) => {
      server.registerTool(
        name,
        { description: `Added at run time.`, annotations: { readOnlyHint: true } },
        async () => ({
          content: [{ type: 'text', text: `${name} ran` }],
        }),
      );
      return { content: [{ type: 'text', text: `added ${name}` }] };
    },
  );
  return server;
}

async function main(mode: string): Promise<void> {
  const logFile = process.env.MCP_TEST_LOG;
  const log = (line: string) => {
    if (logFile) appendFileSync(logFile, `${line}\n`);
  };
  process.stderr.write(`test server starting (${mode})\n`);
  if (mode === 'exit') {
    process.stderr.write('fatal: missing configuration file\n');
    process.exit(2);
  }
  if (mode === 'noinit') {
    process.stdin.resume(); // reads requests, never answers
    setInterval(() => {}, 60_000);
    return;
  }
  await buildTestServer(log).connect(new StdioServerTransport());
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  void main(process.argv[2] ?? 'normal');
}
