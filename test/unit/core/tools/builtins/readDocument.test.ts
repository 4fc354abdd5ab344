// read_document on real files: a Chromium-printed PDF through the tool, protected paths refused like read_file,
// and read_file pointing binary documents to read_document.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDocumentTool } from '../../../../../main/core/tools/builtins/readDocument';
import { readFileTool } from '../../../../../main/core/tools/builtins/readFile';
import { createFileAccess } from '../../../../../main/core/tools/sandbox/fileAccess';
import { pagedHtml, printPdf } from '../../../../support/documentFixtures';
import { context, run, tempDir, text } from './helpers';

let dir: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir, cleanup } = await tempDir()));
afterEach(() => cleanup());

describe('read_document', () => {
  it('reads a PDF by relative path, page by page, and chosen pages', async () => {
    await printPdf(dir, 'report.pdf', pagedHtml(['<h1>Quarterly report</h1>', '<p>Revenue grew 12%.</p>']));
    const all = text(await run(readDocumentTool, { path: 'report.pdf' }, context(dir)));
    expect(all).toMatch(/^# report\.pdf \(PDF, 2 pages\)/);
    expect(all).toMatch(/## Page 1\n\nQuarterly report/);
    expect(all).toMatch(/## Page 2\n\nRevenue grew 12%\./);
    const second = text(await run(readDocumentTool, { path: 'report.pdf', pages: '2' }, context(dir)));
    expect(second).not.toContain('Quarterly');
    await expect(run(readDocumentTool, { path: 'report.pdf', pages: 'two' }, context(dir))).rejects.toThrow(
      /pages="two" is not understood/,
    );
  }, 120_000);

  it('refuses a protected Deskpilot file through the same FileAccess as read_file', async () => {
    const home = join(dir, 'home');
    await mkdir(home);
    await writeFile(join(home, 'credentials.json'), '{"secret":1}');
    const ctx = { ...context(dir), files: createFileAccess({ cwd: dir, home, policy: 'workspace-write' }) };
    await expect(run(readDocumentTool, { path: join(home, 'credentials.json') }, ctx)).rejects.toThrow(
      /Deskpilot's own secret files/,
    );
    await expect(run(readFileTool, { path: join(home, 'credentials.json') }, ctx)).rejects.toThrow(
      /Deskpilot's own secret files/,
    );
  });

  it('says when a file is missing', async () => {
    await expect(run(readDocumentTool, { path: 'nope.pdf' }, context(dir))).rejects.toThrow(
      /File not found: .*nope\.pdf/,
    );
  });

  it('read_file points binary documents to read_document', async () => {
    await writeFile(join(dir, 'a.docx'), 'PK\u0003\u0004 zip bytes');
    await expect(run(readFileTool, { path: 'a.docx' }, context(dir))).rejects.toThrow(/Use read_document/);
    await writeFile(join(dir, 'blob.bin'), Buffer.from([1, 0, 2]));
    await expect(run(readFileTool, { path: 'blob.bin' }, context(dir))).rejects.toThrow(/use read_document/);
  });
});
