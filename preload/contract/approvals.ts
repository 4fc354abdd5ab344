// Approval vocabulary shared by runtime and renderer (DESIGN.md §6).
import { z } from 'zod';

/** What a tool can do: `read` is side-effect free; `destructive` covers shell, desktop input and deleting. */
export const Risk = z.enum(['read', 'write', 'external', 'destructive']);
/** One of {@link Risk}'s values. */
export type Risk = z.infer<typeof Risk>;

/** When to ask: `untrusted` asks for all but `read`; `on-request` asks unless a grant covers it; `never` denies out-of-grant calls. */
export const ApprovalPolicy = z.enum(['untrusted', 'on-request', 'never']);
/** One of {@link ApprovalPolicy}'s values. */
export type ApprovalPolicy = z.infer<typeof ApprovalPolicy>;

/**
 * A persisted "always allow" rule: `tool` is the model-visible tool name, `match` maps argument names
 * to glob patterns (`*` any run of characters, `?` one character — neither covers ; & | ` $ < > or line breaks) over the argument's string form.
 * An empty `match` allows every call of the tool.
 */
export const ApprovalRule = z.object({
  id: z.string(),
  tool: z.string(),
  match: z.record(z.string(), z.string()),
  createdAt: z.string(),
});
/** Shape of {@link ApprovalRule}. */
export type ApprovalRule = z.infer<typeof ApprovalRule>;

/** A rule before it is saved (no id, no timestamp). */
export const ApprovalRuleDraft = ApprovalRule.pick({ tool: true, match: true });
/** Shape of {@link ApprovalRuleDraft}. */
export type ApprovalRuleDraft = z.infer<typeof ApprovalRuleDraft>;

/**
 * Why a tool call ran without asking: a persisted "always allow" rule (`ruleId` and the rule), a session grant (the
 * rule it was granted as), or the approval policy itself (`reason`, e.g. a `read` tool, or the tool said no approval
 * is needed). Shown as "ran because of rule `…`" in the tool card and the CLI.
 */
export const AllowedBy = z.discriminatedUnion('type', [
  z.object({ type: z.literal('rule'), ruleId: z.string(), rule: ApprovalRuleDraft }),
  z.object({ type: z.literal('session_grant'), rule: ApprovalRuleDraft }),
  z.object({ type: z.literal('policy'), reason: z.string() }),
]);
/** Shape of {@link AllowedBy}. */
export type AllowedBy = z.infer<typeof AllowedBy>;

/**
 * The user's answer to one pending approval. `allow_session` and `allow_always` may carry an edited rule draft (default:
 * the approval's `suggestedRule`).
 */
export const ApprovalDecision = z.discriminatedUnion('type', [
  z.object({ type: z.literal('allow_once') }),
  z.object({ type: z.literal('allow_session'), rule: ApprovalRuleDraft.optional() }),
  z.object({ type: z.literal('allow_always'), rule: ApprovalRuleDraft.optional() }),
  z.object({ type: z.literal('deny'), reason: z.string().max(2000).optional() }),
]);
/** Shape of {@link ApprovalDecision}. */
export type ApprovalDecision = z.infer<typeof ApprovalDecision>;

/** Who or what settled an approval. */
export const DecidedBy = z.enum(['user', 'timeout', 'policy', 'grant']);
/** One of {@link DecidedBy}'s values. */
export type DecidedBy = z.infer<typeof DecidedBy>;

/**
 * A tool call waiting for the user. `arguments` is exactly what will run; `suggestedRule` is what
 * "Always allow" would save. Times are ISO 8601 strings.
 */
export const PendingApproval = z.object({
  callId: z.string(),
  sessionId: z.string(),
  turnId: z.string(),
  tool: z.string(),
  arguments: z.unknown(),
  risk: Risk,
  suggestedRule: ApprovalRuleDraft,
  /**
   * Why no rule could allow this call later (e.g. a shell redirection outside the working directory, which rules
   * never cover): "for this session" and "always" are then not offered, since the saved rule would never apply.
   */
  ruleUnusable: z.string().optional(),
  requestedAt: z.string(),
  expiresAt: z.string(),
});
/** Shape of {@link PendingApproval}. */
export type PendingApproval = z.infer<typeof PendingApproval>;

/**
 * One line describing a rule, for previews and lists: `bash: command \`git status *\``; several arguments are joined
 * with `, `, and an empty match reads "every call". Pure; safe for any client (the CLI prompt's rule preview uses it).
 */
export function describeRule(rule: ApprovalRuleDraft): string {
  const parts = Object.entries(rule.match).map(([key, pattern]) => `${key} \`${pattern}\``);
  return `${rule.tool}: ${parts.length === 0 ? 'every call' : parts.join(', ')}`;
}

/** Why a call ran without asking, in words: `rule bash: command \`git status *\``, `session grant …`, or the policy. */
export function describeAllowedBy(allowedBy: AllowedBy): string {
  switch (allowedBy.type) {
    case 'rule':
      return `rule ${describeRule(allowedBy.rule)}`;
    case 'session_grant':
      return `session grant ${describeRule(allowedBy.rule)}`;
    case 'policy':
      return allowedBy.reason;
  }
}
