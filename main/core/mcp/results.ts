// An MCP CallToolResult as a tool result the model reads: text, images, resource links, embedded resources, structured content.
import type { ToolImage, ToolResult } from '../../../plugins/sdk/types';

/** One content block of a CallToolResult (MCP spec `ContentBlock`), loosely typed: servers send what they send. */
export interface McpContent {
  type: string;
  text?: string;
  data?: string;
  mimeType?: string;
  uri?: string;
  name?: string;
  description?: string;
  resource?: { uri?: string; mimeType?: string; text?: string; blob?: string };
}

/** The parts of a CallToolResult this module reads. */
export interface McpCallResult {
  content?: McpContent[];
  structuredContent?: unknown;
  isError?: boolean;
  /** Pre-2025 servers may answer with `toolResult` instead of `content`. */
  toolResult?: unknown;
}

const imageTypes = new Set<ToolImage['mimeType']>(['image/png', 'image/jpeg', 'image/webp']);

/**
 * Converts a CallToolResult: text blocks joined by blank lines; images of type png/jpeg/webp become tool images (the
 * model sees them), other media a note; resource links and embedded resources a line with their URI (embedded text
 * inline); `structuredContent` appended as JSON unless a text block already carries exactly that JSON. `isError`
 * gives an error result whose text starts with `Error from MCP server <server>:`.
 * Spec: https://modelcontextprotocol.io/specification/2025-06-18/server/tools#tool-result
 */
export function toToolResult(server: string, result: McpCallResult): ToolResult {
  const parts: string[] = [];
  const images: ToolImage[] = [];
  for (const block of result.content ?? []) {
    switch (block.type) {
      case 'text':
        parts.push(block.text ?? '');
        break;
      case 'image':
        if (imageTypes.has(block.mimeType as ToolImage['mimeType']) && typeof block.data === 'string' && block.data)
          images.push({ mimeType: block.mimeType as ToolImage['mimeType'], data: block.data });
        else
          parts.push(
            `[image of type ${block.mimeType ?? 'unknown'} not shown: only PNG, JPEG and WebP reach the model]`,
          );
        break;
      case 'audio':
        parts.push(`[audio of type ${block.mimeType ?? 'unknown'} not shown]`);
        break;
      case 'resource_link':
        parts.push(
          `[resource link] ${block.name ?? ''} <${block.uri ?? ''}>${block.mimeType ? ` (${block.mimeType})` : ''}${block.description ? `: ${block.description}` : ''}`,
        );
        break;
      case 'resource': {
        const r = block.resource ?? {};
        if (typeof r.text === 'string') parts.push(`[resource <${r.uri ?? ''}>]\n${r.text}`);
        else
          parts.push(
            `[resource <${r.uri ?? ''}>${r.mimeType ? ` (${r.mimeType})` : ''}: ${r.blob ? Math.floor((r.blob.length * 3) / 4) : 0} bytes of binary data not shown]`,
          );
        break;
      }
      default:
        parts.push(`[content of type ${JSON.stringify(block.type)} not shown]`);
    }
  }
  if (result.structuredContent !== undefined) {
    const json = JSON.stringify(result.structuredContent);
    if (!parts.some((p) => safeJson(p) === json)) parts.push(`structured content: ${json}`);
  }
  if (!result.content && result.toolResult !== undefined) parts.push(JSON.stringify(result.toolResult));
  let output = parts.join('\n\n');
  if (result.isError) output = `Error from MCP server ${server}: ${output || '(no message)'}`;
  else if (output === '' && images.length === 0) output = '(the tool returned no content)';
  return { output, ...(result.isError ? { isError: true } : {}), ...(images.length > 0 ? { images } : {}) };
}

/** The canonical JSON of a text that parses as JSON, or undefined. */
function safeJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return undefined;
  }
}
