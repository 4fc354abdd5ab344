// Hardening (issue 8 #11): open_url never reaches a shell. On Windows it went through `cmd /c start` with verbatim
// arguments, so `%VAR%` expanded inside quotes and `"&` broke out; the opener is now a program given the URL as one
// argument, and only checked https: URLs or absolute file paths reach it.
import { mkdtemp, readFile, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createOpenUrlTool } from '../../main/core/tools/builtins/openUrl';
import { checkOpenTarget, openerCommand, systemOpener } from '../../main/core/util/systemOpener';
import { context, run } from '../unit/core/tools/builtins/helpers';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

const ATTACKS = [
  'https://example.com/%PATH%"&calc&"',
  'https://example.com/"&whoami>x.txt&"',
  'https://example.com/?q=a^&b|c',
  'https://example.com/$(touch /tmp/x)`id`',
];

describe('open_url: no shell on any platform (issue 8 #11)', () => {
  it('on Windows the opener is rundll32 with the URL as one argument, never cmd', () => {
    for (const attack of ATTACKS) {
      const href = checkOpenTarget(new URL(attack).href);
      const [command, args] = openerCommand(href, 'win32');
      expect(command).toBe('rundll32');
      expect(args).toEqual(['url.dll,FileProtocolHandler', href]);
      // The normalized URL carries no quote that could close an argument, and no raw `%VAR%` reaches a cmd parser.
      expect(href).not.toContain('"');
    }
    expect(openerCommand('https://example.com/', 'darwin')).toEqual(['open', ['https://example.com/']]);
    expect(openerCommand('https://example.com/', 'linux')).toEqual(['xdg-open', ['https://example.com/']]);
  });

  it('refuses what an opener could misread: options, other schemes, relative paths, control characters', () => {
    for (const target of [
      '--help',
      '-e',
      'relative/file.html',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'http://example.com/',
      'https://user:pw@example.com/',
      'https://example.com/a\nb',
      '/tmp/a\u0007b',
    ])
      expect(() => checkOpenTarget(target), target).toThrow(/Refused to open/);
    expect(checkOpenTarget('/tmp/deskpilot/login.html')).toBe('/tmp/deskpilot/login.html');
  });

  it('the real opener gets the URL as one argv entry, with shell metacharacters inert (a fake xdg-open on PATH)', async () => {
    if (process.platform !== 'linux') throw new Error('this test runs on Linux (it puts a fake xdg-open on PATH)');
    const dir = await mkdtemp(join(tmpdir(), 'deskpilot-open-'));
    dirs.push(dir);
    const record = join(dir, 'argv.json');
    const fake = join(dir, 'xdg-open');
    await writeFile(
      fake,
      `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));\n`,
    );
    await chmod(fake, 0o755);
    const marker = join(dir, 'pwned');
    const attack = `https://example.com/$(touch ${marker})\`touch ${marker}\`;touch ${marker}`;
    const oldPath = process.env.PATH;
    process.env.PATH = `${dir}:${oldPath}`;
    try {
      const tool = createOpenUrlTool(systemOpener);
      const output = await run(tool, { url: attack }, context('/'));
      const href = new URL(attack).href;
      expect(output).toBe(`Opened ${href} in the default browser.`);
      await expect.poll(async () => readFile(record, 'utf8').catch(() => ''), { timeout: 30_000 }).not.toBe('');
      expect(JSON.parse(await readFile(record, 'utf8'))).toEqual([href]);
      // A shell would have run the substitutions before starting the opener, so the marker would exist by now.
      await expect(readFile(marker)).rejects.toThrow(/ENOENT/);
    } finally {
      process.env.PATH = oldPath;
    }
  });
});
