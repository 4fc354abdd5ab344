// The model providers Deskpilot speaks to, as a plain list: importable without zod (the CLI's start-up path).

/** Provider ids: `openai` (Responses API, API key), `openai-compatible` (Chat Completions server), `chatgpt` (Codex backend). */
export const PROVIDER_IDS = ['openai', 'openai-compatible', 'chatgpt'] as const;
