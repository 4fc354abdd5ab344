// Issuer/backend URL precedence (env over settings over defaults) and JWT claim reading.
import { describe, expect, it } from 'vitest';
import { chatGptEndpoints, readClaims } from '../../../../../main/core/auth/chatgpt';
import { unsignedJwt } from '../../../../support/fakeChatgpt';

describe('chatGptEndpoints', () => {
  it('uses the real defaults, then settings, then the DESKPILOT_* overrides', () => {
    expect(chatGptEndpoints({}, {})).toEqual({
      issuer: 'https://auth.openai.com',
      baseUrl: 'https://chatgpt.com/backend-api/codex',
    });
    const settings = { chatgpt: { issuer: 'https://issuer.example/', baseUrl: 'https://backend.example/codex' } };
    expect(chatGptEndpoints(settings, {})).toEqual({
      issuer: 'https://issuer.example',
      baseUrl: 'https://backend.example/codex',
    });
    expect(
      chatGptEndpoints(settings, {
        DESKPILOT_AUTH_ISSUER: 'http://127.0.0.1:1',
        DESKPILOT_CHATGPT_BASE_URL: 'http://127.0.0.1:2/b',
      }),
    ).toEqual({ issuer: 'http://127.0.0.1:1', baseUrl: 'http://127.0.0.1:2/b' });
  });

  it('names the variable when an override is not a URL', () => {
    expect(() => chatGptEndpoints({}, { DESKPILOT_AUTH_ISSUER: 'not a url' })).toThrow(
      /DESKPILOT_AUTH_ISSUER .* is not a URL/,
    );
    expect(() => chatGptEndpoints({}, { DESKPILOT_CHATGPT_BASE_URL: 'file:///x' })).toThrow(/must be an http\(s\) URL/);
  });
});

describe('readClaims', () => {
  it('reads account id, plan, email and expiry from base64url payloads without padding', () => {
    const token = unsignedJwt({
      exp: 1_900_000_000,
      'https://api.openai.com/auth': { chatgpt_account_id: 'acct_ü?>', chatgpt_plan_type: 'pro' },
      'https://api.openai.com/profile': { email: 'a@b.c' },
    });
    expect(token.split('.')[1]).not.toMatch(/[=+/]/);
    expect(readClaims(token)).toEqual({
      accountId: 'acct_ü?>',
      planType: 'pro',
      email: 'a@b.c',
      expiresAt: 1_900_000_000_000,
    });
    expect(readClaims('not-a-jwt')).toEqual({});
    expect(readClaims(undefined)).toEqual({});
  });
});
