// Tests for Grants: rule matching, session grants, persistence across instances, revoke, invalid files, suggestions.
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Grants, ruleMatches } from '../../../../main/core/approvals/grants';
import { loadShellParser } from '../../../../main/core/approvals/shellParse';

let home: string;
/** What the grants reported about approvals.json (an invalid file is logged, not thrown). */
let errors: string[];
const log = { debug() {}, info() {}, warn() {}, error: (message: string) => void errors.push(message) };
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'deskpilot-grants-'));
  errors = [];
});
afterEach(async () => {
  await rm(home, { recursive: true, force: true });
});

describe('ruleMatches', () => {
  it('requires the tool and every match key', () => {
    const rule = { tool: 'bash', match: { command: 'git *', cwd: '/repo' } };
    expect(ruleMatches(rule, 'bash', { command: 'git status', cwd: '/repo' })).toBe(true);
    expect(ruleMatches(rule, 'bash', { command: 'git status', cwd: '/other' })).toBe(false);
    expect(ruleMatches(rule, 'bash', { command: 'git status' })).toBe(false);
    expect(ruleMatches(rule, 'sh', { command: 'git status', cwd: '/repo' })).toBe(false);
    expect(ruleMatches({ tool: 'bash', match: {} }, 'bash', { command: 'anything' })).toBe(true);
    expect(ruleMatches({ tool: 't', match: { n: '4?' } }, 't', { n: 42 })).toBe(true);
    expect(ruleMatches({ tool: 't', match: { o: '{"a":*}' } }, 't', { o: { a: 1 } })).toBe(true);
  });
});

describe('Grants', () => {
  it('starts empty without a file', async () => {
    const grants = new Grants(home, log);
    await grants.load();
    expect(grants.listRules()).toEqual([]);
    expect(grants.isGranted('s', 'bash', { command: 'ls' })).toBe(false);
  });

  it('persists rules across instances and revokes them', async () => {
    const first = new Grants(home, log);
    await first.load();
    const rule = await first.addRule({ tool: 'bash', match: { command: 'git *' } });
    expect(rule.id).toMatch(/^rule_[0-9a-f]+$/);
    expect(Date.parse(rule.createdAt)).not.toBeNaN();
    expect(first.isGranted('any-session', 'bash', { command: 'git log' })).toBe(true);

    const file = JSON.parse(await readFile(join(home, 'approvals.json'), 'utf8'));
    expect(file).toEqual({ version: 1, rules: [rule] });

    const second = new Grants(home, log);
    await second.load();
    expect(second.listRules()).toEqual([rule]);
    expect(second.isGranted('other', 'bash', { command: 'git diff' })).toBe(true);
    expect(second.isGranted('other', 'bash', { command: 'rm -rf /' })).toBe(false);

    expect(await second.revokeRule('rule_missing')).toBe(false);
    expect(await second.revokeRule(rule.id)).toBe(true);
    expect(second.isGranted('other', 'bash', { command: 'git diff' })).toBe(false);
    const third = new Grants(home, log);
    await third.load();
    expect(third.listRules()).toEqual([]);
  });

  it('does not duplicate an identical rule and serializes concurrent adds', async () => {
    const grants = new Grants(home, log);
    await grants.load();
    const [a, b, c] = await Promise.all([
      grants.addRule({ tool: 'x', match: { p: '1' } }),
      grants.addRule({ tool: 'x', match: { p: '1' } }),
      grants.addRule({ tool: 'y', match: {} }),
    ]);
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
    const reloaded = new Grants(home, log);
    await reloaded.load();
    expect(reloaded.listRules().map((r) => r.tool)).toEqual(['x', 'y']);
  });

  it('keeps session grants per session and in memory only', async () => {
    const grants = new Grants(home, log);
    await grants.load();
    grants.grantSession('s1', { tool: 'write_file', match: { path: 'notes/*' } });
    expect(grants.isGranted('s1', 'write_file', { path: 'notes/a.md', content: 'x' })).toBe(true);
    expect(grants.isGranted('s2', 'write_file', { path: 'notes/a.md', content: 'x' })).toBe(false);
    const other = new Grants(home, log);
    await other.load();
    expect(other.isGranted('s1', 'write_file', { path: 'notes/a.md' })).toBe(false);
    grants.clearSession('s1');
    expect(grants.isGranted('s1', 'write_file', { path: 'notes/a.md' })).toBe(false);
  });

  it('moves an invalid file aside (one policy), logs it and works empty', async () => {
    const path = join(home, 'approvals.json');
    await writeFile(path, '{"version": 1, "rules": [{"tool": 5}]}');
    const grants = new Grants(home, log);
    await grants.load();
    expect(errors).toEqual([
      expect.stringMatching(/approvals\.json is invalid \(rules\.0\..*moved to .*approvals\.json\.invalid-/),
    ]);
    const backups = (await readdir(home)).filter((name) => name.startsWith('approvals.json.invalid-'));
    expect(backups).toHaveLength(1);
    expect(await readFile(join(home, backups[0]), 'utf8')).toBe('{"version": 1, "rules": [{"tool": 5}]}');
    expect(grants.listRules()).toEqual([]);
    await grants.addRule({ tool: 't', match: {} });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const reloaded = new Grants(home, log);
    await reloaded.load();
    expect(reloaded.listRules()).toHaveLength(1);
  });

  it('reports broken JSON as such', async () => {
    await writeFile(join(home, 'approvals.json'), '{not json');
    await new Grants(home, log).load();
    expect(errors).toEqual([expect.stringMatching(/not valid JSON/)]);
  });

  it('never replaces an approvals.json it cannot read', async () => {
    const path = join(home, 'approvals.json');
    await mkdir(path);
    const grants = new Grants(home, log);
    await expect(grants.load()).rejects.toThrow(/Cannot read .*approvals\.json/);
    expect(grants.listRules()).toEqual([]);
    await expect(grants.addRule({ tool: 't', match: {} })).rejects.toThrow(/not loaded .*nothing was saved/);
    expect((await stat(path)).isDirectory()).toBe(true);
  });

  it('rejects an invalid draft', async () => {
    const grants = new Grants(home, log);
    await grants.load();
    // Cast: deliberately ill-typed: the test sends input the types forbid.
    await expect(grants.addRule({ tool: 't', match: { a: 1 } } as never)).rejects.toThrow();
  });

  it('suggests exact, escaped rules by default and uses the tool suggestion when given', () => {
    const grants = new Grants(home, log);
    const draft = grants.suggestRule('write_file', { path: 'a*b?.md', n: 3, o: { k: 'v' } });
    expect(draft).toEqual({ tool: 'write_file', match: { path: 'a\\*b\\?.md', n: '3', o: '{"k":"v"}' } });
    expect(ruleMatches(draft, 'write_file', { path: 'a*b?.md', n: 3, o: { k: 'v' } })).toBe(true);
    expect(ruleMatches(draft, 'write_file', { path: 'aXbY.md', n: 3, o: { k: 'v' } })).toBe(false);

    expect(grants.suggestRule('bash', { command: 'git status' }, { command: 'git status *' })).toEqual({
      tool: 'bash',
      match: { command: 'git status *' },
    });
    // No (or a faulty, normalized to undefined) suggestion: the exact arguments.
    expect(grants.suggestRule('bash', { command: 'ls' }, undefined)).toEqual({
      tool: 'bash',
      match: { command: 'ls' },
    });
  });
});

describe('Grants.whyRuleWouldNotCover (a rule the user saves must apply to the call it was saved from)', () => {
  it('names the reason for a shell redirection outside the working directory, and nothing for a coverable call', async () => {
    await loadShellParser();
    const grants = new Grants(home, log, (tool) => (tool === 'bash' ? { command: 'shell' } : undefined));
    const outside = { command: 'echo hello > /tmp/deskpilot-out.txt' };
    const draft = grants.suggestRule('bash', outside, { command: 'echo hello > /tmp/deskpilot-out.txt' });
    expect(grants.whyRuleWouldNotCover('s1', draft, 'bash', outside, { cwd: home })).toMatch(
      /redirection targets > \/tmp\/deskpilot-out.txt, outside the working directory/,
    );
    const inside = { command: 'echo hello > notes.txt' };
    const ok = grants.suggestRule('bash', inside, { command: 'echo hello > notes.txt' });
    expect(grants.whyRuleWouldNotCover('s1', ok, 'bash', inside, { cwd: home })).toBeUndefined();
    const plain = grants.suggestRule('write_file', { path: '/x', content: 'y' });
    expect(grants.whyRuleWouldNotCover('s1', plain, 'write_file', { path: '/x', content: 'y' })).toBeUndefined();
  });

  it('says so when shell rules do not apply under the sandbox setting', () => {
    const grants = new Grants(
      home,
      log,
      () => ({ command: 'shell' }),
      () => false,
    );
    const draft = { tool: 'bash', match: { command: 'ls' } };
    expect(grants.whyRuleWouldNotCover('s1', draft, 'bash', { command: 'ls' })).toMatch(/sandbox/);
  });
});
