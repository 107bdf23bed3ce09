// Prompt text and model choices shared by the routes and the worker.
export const DRAFT_MODEL = 'gpt-4.1';

export const HEADLINE_SYSTEM =
  'You write headlines for outdoor gear blog posts. ' +
  'Return five options, one per line, each under 70 characters.';

export const SOCIAL_SYSTEM = `You turn blog posts into social media posts for Northwind Outdoor.
Please make sure to always keep every post under 280 characters.
Use at most two hashtags.`;

export const CAMPAIGN_MODEL = 'claude-haiku-4-5';
