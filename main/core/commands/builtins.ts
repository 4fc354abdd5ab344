// Built-in slash commands: /help /new /sessions /resume /rename /model /reasoning /approvals /sandbox /config /compact.
import { ApprovalPolicy } from '../../../preload/contract/approvals';
import { ReasoningEffort, restartNote, SandboxPolicy } from '../../../preload/contract/settings';
import { plural } from '../../../plugins/sdk/text';
import type { SlashCommandDefinition } from '../../../plugins/sdk/types';
import type { AgentLoop } from '../agent/loop';
import type { SessionStore } from '../sessions/store';
import { formatSettings } from '../settings/display';
import type { SettingsStore } from '../settings/store';
import type { SandboxPolicies } from '../tools/sandbox/policies';
import type { CommandRegistry } from './registry';

/** What the built-in commands act on. */
export interface CommandHost {
  sessions: SessionStore;
  settings: SettingsStore;
  loop: AgentLoop;
  commands: CommandRegistry;
  /** Sandbox policies (the `/sandbox` command); absent in hosts without tools. */
  sandbox?: SandboxPolicies;
}

/** Creates the built-in commands bound to `host`. */
export function builtinCommands(host: CommandHost): SlashCommandDefinition[] {
  const needSession = (id: string | null): string => {
    if (!id) throw new Error('there is no current session; send a message or use /new first');
    return id;
  };
  return [
    {
      name: 'help',
      description: 'List the slash commands',
      run: () => ({
        text: host.commands
          .list()
          .map((c) => `${c.usage.padEnd(28)} ${c.description}`)
          .join('\n'),
      }),
    },
    {
      name: 'new',
      description: 'Start a new chat session',
      run: async () => {
        const session = await host.sessions.create();
        return { text: `Started a new session (${session.id}).`, switchToSession: session.id };
      },
    },
    {
      name: 'sessions',
      description: 'List recent sessions',
      run: async () => {
        const list = await host.sessions.list();
        if (list.length === 0) return { text: 'No sessions yet.' };
        const shown = list.slice(0, 20);
        const lines = shown.map(
          (s) =>
            `- ${s.title} · ${s.updatedAt.slice(0, 16).replace('T', ' ')} · ${plural(s.itemCount, 'item')} · ${s.id}`,
        );
        const more = list.length > shown.length ? ` (the ${shown.length} most recent of ${list.length})` : '';
        return {
          text: `Sessions, most recently active first${more}:\n${lines.join('\n')}\n\nOpen one with /resume <id>.`,
        };
      },
    },
    {
      name: 'resume',
      description: 'Switch to a session',
      usage: '/resume <id|latest>',
      run: async ({ args }) => {
        const summary = await host.sessions.resolve(args || 'latest');
        return { text: `Resumed "${summary.title}" (${summary.id}).`, switchToSession: summary.id };
      },
    },
    {
      name: 'rename',
      description: 'Rename the current session',
      usage: '/rename <title>',
      run: async ({ sessionId, args }) => {
        if (!args) throw new Error('give the new title, e.g. /rename Trip planning');
        const summary = await host.sessions.rename(needSession(sessionId), args);
        return { text: `Renamed to "${summary.title}".` };
      },
    },
    {
      name: 'model',
      description: 'Show or set the model',
      usage: '/model [name]',
      run: async ({ args }) => {
        if (!args) return { text: `Model: ${host.settings.get().model} (provider ${host.settings.get().provider})` };
        await host.settings.update({ model: args });
        return { text: `Model set to ${args}.` };
      },
    },
    {
      name: 'reasoning',
      description: 'Show or set the reasoning effort',
      usage: '/reasoning [none|minimal|low|medium|high]',
      run: async ({ args }) => {
        if (!args) return { text: `Reasoning effort: ${host.settings.get().reasoningEffort}` };
        const value = args.toLowerCase();
        const effort = ReasoningEffort.safeParse(value);
        if (!effort.success)
          throw new Error(`"${args}" is not a reasoning effort; use one of ${ReasoningEffort.options.join(', ')}`);
        await host.settings.update({ reasoningEffort: effort.data });
        return { text: `Reasoning effort set to ${value}.` };
      },
    },
    {
      name: 'search',
      description: 'Show or switch the hosted web search (OpenAI and ChatGPT providers)',
      usage: '/search [on|off]',
      run: async ({ args }) => {
        const settings = host.settings.get();
        const hostedOk = settings.provider === 'openai' || settings.provider === 'chatgpt';
        const note = hostedOk
          ? ''
          : ` (the ${settings.provider} provider has no hosted web search; it applies with openai or chatgpt)`;
        if (!args) return { text: `Web search: ${settings.web.search ? 'on' : 'off'}${note}.` };
        const value = args.trim().toLowerCase();
        if (value !== 'on' && value !== 'off')
          throw new Error(`"${args}" is not on or off; use /search on or /search off`);
        await host.settings.update({ web: { ...settings.web, search: value === 'on' } });
        return { text: `Web search ${value}${note}.` };
      },
    },
    {
      name: 'approvals',
      description: 'Show or set the approval policy (for this session when one is open)',
      usage: '/approvals [untrusted|on-request|never]',
      run: async ({ sessionId, args }) => {
        if (!args) {
          const policy = sessionId ? host.loop.policyFor(sessionId) : host.settings.get().approvalPolicy;
          return { text: `Approval policy: ${policy}. Options: ${ApprovalPolicy.options.join(', ')}.` };
        }
        const parsed = ApprovalPolicy.safeParse(args.toLowerCase());
        if (!parsed.success)
          throw new Error(`"${args}" is not an approval policy; use one of ${ApprovalPolicy.options.join(', ')}`);
        if (sessionId) {
          host.loop.setSessionPolicy(sessionId, parsed.data);
          return { text: `Approval policy for this session: ${parsed.data}.` };
        }
        await host.settings.update({ approvalPolicy: parsed.data });
        return { text: `Approval policy set to ${parsed.data}.` };
      },
    },
    {
      name: 'sandbox',
      description: 'Show or set the sandbox policy (for this session when one is open)',
      usage: '/sandbox [read-only|workspace-write|full-access]',
      run: async ({ sessionId, args }) => {
        const sandbox = host.sandbox;
        if (!sandbox) throw new Error('this host runs no tools, so it has no sandbox');
        if (!args) {
          const status = sandbox.status();
          const policy = sessionId ? sandbox.policyFor(sessionId) : status.policy;
          const os =
            status.os === 'none'
              ? `no OS sandbox (${status.reason}), so every shell command asks`
              : `shell commands run in ${status.os}`;
          return { text: `Sandbox: ${policy}; ${os}. Options: ${SandboxPolicy.options.join(', ')}.` };
        }
        const parsed = SandboxPolicy.safeParse(args.toLowerCase());
        if (!parsed.success)
          throw new Error(`"${args}" is not a sandbox policy; use one of ${SandboxPolicy.options.join(', ')}`);
        if (sessionId) {
          sandbox.setSessionPolicy(sessionId, parsed.data);
          return { text: `Sandbox for this session: ${parsed.data}.` };
        }
        await host.settings.update({ sandbox: parsed.data });
        return { text: `Sandbox set to ${parsed.data}.` };
      },
    },
    {
      name: 'config',
      description: 'Show settings, or set some with key=value',
      usage: '/config [key=value ...]',
      run: async ({ args }) => {
        if (!args)
          return {
            text: `${formatSettings(host.settings.get()).join('\n')}\n\nChange settings with /config key=value (several at once: all or nothing).`,
          };
        const values = args.split(/\s+/).map((pair) => {
          const eq = pair.indexOf('=');
          if (eq <= 0) throw new Error(`"${pair}" is not key=value, e.g. /config maxToolRounds=20`);
          return { key: pair.slice(0, eq), value: pair.slice(eq + 1) };
        });
        await host.settings.setByPaths(values);
        const notes = values.flatMap(({ key }) => {
          const note = restartNote(key);
          return note ? [`${key} takes effect after a restart (${note}).`] : [];
        });
        return { text: [`Updated ${values.map((v) => v.key).join(', ')}.`, ...notes].join('\n') };
      },
    },
    {
      name: 'compact',
      description: 'Summarize older messages now to free context',
      run: async ({ sessionId }) => ({ text: await host.loop.compactNow(needSession(sessionId)) }),
    },
  ];
}
