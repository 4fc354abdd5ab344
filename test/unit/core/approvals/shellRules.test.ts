// The parser-based shell rule matcher: every simple command must be covered; substitutions, runners, env prefixes,
// redirections outside the working directory and unparsable input never are.
import { mkdtempSync, mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadShellParser, parseShell } from '../../../../main/core/approvals/shellParse';
import {
  explainShellCoverage,
  shellCommandCovered,
  suggestShellPattern,
} from '../../../../main/core/approvals/shellRules';

beforeAll(async () => {
  await loadShellParser();
});

const covered = (pattern: string, command: string, cwd?: string) => shellCommandCovered(pattern, command, { cwd });

describe('parseShell', () => {
  it('splits lists, pipelines, subshells and compound statements into simple commands', () => {
    const parsed = parseShell('a 1 && (b 2 || c 3) | d; if e; then f; fi; for x in 1 2; do g "$x"; done')!;
    expect(parsed.commands.map((c) => c.text)).toEqual(['a 1', 'b 2', 'c 3', 'd', 'e', 'f', 'g "$x"']);
    expect(parsed.opaque).toEqual([]);
  });

  it('reports substitutions and syntax errors as opaque', () => {
    expect(parseShell('echo $(id)')!.opaque[0]).toMatch(/command substitution/);
    expect(parseShell('echo `id`')!.opaque[0]).toMatch(/command substitution `/);
    expect(parseShell('diff <(ls) x')!.opaque[0]).toMatch(/process substitution/);
    expect(parseShell('echo "unterminated')!.opaque[0]).toMatch(/syntax error|incomplete/);
  });

  it('keeps quoted metacharacters inside one word', () => {
    const parsed = parseShell(`echo "a;b" 'c|d' e\\&f`)!;
    expect(parsed.commands).toHaveLength(1);
    expect(parsed.commands[0].plain).toEqual(['echo', 'a;b', 'c|d', 'e&f']);
  });
});

describe('shellCommandCovered', () => {
  it('covers a line only when every simple command is covered', () => {
    expect(covered('git status *', 'git status')).toBe(true);
    expect(covered('git status *', 'git status --short')).toBe(true);
    expect(covered('git *', 'git status; rm -rf ~')).toBe(false);
    expect(covered('git *', 'git status && rm -rf ~')).toBe(false);
    expect(covered('git *', 'git status || rm -rf ~')).toBe(false);
    expect(covered('git *', 'git log | sh')).toBe(false);
    expect(covered('git *', 'git log & rm x')).toBe(false);
    expect(covered('git *', 'git log\nrm -rf ~')).toBe(false);
    expect(covered('git *', '(git status; rm -rf ~)')).toBe(false);
    expect(covered('git *', '{ git status; }')).toBe(true);
    expect(covered('git *', 'git status; git log')).toBe(true);
    expect(covered('git *', 'if git status; then rm -rf ~; fi')).toBe(false);
  });

  it('never covers command substitution, backticks or process substitution, even by an exact rule', () => {
    expect(covered('echo *', 'echo $(rm -rf ~)')).toBe(false);
    expect(covered('echo *', 'echo `rm -rf ~`')).toBe(false);
    expect(covered('echo *', 'echo "$(rm -rf ~)"')).toBe(false);
    expect(covered('diff *', 'diff <(rm -rf ~) x')).toBe(false);
    expect(covered('echo \\$(id)', 'echo $(id)')).toBe(false);
    expect(covered('cat *', 'cat <<EOF\n$(rm -rf ~)\nEOF\n')).toBe(false);
  });

  it('covers a heredoc without substitutions, and quoted metacharacters inside one argument', () => {
    expect(covered('cat *', 'cat <<EOF\nhello; rm -rf ~\nEOF\n')).toBe(true);
    expect(covered('echo *', `echo "a;b && c" 'x|y'`)).toBe(true);
    expect(covered('echo *', 'echo "a" ; rm x')).toBe(false);
  });

  it('never covers unparsable input', () => {
    expect(covered('echo *', 'echo "unterminated')).toBe(false);
    expect(covered('ls *', 'ls (')).toBe(false);
    expect(explainShellCoverage('ls *', 'ls (')).toMatch(/syntax error|incomplete/);
  });

  it('judges file redirections by their resolved target', () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'dp-shell-')));
    mkdirSync(join(dir, 'sub'));
    symlinkSync('/etc', join(dir, 'sub', 'out'));
    expect(covered('echo *', 'echo hi > out.txt', dir)).toBe(true);
    expect(covered('echo *', 'echo hi 2>&1 >/dev/null', dir)).toBe(true);
    expect(covered('echo *', 'echo hi > /etc/passwd', dir)).toBe(false);
    expect(covered('echo *', 'echo hi >> ../x', dir)).toBe(false);
    expect(covered('echo *', 'echo hi > ~/.bashrc', dir)).toBe(false);
    expect(covered('echo *', 'echo hi > sub/out/passwd', dir)).toBe(false);
    expect(covered('echo *', 'echo hi > $OUT', dir)).toBe(false);
    expect(covered('cat *', 'cat < /etc/shadow', dir)).toBe(false);
    expect(covered('echo *', 'echo hi > out.txt')).toBe(false); // no working directory known: fail closed
  });

  it('never covers commands that run other commands with a wildcard (issue 8 #4)', () => {
    expect(covered('git *', "git -c alias.x='!rm -rf ~' x")).toBe(false);
    expect(covered('git *', 'git -calias.x=!sh x')).toBe(false);
    expect(covered('git *', 'git --exec-path=/tmp status')).toBe(false);
    expect(covered('git *', 'git myalias')).toBe(false);
    expect(covered('find *', 'find . -exec rm {} ;')).toBe(false);
    expect(covered('find *', 'find . -execdir rm {} +')).toBe(false);
    expect(covered('find *', 'find . -ok rm {} ;')).toBe(false);
    expect(covered('find *', 'find . -delete')).toBe(false);
    expect(covered('find *', 'find . -name x')).toBe(true);
    for (const runner of ['xargs rm', 'env rm -rf ~', 'sudo rm x', 'doas rm x', 'nohup rm x', 'timeout 5 rm x']) {
      expect(covered(`${runner.split(' ')[0]} *`, runner)).toBe(false);
    }
    expect(covered('nice *', 'nice rm x')).toBe(false);
    expect(covered('bash *', 'bash -c "rm -rf ~"')).toBe(false);
    expect(covered('sh *', 'sh -c x')).toBe(false);
    expect(covered('zsh *', 'zsh -c x')).toBe(false);
    expect(covered('python *', 'python -c "import os"')).toBe(false);
    expect(covered('python3 *', 'python3 -c "import os"')).toBe(false);
    expect(covered('node *', 'node -e "1"')).toBe(false);
    expect(covered('perl *', 'perl -e 1')).toBe(false);
    expect(covered('ruby *', 'ruby -e 1')).toBe(false);
    expect(covered('eval *', 'eval rm x')).toBe(false);
    expect(covered('exec *', 'exec rm x')).toBe(false);
    expect(covered('source *', 'source x.sh')).toBe(false);
    expect(covered('. *', '. x.sh')).toBe(false);
    expect(covered('* *', 'ls x')).toBe(true);
    expect(covered('*', 'sudo ls')).toBe(false);
    expect(covered('$CMD *', '$CMD x')).toBe(false);
    // An exact rule still covers exactly what the user saw.
    expect(covered('xargs rm', 'xargs rm')).toBe(true);
    expect(covered('git -c core.pager=cat log', 'git -c core.pager=cat log')).toBe(true);
  });

  it('never covers environment-assignment prefixes or assignments with a wildcard', () => {
    expect(covered('git *', 'LANG=C git log')).toBe(false);
    expect(covered('* *', 'LD_PRELOAD=/tmp/x.so ls x')).toBe(false);
    expect(covered('ls *', 'PATH=/tmp/evil; ls')).toBe(false);
    expect(covered('ls *', 'export PATH=/tmp/evil; ls')).toBe(false);
    expect(covered('git log', 'LANG=C git log')).toBe(false);
    expect(covered('LANG=C git log', 'LANG=C git log')).toBe(true);
    expect(covered('LANG=C *', 'LANG=C rm -rf ~')).toBe(false);
  });

  it('treats compound and redirecting patterns as exact', () => {
    expect(covered('cd x && make', 'cd x && make')).toBe(true);
    expect(covered('cd x && make', 'cd x || make')).toBe(false);
    expect(covered('cd x && make', 'make')).toBe(false);
    expect(covered('cd * && make', 'cd x && make')).toBe(false);
  });
});

describe('suggestShellPattern (issue 9 #1)', () => {
  it('never widens to a bare first word', () => {
    expect(suggestShellPattern('rm -f /tmp/x')).toBe('rm -f /tmp/x');
    expect(suggestShellPattern('rm -rf build')).toBe('rm -rf build');
    expect(suggestShellPattern('ls')).toBe('ls');
    expect(suggestShellPattern('ls src')).toBe('ls src');
    expect(suggestShellPattern('npm install left-pad')).toBe('npm install left-pad');
  });

  it('gives a narrow wildcard for read-only commands', () => {
    expect(suggestShellPattern('git status')).toBe('git status *');
    expect(suggestShellPattern('git status --short')).toBe('git status *');
    expect(suggestShellPattern('git log -5')).toBe('git log *');
    expect(suggestShellPattern('git push origin main')).toBe('git push origin main');
    expect(suggestShellPattern('ls -la src')).toBe('ls -la *');
    expect(suggestShellPattern('cat -n a.txt')).toBe('cat -n *');
  });

  it('is exact for compound lines, runners, env prefixes, redirections and substitutions (escaped)', () => {
    expect(suggestShellPattern('ls -la; rm x')).toBe('ls -la; rm x');
    expect(suggestShellPattern('ls -la > out')).toBe('ls -la > out');
    expect(suggestShellPattern('LANG=C ls -la')).toBe('LANG=C ls -la');
    expect(suggestShellPattern('ls -la $(id)')).toBe('ls -la $(id)');
    expect(suggestShellPattern('ls *.ts')).toBe('ls \\*.ts');
    expect(covered(suggestShellPattern('ls *.ts'), 'ls *.ts')).toBe(true);
    expect(covered(suggestShellPattern('ls *.ts'), 'ls x.ts')).toBe(false);
    expect(covered(suggestShellPattern('rm -f /tmp/x'), 'rm -rf /tmp')).toBe(false);
  });
});
