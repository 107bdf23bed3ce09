import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response } from 'express';
import OpenAI from 'openai';
import { prisma } from '../db';
import { DRAFT_MODEL, HEADLINE_SYSTEM } from '../prompts';

const openai = new OpenAI();

const brandVoice = fs.readFileSync(path.join(__dirname, '..', '..', 'prompts', 'brand-voice.md'), 'utf8');
const seoOutline = fs.readFileSync(path.join(__dirname, '../../prompts/seo-outline.md'), 'utf8');

/** POST /blog/headlines */
export async function suggestHeadlines(req: Request, res: Response): Promise<void> {
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    max_tokens: 200,
    messages: [
      { role: 'system', content: HEADLINE_SYSTEM },
      { role: 'user', content: `Topic: ${req.body.topic}\nAudience: ${req.body.audience}` },
    ],
  });
  res.json({ headlines: completion.choices[0].message.content?.split('\n') ?? [] });
}

/** POST /blog/outline */
export async function outline(req: Request, res: Response): Promise<void> {
  const response = await openai.responses.create({
    model: DRAFT_MODEL,
    instructions: brandVoice + '\n\n' + seoOutline,
    input: `Brief: ${req.body.brief}`,
    max_output_tokens: 600,
  });
  res.json({ outline: response.output_text });
}

/** POST /blog/draft (streams the draft to the editor) */
export async function streamDraft(req: Request, res: Response): Promise<void> {
  const stream = openai.chat.completions.stream({
    model: DRAFT_MODEL,
    messages: [
      { role: 'system', content: brandVoice },
      { role: 'user', content: 'Write the full blog post from this outline:\n' + req.body.outline },
    ],
  });
  for await (const chunk of stream) {
    res.write(chunk.choices[0]?.delta?.content ?? '');
  }
  res.end();
}

/** POST /blog/posts */
export async function savePost(req: Request, res: Response): Promise<void> {
  const embedding = await openai.embeddings.create({ model: 'text-embedding-3-small', input: req.body.text });
  const post = await prisma.post.create({
    data: { title: req.body.title, body: req.body.text, embedding: embedding.data[0].embedding },
  });
  res.json({ id: post.id });
}
