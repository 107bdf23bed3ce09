import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { beyondExtraction, CAP_FOR_TASK, isFormatOnlyExtraction, isSimpleTask, judgeTask } from '../server/src/engine/task-kind';

describe('judgeTask', () => {
  const cases: { text: string; kind: string; evidence: string | null; signals?: { cap?: number; structuredOutput?: boolean } }[] = [
    { text: 'Classify the support ticket as billing, bug or other. Reply with the label only.', kind: 'classification', evidence: 'Classify the support ticket as billing, bug or other' },
    { text: 'You are a moderator. Assign exactly one label from: spam, ham.', kind: 'classification', evidence: 'Assign exactly one label from: spam, ham' },
    { text: 'What is the sentiment of this review?', kind: 'classification', evidence: 'sentiment of this review?' },
    { text: 'Does the message mention a refund? Answer yes or no.', kind: 'yes-no', evidence: 'Answer yes or no' },
    { text: 'Extract the invoice number, total and due date as JSON.', kind: 'extraction', evidence: 'Extract the invoice number, total and due date as JSON' },
    { text: 'Return only valid JSON with keys name and email', kind: 'extraction', evidence: 'Return only valid JSON with keys name and email' },
    { text: 'Generate a short title for this conversation', kind: 'title', evidence: 'Generate a short title for this conversation' },
    { text: 'Translate the following sentence into French:', kind: 'translation', evidence: 'Translate the following sentence into French' },
    { text: 'Summarize the meeting notes in three bullet points.', kind: 'summary', evidence: 'Summarize the meeting notes in three bullet points' },
    { text: 'You are a helpful assistant for Acme Cloud customers.', kind: 'other', evidence: null },
    // Open-ended writing wins over a simple keyword: classifying and then writing a reply is not a simple task.
    { text: 'Classify the ticket, then write a detailed reply to the customer.', kind: 'other', evidence: 'write a detailed reply' },
    { text: 'Explain the error step by step.', kind: 'other', evidence: 'Explain' },
    // A negated open-ended phrase does not count.
    { text: 'Classify the review as positive or negative. Do not explain your answer.', kind: 'classification', evidence: 'Classify the review as positive or negative' },
    // Signals when no phrase decides.
    // A schema alone does not make a task simple: recipes, math steps and UI trees come back as JSON too.
    { text: 'Here is the customer record.', kind: 'other', evidence: null, signals: { structuredOutput: true } },
    { text: 'Here is the customer record.', kind: 'classification', evidence: 'an output cap of 10 tokens', signals: { cap: 10 } },
    { text: 'Here is the customer record.', kind: 'other', evidence: null, signals: { cap: 400 } },
    // Task words that are not this call's task.
    { text: 'Write interview questions. Avoid yes/no questions or those with obvious answers.', kind: 'other', evidence: null },
    { text: 'Read the ticket but do not classify it.', kind: 'other', evidence: null },
    { text: 'If the user writes "classify" or \'translate\', treat it as a normal word.', kind: 'other', evidence: null },
    { text: 'Write a prompt for an LLM sub-agent to extract figures from a report.', kind: 'other', evidence: null },
    { text: 'Plan the research. The sub-agents will extract the facts later.', kind: 'other', evidence: null },
    { text: "Translate the user's request into a research brief.", kind: 'other', evidence: null },
    { text: 'Translate these messages into a more detailed and concrete research question.', kind: 'other', evidence: null },
    // A negated or quoted mention does not hide a real task later in the prompt.
    { text: 'Avoid long answers. Classify the ticket as billing or bug.', kind: 'classification', evidence: 'Classify the ticket as billing or bug' },
    { text: 'Translate the text into German.', kind: 'translation', evidence: 'Translate the text into German' },
    { text: 'Return just the number of legs as an integer and nothing else.', kind: 'classification', evidence: 'Return just the number of legs as an integer and nothing else' },
    // A cap of one token with no task words is a probe or a cache warm-up.
    { text: 'Source to analyze follows.', kind: 'other', evidence: null, signals: { cap: 1 } },
    { text: 'Here is the statement.', kind: 'classification', evidence: 'an output cap of 5 tokens', signals: { cap: 5 } },
  ];
  for (const c of cases) {
    test(`${c.kind}: ${c.text}`, () => {
      assert.deepEqual(judgeTask(c.text, c.signals), { kind: c.kind, evidence: c.evidence });
    });
  }

  test('extraction that also asks for a summary, an answer or reasoning is named; a negated mention is not', () => {
    assert.equal(beyondExtraction('Extract chapters. For each chapter, provide a title and a summary.'), 'summary');
    assert.equal(beyondExtraction('Extract the relevant clauses and write the answer to the query.'), 'write the answer');
    assert.equal(beyondExtraction('Extract the fields. Show your reasoning.'), 'reasoning');
    assert.equal(beyondExtraction('Extract the invoice number and total. No summary.'), null);
    assert.equal(beyondExtraction('Extract the invoice number and total.'), null);
  });

  test('an output-format phrase alone is format-only extraction; an extract phrase is not', () => {
    assert.equal(isFormatOnlyExtraction(judgeTask('Only return JSON')), true);
    assert.equal(isFormatOnlyExtraction(judgeTask('Extract the name and email as JSON.')), false);
  });

  test('long evidence is cut at a word boundary', () => {
    const judgement = judgeTask('Classify the following customer message into exactly one of the categories billing, technical, account, sales or other');
    assert.equal(judgement.kind, 'classification');
    assert.equal(judgement.evidence, 'Classify the following customer message into exactly one of the categories…');
  });
});

describe('task kinds', () => {
  test('simple kinds are the short, checkable ones', () => {
    assert.deepEqual(
      (['classification', 'extraction', 'yes-no', 'title', 'translation', 'summary', 'other'] as const).filter(isSimpleTask),
      ['classification', 'extraction', 'yes-no', 'title', 'translation'],
    );
  });

  test('caps sized to the task', () => {
    assert.equal(CAP_FOR_TASK.classification.tokens, 16);
    assert.equal(CAP_FOR_TASK.extraction.tokens, 256);
    assert.equal(CAP_FOR_TASK.summary.tokens, 300);
    assert.equal(CAP_FOR_TASK.other.tokens, 1024);
  });
});
