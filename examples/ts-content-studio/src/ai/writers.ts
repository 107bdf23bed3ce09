import { anthropic } from '@ai-sdk/anthropic';
import { google } from '@ai-sdk/google';
import { openai } from '@ai-sdk/openai';
import { generateObject, generateText, streamObject, streamText } from 'ai';
import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';

const campaignSchema = z.object({
  subject: z.string(),
  preheader: z.string(),
  body: z.string(),
});

/** A one-line product blurb for the catalogue. */
export async function productBlurb(name: string, facts: string): Promise<string> {
  const { text } = await generateText({
    model: openai('gpt-4o-mini'),
    system: 'Write one sentence, under 25 words, that makes the product useful to a hiker.',
    prompt: `Product: ${name}\nFacts: ${facts}`,
    maxOutputTokens: 60,
  });
  return text;
}

/** Live preview while the marketer types a brief. */
export function previewCopy(brief: string) {
  return streamText({
    model: anthropic('claude-3-5-haiku-latest'),
    prompt: 'Draft a short landing page intro for this brief:\n' + brief,
    maxOutputTokens: 300,
  });
}

/** Campaign email as structured fields for the email builder. */
export async function campaignEmail(brief: string) {
  const { object } = await generateObject({
    model: google('gemini-2.0-flash'),
    schema: campaignSchema,
    prompt: `Write a campaign email for this brief: ${brief}`,
  });
  return object;
}

/** Streams the same fields into the builder as they arrive. */
export function streamCampaignEmail(brief: string) {
  return streamObject({
    model: openai('gpt-4.1-mini'),
    schema: campaignSchema,
    prompt: `Write a campaign email for this brief: ${brief}`,
    maxOutputTokens: 800,
  });
}

/** The editor's rewrite assistant runs through LangChain. */
export const rewriter = new ChatOpenAI({
  model: 'gpt-4o',
  temperature: 0.7,
  maxTokens: 1200,
});
