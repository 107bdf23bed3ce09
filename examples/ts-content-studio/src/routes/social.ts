import type { Request, Response } from 'express';
import Anthropic from '@anthropic-ai/sdk';
import Stripe from 'stripe';
import { SOCIAL_SYSTEM } from '../prompts';

const anthropic = new Anthropic();
const stripe = new Stripe(process.env.STRIPE_SECRET_KEY ?? '');

const SOCIAL_MODEL = 'claude-sonnet-4-5';

/** POST /social/posts */
export async function socialPosts(req: Request, res: Response): Promise<void> {
  // prompt-cost: calls-per-day=300
  const message = await anthropic.messages.create({
    model: SOCIAL_MODEL,
    max_tokens: 400,
    system: SOCIAL_SYSTEM,
    messages: [{ role: 'user', content: `Platform: ${req.body.platform}\n\n${req.body.post}` }],
  });
  const block = message.content[0];
  res.json({ posts: block.type === 'text' ? block.text : '' });
}

/** GET /social/thread (streams a thread as it is written) */
export async function streamThread(req: Request, res: Response): Promise<void> {
  const stream = anthropic.messages.stream({
    model: 'claude-opus-4-1',
    max_tokens: 2000,
    messages: [{ role: 'user', content: 'Write a detailed, comprehensive thread of 8 posts about: ' + req.query.topic }],
  });
  stream.on('text', (text) => res.write(text));
  await stream.finalMessage();
  res.end();
}

/** POST /social/boost (paid promotion) */
export async function boostPost(req: Request, res: Response): Promise<void> {
  const intent = await stripe.paymentIntents.create({ amount: req.body.amountCents, currency: 'usd' });
  res.json({ clientSecret: intent.client_secret });
}

/** POST /social/alt-text: alt text for a product photo before it is posted. */
export async function altText(req: Request, res: Response): Promise<void> {
  const message = await anthropic.messages.create({
    model: 'claude-haiku-4-5',
    max_tokens: 120,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'image', source: { type: 'url', url: req.body.imageUrl } },
          { type: 'text', text: 'Write alt text for this product photo in one sentence.' },
        ],
      },
    ],
  });
  res.json({ altText: message.content[0].type === 'text' ? message.content[0].text : '' });
}
