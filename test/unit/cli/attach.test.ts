// `deskpilot run --attach FILE`: a Chromium-printed PDF and an XLSX attached from the CLI reach the model as their
// extracted text (name, type, pages), in the request the fake model server receives.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { pagedHtml, printPdf, writeXlsx } from '../../support/documentFixtures';
import { scripted, startFakeModelServer, type FakeModelServer } from '../../support/fakeModelServer';
import { runCli } from '../../support/runCli';
import { createTestHome } from '../../support/testHome';

// Spawns the CLI (which starts a runtime and a document worker): sized for a loaded 2-core machine.
vi.setConfig({ testTimeout: 240_000 });

let server: FakeModelServer;
let home: string;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  server = await startFakeModelServer();
  ({ home, env } = await createTestHome({
    prefix: 'deskpilot-attach-',
    serverUrl: server.url,
    env: { OPENAI_API_KEY: 'sk-test-attach-0000' },
  }));
  dir = await mkdtemp(path.join(tmpdir(), 'deskpilot-attach-files-'));
});
afterAll(async () => {
  await server.close();
  await rm(home, { recursive: true, force: true });
  await rm(dir, { recursive: true, force: true });
});

describe('deskpilot run --attach', () => {
  it('sends the extracted text of attached documents with their names', async () => {
    const pdf = await printPdf(
      dir,
      'invoice.pdf',
      pagedHtml(['<h1>Invoice 7781</h1><p>Total due: 1,234.00 EUR</p>', '<p>Thank you</p>']),
    );
    const xlsx = await writeXlsx(dir, 'budget.xlsx', {
      Q1: [
        ['Item', 'Cost'],
        ['Rent', 1200],
      ],
    });
    server.enqueue(scripted.text('The total is 1,234.00 EUR.'));
    const r = await runCli(['run', '--attach', pdf, '--attach', xlsx, 'what is the total?'], env);
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('The total is 1,234.00 EUR.');
    const body = server.requests.at(-1)!.body as {
      input: Array<{ type: string; role?: string; content?: Array<{ type: string; text?: string }> }>;
    };
    const user = body.input.filter((i) => i.type === 'message' && i.role === 'user').at(-1)!;
    const texts = user.content!.map((c) => c.text ?? '');
    expect(texts[0]).toBe('what is the total?');
    const pdfPart = texts.find((t) => t.startsWith('Attached file invoice.pdf:'));
    expect(pdfPart).toContain('# invoice.pdf (PDF, 2 pages)');
    expect(pdfPart).toMatch(/## Page 1\n\nInvoice 7781\nTotal due: 1,234\.00 EUR/);
    const xlsxPart = texts.find((t) => t.startsWith('Attached file budget.xlsx:'));
    expect(xlsxPart).toContain('| Rent | 1200 |');
  });

  it('names a missing file and exits 2', async () => {
    const r = await runCli(['run', '--attach', path.join(dir, 'nope.pdf'), 'hi'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--attach');
    expect(r.stderr).toContain('nope.pdf');
  });
});
