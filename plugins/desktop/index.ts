// The desktop plugin: screenshots, mouse and keyboard through nut-js in a child process, as desktop_* tools, with
// settings under plugins.desktop (issue 11).
import { definePlugin } from '../sdk';
import { NativeDesktop } from './client';
import { DesktopConfig } from './contract';
import { createDesktopTools } from './tools';

/** Appended to the system prompt: how to drive the desktop. */
export const DESKTOP_PROMPT_SECTION =
  'Desktop: call desktop_screenshot first and convert image pixels to screen points with the mapping it states; ' +
  'then desktop_click, desktop_type, desktop_key and the other desktop tools act in screen points. Take a new ' +
  'screenshot to check the result. Prefer the browser tools for web pages.';

let current: NativeDesktop | null = null;

/** Activation prepares the worker (it starts at the first desktop tool call); deactivation ends it. */
export default definePlugin({
  activate(ctx) {
    const native = new NativeDesktop({ log: ctx.log });
    current = native;
    const config = () => ctx.config(DesktopConfig);
    return {
      tools: createDesktopTools({ native, config }),
      promptSections: [DESKTOP_PROMPT_SECTION],
      rpc: {
        /** `{reachable, display?, windowManager, summary}`: whether a display can be automated (no native call). */
        health: async () => {
          const env = await native.inspect();
          const summary = env.problem
            ? `display not reachable: ${env.problem}`
            : `display ${env.display ?? 'reachable'}${env.windowManager === false ? ' (no window manager: no active window)' : ''}`;
          return { reachable: !env.problem, display: env.display, windowManager: env.windowManager, summary };
        },
      },
    };
  },
  deactivate() {
    current?.dispose();
    current = null;
  },
});
