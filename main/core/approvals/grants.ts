// Approval grants: in-memory session grants and persisted "always allow" rules in <home>/approvals.json (DESIGN.md §6, §8).
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { type AllowedBy, ApprovalRule, ApprovalRuleDraft } from '../../../preload/contract/approvals';
import type { Logger, RuleArgKind, RuleMatch } from '../../../plugins/sdk/types';
import { JsonDocument } from '../util/jsonDocument';
import { expandHome } from '../util/paths';
import { argToMatchText, escapeGlob, globMatch } from './glob';
import { pathCovered } from './pathRules';
import { loadShellParser } from './shellParse';
import { explainShellCoverage, shellCommandCovered } from './shellRules';

/** File name of the persisted rules inside the runtime home. */
export const APPROVALS_FILE = 'approvals.json';

/** On-disk shape of approvals.json: `{version: 1, rules: ApprovalRule[]}`. */
export const ApprovalsFile = z.object({ version: z.literal(1), rules: z.array(ApprovalRule) });
/** Shape of {@link ApprovalsFile}. */
export type ApprovalsFile = z.infer<typeof ApprovalsFile>;

/** What rule matching needs to know about the call beyond its arguments. */
export interface RuleContext {
  /** How the tool's rules match particular arguments (the tool's `ruleArgs`); other arguments match as text. */
  argKinds?: Record<string, RuleArgKind>;
  /** Absolute working directory of the call: relative paths and shell redirections resolve against it. */
  cwd?: string;
  /** Further absolute directories shell redirections may target (besides `cwd`). */
  allowedRoots?: readonly string[];
}

/**
 * True when `rule` covers a call of `tool` with `args`: same tool name, and every key of `rule.match` covers that
 * argument. How depends on the argument's kind in `ctx.argKinds`: `shell` = parsed command line, every simple command
 * covered (./shellRules); `path` = resolved real path under the pattern's root (./pathRules); otherwise the glob
 * dialect (./glob) over the argument's string form ({@link argToMatchText}). An empty `match` covers every call of
 * the tool. Non-object `args` are treated as `{}`. This is the one rule matcher; every grant check goes through it.
 */
export function ruleMatches(rule: ApprovalRuleDraft, tool: string, args: unknown, ctx: RuleContext = {}): boolean {
  if (!ruleToolCovers(rule.tool, tool)) return false;
  const record = isRecord(args) ? args : {};
  const kinds = ctx.argKinds ?? {};
  const workdirKey = Object.keys(kinds).find((k) => kinds[k] === 'workdir');
  const workdir = workdirKey === undefined ? undefined : record[workdirKey];
  const runDir =
    typeof workdir === 'string' && workdir !== '' && ctx.cwd ? resolve(ctx.cwd, expandHome(workdir)) : undefined;
  if (typeof workdir === 'string' && workdir !== '' && !runDir) return false;
  return Object.entries(rule.match).every(([key, pattern]) => {
    const text = argToMatchText(record[key]);
    switch (kinds[key]) {
      case 'shell':
        return shellCommandCovered(pattern, text, { cwd: ctx.cwd, runDir, allowedRoots: ctx.allowedRoots });
      case 'path':
      case 'workdir':
        return pathCovered(pattern, text, ctx.cwd);
      default:
        return globMatch(pattern, text);
    }
  });
}

/**
 * True when a rule's `tool` covers the tool name `tool`: the same name, or a server-wide rule `<server>__*` (every
 * tool of one MCP server, issue 14) covering `<server>__<anything>`. Tool names never contain `*`, so no other rule
 * widens.
 */
export function ruleToolCovers(ruleTool: string, tool: string): boolean {
  if (ruleTool === tool) return true;
  if (!ruleTool.endsWith('__*')) return false;
  const prefix = ruleTool.slice(0, -1);
  return prefix.length > 2 && tool.startsWith(prefix) && tool.length > prefix.length;
}

/**
 * Session grants ("allow for this session", memory only) and persisted rules ("always allow", in
 * `<home>/approvals.json`, a {@link JsonDocument}: atomic 0600 writes, one at a time). Call {@link Grants.load} once
 * before use.
 */
export class Grants {
  private file: JsonDocument<ApprovalsFile> | undefined;
  private readonly sessions = new Map<string, ApprovalRuleDraft[]>();
  /** Absolute path of approvals.json. */
  readonly path: string;

  /**
   * `home` is the runtime directory (DESKPILOT_HOME); rules live in `<home>/approvals.json`. `log` receives the
   * problems of that file (an invalid file is moved aside and reported there). `argKinds(tool)` tells how a tool's
   * rules match its arguments (the runtime passes the registered tool's `ruleArgs`). `shellRulesApply(sessionId)`
   * false turns off every rule and grant of a tool with a `shell` argument in that session (no OS sandbox: every
   * command asks).
   */
  constructor(
    home: string,
    private readonly log: Logger,
    private readonly argKinds: (tool: string) => Record<string, RuleArgKind> | undefined = () => undefined,
    private readonly shellRulesApply: (sessionId: string) => boolean = () => true,
  ) {
    this.path = join(home, APPROVALS_FILE);
  }

  /** The persisted rules (none until {@link load} succeeded). */
  private get rules(): ApprovalRule[] {
    return this.file?.get().rules ?? [];
  }

  /**
   * Reads approvals.json. A missing file means no rules. An invalid file is moved to `approvals.json.invalid-<time>`
   * (never overwritten), the problem is logged, and no rules are active (the next save starts a new file). Throws an
   * Error naming the path and the next step when the file exists but cannot be read or moved aside; no rules are
   * active then and saving is refused, so that file is never replaced. Also loads the bash parser shell rules need;
   * if it cannot load, the problem is logged and no shell rule covers anything (every command asks).
   */
  async load(): Promise<void> {
    await loadShellParser().catch((error: Error) =>
      this.log.warn(`Shell approval rules are off, so every shell command asks: ${error.message}`),
    );
    this.file = undefined;
    this.file = await JsonDocument.open({
      path: this.path,
      schema: ApprovalsFile,
      initial: () => ({ version: 1 as const, rules: [] }),
      version: 1,
      log: this.log,
    });
  }

  /** The persisted rules, oldest first (copies). */
  listRules(): ApprovalRule[] {
    return this.rules.map((r) => ({ ...r, match: { ...r.match } }));
  }

  /**
   * Saves an "always allow" rule and returns it (id `rule_<24 hex>`, `createdAt` ISO time). An identical rule (same
   * tool and match) is not duplicated: the existing one is returned. Throws on an invalid draft or a failed write.
   */
  async addRule(draft: ApprovalRuleDraft): Promise<ApprovalRule> {
    const valid = ApprovalRuleDraft.parse(draft);
    const saved = await this.save((rules) => {
      const existing = rules.find((r) => r.tool === valid.tool && sameMatch(r.match, valid.match));
      if (existing) return { rules, value: existing };
      const rule: ApprovalRule = {
        id: `rule_${randomBytes(12).toString('hex')}`,
        tool: valid.tool,
        match: { ...valid.match },
        createdAt: new Date().toISOString(),
      };
      return { rules: [...rules, rule], value: rule };
    });
    return { ...saved, match: { ...saved.match } };
  }

  /** Deletes a persisted rule; resolves false when no rule has that id. Throws on a failed write. */
  async revokeRule(id: string): Promise<boolean> {
    return this.save((rules) => {
      const kept = rules.filter((r) => r.id !== id);
      return kept.length === rules.length ? { rules, value: false } : { rules: kept, value: true };
    });
  }

  /**
   * Allows calls matching `draft` for the rest of `sessionId`'s life in this process (not persisted). Returns a
   * function that takes back this one grant (an unattended run's envelope, granted for the run only).
   */
  grantSession(sessionId: string, draft: ApprovalRuleDraft): () => void {
    const valid = ApprovalRuleDraft.parse(draft);
    const grant = { tool: valid.tool, match: { ...valid.match } };
    const list = this.sessions.get(sessionId) ?? [];
    list.push(grant);
    this.sessions.set(sessionId, list);
    return () => {
      const current = this.sessions.get(sessionId);
      const at = current?.indexOf(grant) ?? -1;
      if (current && at >= 0) current.splice(at, 1);
    };
  }

  /** Drops every session grant of `sessionId`. */
  clearSession(sessionId: string): void {
    this.sessions.delete(sessionId);
  }

  /** True when a session grant of `sessionId` or a persisted rule covers this call (see {@link findGrant}). */
  isGranted(sessionId: string, tool: string, args: unknown, ctx: Omit<RuleContext, 'argKinds'> = {}): boolean {
    return this.findGrant(sessionId, tool, args, ctx) !== undefined;
  }

  /**
   * Which grant covers this call: the first session grant of `sessionId`, else the first persisted rule (see
   * {@link ruleMatches}; `ctx.cwd` should be the call's working directory), as an {@link AllowedBy} the tool card and
   * CLI show; undefined when none covers it.
   */
  findGrant(
    sessionId: string,
    tool: string,
    args: unknown,
    ctx: Omit<RuleContext, 'argKinds'> = {},
  ): AllowedBy | undefined {
    const full: RuleContext = { ...ctx, argKinds: this.argKinds(tool) };
    if (Object.values(full.argKinds ?? {}).includes('shell') && !this.shellRulesApply(sessionId)) return undefined;
    const session = (this.sessions.get(sessionId) ?? []).find((g) => ruleMatches(g, tool, args, full));
    if (session) return { type: 'session_grant', rule: { tool: session.tool, match: { ...session.match } } };
    const rule = this.rules.find((r) => ruleMatches(r, tool, args, full));
    return rule ? { type: 'rule', ruleId: rule.id, rule: { tool: rule.tool, match: { ...rule.match } } } : undefined;
  }

  /**
   * Why `draft` would not cover this very call (so saving it as a rule or session grant would never apply), or
   * undefined when it would. Shell arguments say the shell matcher's reason (see `explainShellCoverage`), e.g. a
   * redirection outside the working directory; `ctx.cwd` should be the call's working directory.
   */
  whyRuleWouldNotCover(
    sessionId: string,
    draft: ApprovalRuleDraft,
    tool: string,
    args: unknown,
    ctx: Omit<RuleContext, 'argKinds'> = {},
  ): string | undefined {
    const kinds = this.argKinds(tool) ?? {};
    const record = isRecord(args) ? args : {};
    const shellKey = Object.keys(kinds).find((k) => kinds[k] === 'shell');
    if (shellKey !== undefined && !this.shellRulesApply(sessionId))
      return 'rules for shell commands do not apply under the current sandbox setting';
    if (ruleMatches(draft, tool, args, { ...ctx, argKinds: kinds })) return undefined;
    if (shellKey !== undefined && typeof draft.match[shellKey] === 'string') {
      const why = explainShellCoverage(draft.match[shellKey], argToMatchText(record[shellKey]), {
        cwd: ctx.cwd,
        allowedRoots: ctx.allowedRoots,
      });
      if (why) return why;
    }
    return 'the rule would not match this call';
  }

  /**
   * The rule "always allow" / "allow for this session" would save for this call. `suggested` is the tool's normalized
   * `suggestRule(args)` (see `RegisteredTool.suggestRule`); when it is undefined, every top-level argument must equal
   * its current value exactly (glob-escaped). Non-object `args` give an empty match.
   */
  suggestRule(tool: string, args: unknown, suggested?: RuleMatch): ApprovalRuleDraft {
    if (suggested) return { tool, match: { ...suggested } };
    const match: RuleMatch = {};
    if (isRecord(args)) for (const [key, value] of Object.entries(args)) match[key] = escapeGlob(argToMatchText(value));
    return { tool, match };
  }

  /**
   * Applies `change` to the current rules and persists the result when it differs; writes run one at a time, each on
   * the rules the previous one left. Resolves to `change`'s value. Throws when the rules were not loaded.
   */
  private async save<T>(change: (rules: ApprovalRule[]) => { rules: ApprovalRule[]; value: T }): Promise<T> {
    const file = this.file;
    if (!file) {
      throw new Error(
        `The approval rules in ${this.path} are not loaded (the file could not be read), so nothing was saved. Fix or move the file away and restart.`,
      );
    }
    let value: T | undefined;
    await file.update((current) => {
      const next = change(current.rules);
      value = next.value;
      return { ...current, rules: next.rules };
    });
    return value as T;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function sameMatch(a: RuleMatch, b: RuleMatch): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}
