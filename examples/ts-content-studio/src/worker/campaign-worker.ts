// Nightly worker: personalises the next day's campaign emails for every subscriber segment.
import Anthropic from '@anthropic-ai/sdk';
import { generateText } from 'ai';
import { openai } from '@ai-sdk/openai';
import { CAMPAIGN_MODEL } from '../prompts';

interface Segment {
  id: string;
  description: string;
}

const client = new Anthropic({ maxRetries: 4 });

export async function personaliseSegments(segments: Segment[], baseEmail: string): Promise<string[]> {
  const emails: string[] = [];
  for (const segment of segments) {
    const { text } = await generateText({
      model: openai(process.env.PERSONALISE_MODEL ?? 'gpt-4.1-nano'),
      prompt: `Adapt this email for the segment "${segment.description}":\n\n${baseEmail}`,
      maxOutputTokens: 700,
    });
    emails.push(text);
  }
  return emails;
}

export async function submitSubjectLineBatch(segments: Segment[]): Promise<string> {
  const batch = await client.messages.batches.create({
    requests: segments.map((segment) => ({
      custom_id: segment.id,
      params: {
        model: CAMPAIGN_MODEL,
        max_tokens: 50,
        messages: [{ role: 'user' as const, content: `One subject line for: ${segment.description}` }],
      },
    })),
  });
  return batch.id;
}
