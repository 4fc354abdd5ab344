// The sandbox policy in force per session: the `sandbox` setting, or a session's `/sandbox` override.
import type { SandboxPolicy, Settings } from '../../../../preload/contract/settings';
import { detectShellSandbox } from './shellSandbox';

/** What the UI and CLI show beside the approval policy. */
export interface SandboxStatus {
  /** The policy of the setting (sessions may override it). */
  policy: SandboxPolicy;
  /** The OS sandbox `bash` runs in: `bwrap`, `sandbox-exec`, or `none` (then every command asks). */
  os: 'bwrap' | 'sandbox-exec' | 'none';
  /** Why there is no OS sandbox (only when `os` is `none`). */
  reason?: string;
}

/** Sandbox policies: the setting, per-session overrides, and whether shell approval rules may apply. */
export class SandboxPolicies {
  private readonly overrides = new Map<string, SandboxPolicy>();

  constructor(private readonly settings: () => Pick<Settings, 'sandbox'>) {}

  /** The sandbox policy of `sessionId`: its override, else the setting. */
  policyFor(sessionId: string): SandboxPolicy {
    return this.overrides.get(sessionId) ?? this.settings().sandbox;
  }

  /** Overrides the sandbox policy of one session (null clears the override). */
  setSessionPolicy(sessionId: string, policy: SandboxPolicy | null): void {
    if (policy) this.overrides.set(sessionId, policy);
    else this.overrides.delete(sessionId);
  }

  /**
   * True when saved shell rules and session grants may let a `bash` call run without asking in `sessionId`: always
   * under full-access (the user chose no sandbox), otherwise only where an OS sandbox exists. Without one, every
   * command asks (issue 7 §5).
   */
  shellRulesApply(sessionId: string): boolean {
    return this.policyFor(sessionId) === 'full-access' || detectShellSandbox().kind !== 'none';
  }

  /** The setting's policy and the OS sandbox available here. */
  status(): SandboxStatus {
    const os = detectShellSandbox();
    return os.kind === 'none'
      ? { policy: this.settings().sandbox, os: 'none', reason: os.reason }
      : { policy: this.settings().sandbox, os: os.kind };
  }
}
