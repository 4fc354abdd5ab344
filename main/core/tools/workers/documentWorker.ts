// Worker thread entry of document extraction: reads the file (or takes the bytes), extracts and renders it, posts
// one `done` message. Runs off the runtime's event loop; ../../documents/extractInWorker bounds its time and heap.
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { extractBytes } from '../../documents/extract';
import type { DocumentMessage, DocumentRequest } from '../../documents/protocol';
import { renderDocument } from '../../documents/render';

const request = workerData as DocumentRequest;
const port = parentPort;
if (!port) throw new Error('documentWorker runs only as a worker thread (see ./runWorker.ts).');

async function run(): Promise<DocumentMessage> {
  const bytes = 'path' in request.source ? new Uint8Array(await readFile(request.source.path)) : request.source.bytes;
  const doc = await extractBytes(bytes, request.name, request.format, request.options);
  const rendered = renderDocument(request.name, doc, request.options);
  return { type: 'done', ok: true, ...rendered, total: doc.total, parts: doc.parts };
}

run().then(
  (message) => port.postMessage(message),
  (error: unknown) =>
    port.postMessage({ type: 'done', ok: false, error: error instanceof Error ? error.message : String(error) }),
);
