// Extraction of every supported format from fixtures the test makes itself, through the worker the runtime uses.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFile } from '../../../../main/core/documents/extractInWorker';
import { pagedHtml, printPdf, writeOfficeFromMarkdown, writeXlsx } from '../../../support/documentFixtures';

let dir: string;
const signal = new AbortController().signal;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'dp-docs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const contract = [
  '# Service Contract',
  '',
  'This agreement is made between Alpha and Beta.',
  '',
  '## Payment Terms',
  '',
  '- Net 30 days',
  '- Late fee 2%',
  '',
  '| Item | Price |',
  '| --- | --- |',
  '| Widget | 9.99 |',
  '',
].join('\n');

describe('document extraction', () => {
  it('reads a Chromium-printed PDF page by page, marks a page without text, and reads chosen pages', async () => {
    const pdf = await printPdf(
      dir,
      'invoice.pdf',
      pagedHtml([
        '<h1>Invoice 42</h1><p>First page alpha.</p>',
        '<h2>Details</h2><table><tr><th>Item</th><th>Price</th></tr><tr><td>Widget</td><td>9.99</td></tr></table>',
        '<svg width="200" height="200"><rect width="200" height="200" fill="#888"/></svg>',
      ]),
    );
    const doc = await extractFile(pdf, {}, signal);
    expect(doc.total).toBe(3);
    expect(doc.text).toMatch(/^# invoice\.pdf \(PDF, 3 pages\)/);
    expect(doc.text).toMatch(/## Page 1\n\nInvoice 42\nFirst page alpha\./);
    expect(doc.text).toMatch(/## Page 2\n\nDetails\n[\s\S]*Widget[\s\S]*9\.99/);
    expect(doc.text).toMatch(/## Page 3\n\n\(no text on this page: it may be a scanned image/);
    expect(doc.text).toContain('Page 3 had no text layer');
    const second = await extractFile(pdf, { pages: '2' }, signal);
    expect(second.text).not.toContain('Invoice 42');
    expect(second.text).toContain('## Page 2');
  }, 120_000);

  it('cuts a long PDF to the token budget and says which pages to read next', async () => {
    const pages = Array.from({ length: 6 }, (_, i) => `<h1>Chapter ${i + 1}</h1><p>${'word '.repeat(300)}</p>`);
    const pdf = await printPdf(dir, 'book.pdf', pagedHtml(pages));
    const doc = await extractFile(pdf, { maxTokens: 800 }, signal);
    expect(doc.truncated).toBe(true);
    const next = /Read on with pages="(\d+)-"/.exec(doc.text);
    expect(next).not.toBeNull();
    const rest = await extractFile(pdf, { pages: `${next![1]}-`, maxTokens: 800 }, signal);
    expect(rest.text).toContain(`## Page ${next![1]}`);
    expect(rest.text).toContain(`Chapter ${next![1]}`);
  }, 120_000);

  it('reads a DOCX as markdown with headings, lists and a table', async () => {
    const docx = await writeOfficeFromMarkdown(dir, 'contract.docx', 'docx', contract);
    const doc = await extractFile(docx, {}, signal);
    expect(doc.text).toContain('# contract.docx (Word document)');
    expect(doc.text).toMatch(/^# Service Contract$/m);
    expect(doc.text).toMatch(/^## Payment Terms$/m);
    expect(doc.text).toMatch(/^-\s+Net 30 days$/m);
    expect(doc.text).toMatch(/^\| \**Item\** \| \**Price\** \|$/m);
    expect(doc.text).toMatch(/^\| Widget \| 9\.99 \|$/m);
  }, 60_000);

  it.each(['odt', 'rtf', 'epub'] as const)(
    'reads %s through officeparser with its structure',
    async (format) => {
      const file = await writeOfficeFromMarkdown(dir, `contract.${format}`, format, contract);
      const doc = await extractFile(file, {}, signal);
      expect(doc.text).toContain('Service Contract');
      expect(doc.text).toMatch(/^#+ Payment Terms$/m);
      expect(doc.text).toMatch(/Widget \| 9\.99/);
    },
    60_000,
  );

  it('reads sheets of an XLSX as tables and caps rows with a note saying how to read on', async () => {
    const rows: (string | number)[][] = [['Name', 'Amount']];
    for (let i = 1; i <= 30; i++) rows.push([`row${i}`, i * 10]);
    const xlsx = await writeXlsx(dir, 'ledger.xlsx', {
      Summary: [
        ['Total', 'Value'],
        ['all', 4650],
      ],
      Rows: rows,
    });
    const doc = await extractFile(xlsx, { maxSheetRows: 10 }, signal);
    expect(doc.total).toBe(2);
    expect(doc.text).toContain('## Sheet 1: Summary');
    expect(doc.text).toContain('| all | 4650 |');
    expect(doc.text).toContain('## Sheet 2: Rows');
    expect(doc.text).toContain('| row10 | 100 |');
    expect(doc.text).not.toContain('| row11 |');
    expect(doc.text).toContain(
      'showing data rows 1-10 of 30; 20 rows left out; read more with pages="2" range="11-20"',
    );
    const more = await extractFile(xlsx, { pages: '2', range: '11-20' }, signal);
    expect(more.text).toContain('| row11 | 110 |');
    expect(more.text).not.toContain('Summary');
  }, 60_000);

  it('reads a CSV as a table', async () => {
    const csv = path.join(dir, 'people.csv');
    await writeFile(csv, 'name,city\nAda,London\n"Grace, H",Arlington\n');
    const doc = await extractFile(csv, {}, signal);
    expect(doc.text).toContain('| name | city |');
    expect(doc.text).toContain('| Grace, H | Arlington |');
  }, 60_000);

  it('reads the readable part of an HTML page as markdown', async () => {
    const html = path.join(dir, 'page.html');
    await writeFile(
      html,
      `<html><head><title>Release notes</title></head><body><nav>menu links</nav><article><h1>Release notes</h1><h2>Version 2</h2><p>${'Deskpilot reads documents now. '.repeat(20)}</p><ul><li>PDF</li><li>DOCX</li></ul></article></body></html>`,
    );
    const doc = await extractFile(html, {}, signal);
    expect(doc.text).toMatch(/^## Version 2$/m);
    expect(doc.text).toMatch(/^-\s+PDF$/m);
  }, 60_000);

  it('decodes UTF-16 and Latin-1 text', async () => {
    const utf16 = path.join(dir, 'notes16.txt');
    await writeFile(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Grüße aus Köln\n', 'utf16le')]));
    expect((await extractFile(utf16, {}, signal)).text).toContain('Grüße aus Köln');
    const latin1 = path.join(dir, 'notes1.txt');
    await writeFile(latin1, Buffer.from('Le café est très bon. Déjà vu à la française, garçon.\n'.repeat(5), 'latin1'));
    const doc = await extractFile(latin1, {}, signal);
    expect(doc.text).toContain('Le café est très bon');
  }, 60_000);

  it('gives clear errors for a corrupt DOCX, an encrypted-looking PDF, an unsupported type and a huge file', async () => {
    const bad = path.join(dir, 'broken.docx');
    await writeFile(bad, 'this is not a zip file');
    await expect(extractFile(bad, {}, signal)).rejects.toThrow(
      /broken\.docx could not be read as a Word document.*save it again as \.docx/,
    );
    const badPdf = path.join(dir, 'broken.pdf');
    await writeFile(badPdf, '%PDF-1.7\ngarbage');
    await expect(extractFile(badPdf, {}, signal)).rejects.toThrow(/broken\.pdf could not be read as a PDF/);
    const doc = path.join(dir, 'old.doc');
    await writeFile(doc, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0]));
    await expect(extractFile(doc, {}, signal)).rejects.toThrow(
      /old\.doc: the \.doc format is not supported\. Save it as \.docx/,
    );
    const huge = path.join(dir, 'huge.pdf');
    const { truncate } = await import('node:fs/promises');
    await writeFile(huge, '%PDF-1.7\n');
    await truncate(huge, 2 * 1024 ** 3);
    await expect(extractFile(huge, {}, signal)).rejects.toThrow(
      /huge\.pdf is 2048 MB, more than the 100 MB Deskpilot extracts/,
    );
  }, 60_000);

  it('stops an extraction at its time limit', async () => {
    const pdf = await printPdf(dir, 'slow.pdf', pagedHtml(['<p>one</p>']));
    await expect(extractFile(pdf, { timeoutMs: 1 }, signal)).rejects.toThrow(
      /slow\.pdf took longer than 0 s and was stopped/,
    );
  }, 60_000);
});
