// A wakeup's grant envelope as approval rule drafts: what an unattended run may call without asking (issue 10 §5).
import type { ApprovalRuleDraft } from '../../../preload/contract/approvals';
import type { GrantEnvelope } from '../../../preload/contract/scheduler';
import type { RuleArgKind } from '../../../plugins/sdk/types';
import { escapeGlob, hasWildcard } from '../approvals/glob';

/**
 * The rule drafts that grant `envelope` (given each tool's rule argument kinds, `ruleArgs`), matched by the same rule
 * matcher as "always allow" rules:
 * - a grant without constraints covers every call of the tool (`match: {}`);
 * - `commands` (bash): each is a command prefix, `git status` -> `git status *` (a pattern with a wildcard is kept),
 *   checked on the parsed command line, so `;`, `&&`, pipes and `$()` never widen it;
 * - `paths`: each root covers the tool's path arguments under it (`/home/me/Inbox` -> `/home/me/Inbox/*`, compared on
 *   resolved real paths); a tool with no path argument gets nothing from them;
 * - `hosts`: each covers a `url` argument on that host over http(s); a tool without a `url` argument gets nothing.
 * A constrained grant that yields no draft grants nothing (the call asks): an envelope never widens by accident.
 */
export function envelopeRules(
  envelope: GrantEnvelope,
  ruleArgs: (tool: string) => Record<string, RuleArgKind> | undefined,
): ApprovalRuleDraft[] {
  const drafts: ApprovalRuleDraft[] = [];
  for (const grant of envelope.grants) {
    const { tool } = grant;
    const constrained = Boolean(grant.commands?.length || grant.paths?.length || grant.hosts?.length);
    if (!constrained) {
      drafts.push({ tool, match: {} });
      continue;
    }
    const kinds = ruleArgs(tool) ?? {};
    const keysOf = (kind: RuleArgKind) => Object.keys(kinds).filter((k) => kinds[k] === kind);
    for (const command of grant.commands ?? []) {
      const pattern = hasWildcard(command) ? command.trim() : `${escapeGlob(command.trim())} *`;
      for (const key of keysOf('shell')) drafts.push({ tool, match: { [key]: pattern } });
    }
    for (const root of grant.paths ?? []) {
      const pattern = `${escapeGlob(root.replace(/[\\/]+$/, ''))}/*`;
      for (const key of keysOf('path')) drafts.push({ tool, match: { [key]: pattern } });
    }
    for (const host of grant.hosts ?? []) {
      for (const scheme of ['https', 'http']) {
        drafts.push({ tool, match: { url: `${scheme}://${host}` } });
        drafts.push({ tool, match: { url: `${scheme}://${host}/*` } });
      }
    }
  }
  return drafts;
}
