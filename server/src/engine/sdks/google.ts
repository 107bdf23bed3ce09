import type { SdkFamily } from './types';

export const googleGenAi: SdkFamily = {
  id: 'google',
  name: 'Google Gen AI (Gemini)',
  python: ['google.genai', 'google.generativeai', 'vertexai'],
  js: ['@google/genai', '@google/generative-ai', '@google/generative-ai/server', '@google-cloud/vertexai'],
  // Listed so that a parameter typed with them (`ai: GoogleGenAI`) is known to hold a client; requests are google.ts's.
  clients: {
    '@google/genai:GoogleGenAI': { vendor: 'google' },
    '@google/generative-ai:GoogleGenerativeAI': { vendor: 'google' },
  },
  covers:
    '`client.models.generate_content(_stream)` / `generateContent(Stream)`, `embed_content`, `client.interactions.create`; chat sessions `client.chats.create(...)` -> `send_message(_stream)` / `sendMessage(Stream)`; legacy `GenerativeModel(...).generate_content`, `start_chat()` -> `send_message(_async)`, JS `getGenerativeModel` -> `startChat` -> `sendMessage(Stream)`; Vertex AI `GenerativeModel`',
};
