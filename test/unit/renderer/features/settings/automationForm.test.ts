// Tests for the "Browser & desktop" settings form (renderer/features/settings/automationForm.ts): every control's
// value reaches the patch in the shape the plugins parse, other plugins' settings survive, bad input blocks a save.
import { describe, expect, it } from 'vitest';
import { BrowserConfig } from '../../../../../plugins/browser/contract';
import { DesktopConfig } from '../../../../../plugins/desktop/contract';
import { Settings } from '../../../../../preload/contract';
import {
  automationFormFrom,
  automationPatch,
  automationProblem,
  parseHosts,
} from '../../../../../renderer/features/settings/automationForm';
import { formFromValues, patchFromForm } from '../../../../../renderer/features/settings/settingsForm';

const values = Settings.parse({
  plugins: {
    browser: { executablePath: '/opt/brave', allowedHosts: ['shop.example.com'], navigationTimeoutMs: 5000 },
    memory: { autoRecall: false },
  },
});

describe('automation settings form', () => {
  it('reads stored values with the plugins’ defaults for the rest', () => {
    expect(automationFormFrom(values)).toEqual({
      browserExecutable: '/opt/brave',
      browserHeadless: 'auto',
      browserAllowedHosts: 'shop.example.com',
      desktopScreenshotMaxSize: '1280',
      desktopVerifyScreenshot: false,
    });
  });

  it('sends every control in the shape the plugins parse, keeping other keys and plugins', () => {
    const initial = automationFormFrom(values);
    const patch = automationPatch(values, initial, {
      browserExecutable: ' /usr/bin/chromium ',
      browserHeadless: 'always',
      browserAllowedHosts: 'Shop.example.com\n\n*.Example.org\nshop.example.com',
      desktopScreenshotMaxSize: '1024',
      desktopVerifyScreenshot: true,
    }) as { plugins: Record<string, Record<string, unknown>> };
    expect(patch.plugins.memory).toEqual({ autoRecall: false });
    expect(BrowserConfig.parse(patch.plugins.browser)).toEqual({
      executablePath: '/usr/bin/chromium',
      headless: 'always',
      allowedHosts: ['shop.example.com', '*.example.org'],
      navigationTimeoutMs: 5000,
      screenshotMaxWidth: 1280,
    });
    expect(DesktopConfig.parse(patch.plugins.desktop)).toMatchObject({
      screenshotMaxSize: 1024,
      verifyScreenshot: true,
    });
  });

  it('sends nothing when nothing changed, and only the changed plugin otherwise', () => {
    const initial = formFromValues(values);
    expect(patchFromForm(values, initial, { ...initial })).toEqual({});
    const patch = patchFromForm(values, initial, {
      ...initial,
      automation: { ...initial.automation, desktopVerifyScreenshot: true },
    }) as { plugins: Record<string, unknown> };
    expect(patch.plugins.browser).toEqual(values.plugins.browser);
    expect(patch.plugins.desktop).toEqual({ screenshotMaxSize: 1280, verifyScreenshot: true });
  });

  it('names the problem of a bad site or size', () => {
    const ok = automationFormFrom(values);
    expect(automationProblem(ok)).toBeNull();
    expect(automationProblem({ ...ok, browserAllowedHosts: 'https://shop.example.com/cart' })).toMatch(
      /"https:\/\/shop.example.com\/cart" is not a site/,
    );
    expect(automationProblem({ ...ok, desktopScreenshotMaxSize: '99' })).toMatch(/320 to 3840/);
    expect(automationProblem({ ...ok, desktopScreenshotMaxSize: '12.5' })).toMatch(/whole number/);
    expect(parseHosts(' a.com, b.com\nA.com ')).toEqual(['a.com', 'b.com']);
  });
});
