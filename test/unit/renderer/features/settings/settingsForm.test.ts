// Tests for the settings form mapping and patch building (renderer/features/settings/settingsForm.ts).
import { describe, expect, it } from 'vitest';
import { Settings } from '../../../../../preload/contract';
import { formFromValues, patchFromForm } from '../../../../../renderer/features/settings/settingsForm';

const values = Settings.parse({
  provider: 'openai',
  model: 'gpt-5-mini',
  openai: { baseUrl: 'https://proxy.example.com/v1', extra: 1 },
  compatible: { baseUrl: 'http://127.0.0.1:11434/v1' },
  reasoningEffort: 'high',
  approvalPolicy: 'untrusted',
  globalShortcut: 'Alt+Space',
  launchAtLogin: true,
  theme: 'dark',
});

describe('formFromValues', () => {
  it('reads every field', () => {
    expect(formFromValues(values)).toEqual({
      provider: 'openai',
      model: 'gpt-5-mini',
      openaiBaseUrl: 'https://proxy.example.com/v1',
      compatibleBaseUrl: 'http://127.0.0.1:11434/v1',
      reasoningEffort: 'high',
      approvalPolicy: 'untrusted',
      sandbox: 'workspace-write',
      globalShortcut: 'Alt+Space',
      launchAtLogin: true,
      theme: 'dark',
      automation: {
        browserExecutable: '',
        browserHeadless: 'auto',
        browserAllowedHosts: '',
        desktopScreenshotMaxSize: '1280',
        desktopVerifyScreenshot: false,
      },
    });
  });

  it('reads the defaults of an empty settings file', () => {
    expect(formFromValues(Settings.parse({}))).toMatchObject({
      provider: 'openai',
      model: 'gpt-5-mini',
      theme: 'system',
      openaiBaseUrl: '',
      compatibleBaseUrl: 'http://127.0.0.1:11434/v1',
      approvalPolicy: 'on-request',
      reasoningEffort: 'medium',
    });
  });
});

describe('patchFromForm', () => {
  const initial = formFromValues(values);

  it('is empty when nothing changed', () => {
    expect(patchFromForm(values, initial, { ...initial })).toEqual({});
  });

  it('sends only changed fields, trimmed', () => {
    expect(patchFromForm(values, initial, { ...initial, model: ' gpt-5 ', launchAtLogin: false })).toEqual({
      model: 'gpt-5',
      launchAtLogin: false,
    });
  });

  it('sends nested objects whole and removes an emptied OpenAI base URL', () => {
    expect(patchFromForm(values, initial, { ...initial, openaiBaseUrl: '' })).toEqual({ openai: {} });
    expect(patchFromForm(values, initial, { ...initial, compatibleBaseUrl: 'http://localhost:1234/v1' })).toEqual({
      compatible: { baseUrl: 'http://localhost:1234/v1' },
    });
  });
});
