// Validation of the global-shortcut setting against Electron's accelerator syntax.
import { describe, expect, it } from 'vitest';
import { validateAccelerator } from '../../../main/shell/accelerator';

describe('validateAccelerator', () => {
  it('accepts and normalizes valid accelerators', () => {
    expect(validateAccelerator('CommandOrControl+Shift+Space')).toEqual({
      kind: 'valid',
      accelerator: 'CommandOrControl+Shift+Space',
    });
    expect(validateAccelerator(' cmdorctrl + alt + k ')).toEqual({
      kind: 'valid',
      accelerator: 'CommandOrControl+Alt+K',
    });
    expect(validateAccelerator('Super+Plus')).toEqual({ kind: 'valid', accelerator: 'Super+Plus' });
    expect(validateAccelerator('Ctrl+/')).toEqual({ kind: 'valid', accelerator: 'Control+/' });
    expect(validateAccelerator('F13')).toEqual({ kind: 'valid', accelerator: 'F13' });
    expect(validateAccelerator('MediaPlayPause')).toEqual({ kind: 'valid', accelerator: 'MediaPlayPause' });
    expect(validateAccelerator('Option+Meta+num5')).toEqual({ kind: 'valid', accelerator: 'Alt+Super+num5' });
  });

  it('treats an empty setting as "no shortcut"', () => {
    expect(validateAccelerator('')).toEqual({ kind: 'disabled' });
    expect(validateAccelerator('   ')).toEqual({ kind: 'disabled' });
  });

  it.each([
    ['CommandOrControl+', /empty part.*Plus/],
    ['Ctrl++', /empty part/],
    ['Ctrl+Shift', /no key/],
    ['Ctrl+Spacebar', /not a key/],
    ['Hyper+K', /not a modifier/],
    ['Ctrl+Control+K', /repeats/],
    ['K', /capture typing/],
    ['Shift+A', /capture typing/],
    ['F25', /not a key/],
    ['Ctrl+K+L', /not a modifier/],
  ])('refuses %j', (text, message) => {
    const check = validateAccelerator(text);
    expect(check.kind).toBe('invalid');
    expect(check.kind === 'invalid' && check.message).toMatch(message);
  });
});
