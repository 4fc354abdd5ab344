// The kill switch and the live activity of automation tools (issue 11): begin/end per call, stop aborts them all.
import type { AutomationActivity, AutomationState } from '../../../preload/contract/automation';

/** The abort reason the kill switch gives: `ctx.signal.reason` of a stopped automation call. */
export class KillSwitchStop extends Error {
  constructor() {
    super('stopped by the user with the kill switch (Stop automation)');
    this.name = 'AbortError';
  }
}

/** True when `reason` (an AbortSignal's reason) came from the kill switch. */
export function isKillSwitchStop(reason: unknown): boolean {
  return reason instanceof KillSwitchStop;
}

interface Entry {
  activity: AutomationActivity;
  controller: AbortController;
}

/**
 * Tracks the automation calls that run now (tools with `activity`, see plugins/sdk ToolDefinition) and aborts them
 * on {@link stop}. Listeners hear every change (a call began, ended or was stopped) with the full state.
 */
export class AutomationControl {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<(state: AutomationState) => void>();

  /**
   * Registers a running call; `controller` is aborted with a {@link KillSwitchStop} reason when the kill switch is
   * used. Returns the function that ends the registration (call it once the call settled).
   */
  begin(activity: AutomationActivity, controller: AbortController): () => void {
    const key = `${activity.sessionId}\u0000${activity.callId}`;
    this.entries.set(key, { activity, controller });
    this.changed();
    return () => {
      if (this.entries.get(key)?.controller !== controller) return;
      this.entries.delete(key);
      this.changed();
    };
  }

  /** The running automation calls, oldest first. */
  state(): AutomationState {
    return { running: [...this.entries.values()].map((e) => e.activity) };
  }

  /** Aborts every running automation call; resolves to how many were running. Idempotent. */
  stop(): number {
    const running = [...this.entries.values()];
    this.entries.clear();
    for (const entry of running) entry.controller.abort(new KillSwitchStop());
    if (running.length > 0) this.changed();
    return running.length;
  }

  /** Subscribes to state changes; returns an unsubscribe function. */
  onChange(listener: (state: AutomationState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    const state = this.state();
    for (const listener of this.listeners) listener(state);
  }
}
