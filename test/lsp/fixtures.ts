/** Workspace files for the protocol tests: small apps as a user would write them. */

export const PROMPTS_PY = `SYSTEM = "I would like you to please make sure to classify the ticket into exactly one of these categories: billing, bug, other. It is very important that you answer with the category only."
`;

export const PROMPTS_PY_PLAIN = `SYSTEM = "Classify the ticket into exactly one of these categories: billing, bug, other. Answer with the category only."
`;

/** One OpenAI call: no output cap, a flagship model on a classification prompt imported from app/prompts.py. */
export const MAIN_PY = `from openai import OpenAI
from app.prompts import SYSTEM

client = OpenAI()


def classify(ticket):
    return client.chat.completions.create(
        model="gpt-4o",
        messages=[
            {"role": "system", "content": SYSTEM},
            {"role": "user", "content": ticket},
        ],
    )
`;

/** 0-based line of `client.chat.completions.create(` in MAIN_PY. */
export const MAIN_CALL_LINE = 7;

export function mainPyWithCap(cap: number): string {
  return MAIN_PY.replace('        ],\n    )', `        ],\n        max_completion_tokens=${cap},\n    )`);
}

/** An Anthropic call with a long static system prompt and no cache_control: a safe fix exists. */
export function anthropicBotPy(): string {
  const policy = Array.from(
    { length: 80 },
    (_, i) => `Policy ${i}: refunds for order class ${i} are handled by the billing team within ${i + 2} business days.`,
  ).join('\n');
  return `import anthropic

client = anthropic.Anthropic()

POLICY = """${policy}"""


def answer(question):
    return client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=1024,
        system=POLICY,
        messages=[{"role": "user", "content": question}],
    )
`;
}

/** A call whose system prompt is read from `prompts/summary.md` (a prompt file, not a code constant). */
export const SUMMARY_APP_PY = [
  'from openai import OpenAI',
  '',
  'client = OpenAI()',
  '',
  'def summarize(ticket):',
  '    return client.chat.completions.create(',
  '        model="gpt-4o-mini",',
  '        max_completion_tokens=100,',
  '        messages=[{"role": "system", "content": open("prompts/summary.md").read()}, {"role": "user", "content": ticket}],',
  '    )',
  '',
].join('\n');
