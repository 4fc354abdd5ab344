// Element addressing for browser actions: a snapshot ref, with a fallback by role + name or by visible text.
import type { Locator, Page } from 'playwright-core';
import { z } from 'zod';
import { REF_ATTRIBUTE } from './snapshotScript';
import { BrowserToolError } from './session';

/** How a tool names an element: `ref` from browser_snapshot, else `role` + `name`, else visible `text`. */
export const ElementTarget = {
  ref: z
    .string()
    .regex(/^e\d+$/, 'a ref looks like e12 (from browser_snapshot)')
    .optional()
    .describe('Element ref from browser_snapshot, e.g. e12'),
  role: z.string().max(40).optional().describe('Fallback: ARIA role, e.g. button, link, textbox (with name)'),
  name: z.string().max(200).optional().describe('Fallback: accessible name, used with role'),
  text: z.string().max(200).optional().describe('Fallback: visible text of the element'),
};

/** The target fields of a tool's arguments. */
export interface TargetArgs {
  ref?: string;
  role?: string;
  name?: string;
  text?: string;
}

/** Labels of refs from the latest snapshot (`e12` → `button "Place order"`), for activity and approval text. */
export class RefLabels {
  private readonly labels = new Map<string, string>();

  /** Records the labels of a snapshot's lines (`[e12] button "Place order" …`). */
  remember(lines: readonly string[]): void {
    for (const line of lines) {
      const m = /^\[(e\d+)\] (\S+)(?: ("(?:[^"\\]|\\.)*"))?/.exec(line);
      if (m) this.labels.set(m[1], m[3] ? `${m[2]} ${m[3]}` : m[2]);
    }
  }

  /** A readable description of a target: `button "Place order" (e12)`, `link "Home"`, `text "Sign in"`. */
  describe(args: TargetArgs): string {
    if (args.ref) return `${this.labels.get(args.ref) ?? 'element'} (${args.ref})`;
    if (args.role) return `${args.role}${args.name ? ` ${JSON.stringify(args.name)}` : ''}`;
    if (args.text) return `text ${JSON.stringify(args.text)}`;
    return '(no element)';
  }
}

/**
 * The locator of a target on `page`. A ref must match exactly one element: none means the ref is stale (the page
 * changed since the snapshot), and the error says to take a new snapshot. Throws when no target field is given.
 */
export async function locate(page: Page, args: TargetArgs, label: string): Promise<Locator> {
  let locator: Locator;
  if (args.ref) {
    locator = page.locator(`[${REF_ATTRIBUTE}="${args.ref}"]`);
    if ((await locator.count()) === 0)
      throw new BrowserToolError(
        `Ref ${args.ref} is stale: that element is no longer on the page (it changed or navigated since the snapshot). Call browser_snapshot and use a fresh ref.`,
      );
    return locator.first();
  }
  if (args.role) {
    // The role comes from the model; Playwright validates it against ARIA roles at run time.
    locator = page.getByRole(args.role as Parameters<Page['getByRole']>[0], args.name ? { name: args.name } : {});
  } else if (args.text) {
    locator = page.getByText(args.text);
  } else {
    throw new BrowserToolError('Name the element: give `ref` from browser_snapshot, or `role` + `name`, or `text`.');
  }
  const count = await locator.count();
  if (count === 0)
    throw new BrowserToolError(
      `No element matches ${label}. Call browser_snapshot to see the page's elements and use a ref.`,
    );
  return locator.first();
}
