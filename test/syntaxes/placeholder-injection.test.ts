import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadGrammar, scopesOf, tokenize } from './textmate';

const PLACEHOLDER = 'variable.other.placeholder.prompt';

/** The innermost scope of the token with `text` on the only line of `code`. */
async function innermost(scopeName: string, code: string, text: string): Promise<string> {
  const [line] = tokenize(await loadGrammar(scopeName), code);
  const scopes = scopesOf(line, text);
  return scopes[scopes.length - 1];
}

async function scopes(scopeName: string, code: string, text: string): Promise<string[]> {
  const [line] = tokenize(await loadGrammar(scopeName), code);
  return scopesOf(line, text);
}

describe('placeholder injection grammar', () => {
  test('Python .format template: {name} inside a string is a placeholder', async () => {
    assert.deepEqual(await scopes('source.python', 'PROMPT = "Summarize {article} in {count} bullets".format(article=a, count=3)', 'article'), [
      'source.python',
      'string.quoted.double.python',
      'meta.placeholder.single-brace.prompt',
      PLACEHOLDER,
    ]);
    assert.equal(await innermost('source.python', "t = 'Hi {name!r:>10}'", '{'), 'punctuation.definition.placeholder.begin.prompt');
    assert.equal(await innermost('source.python', "t = 'Hi {name!r:>10}'", '!r'), 'storage.modifier.conversion.placeholder.prompt');
    assert.equal(await innermost('source.python', "t = 'Hi {name!r:>10}'", ':>10'), 'storage.modifier.format-spec.placeholder.prompt');
  });

  test('Python f-string: {name} is a placeholder', async () => {
    assert.deepEqual(await scopes('source.python', 'prompt = f"Answer the question: {question}"', 'question'), [
      'source.python',
      'meta.fstring.python',
      'meta.placeholder.single-brace.prompt',
      PLACEHOLDER,
    ]);
  });

  test('{{name}} inside a Python string is a double-brace placeholder, not two single ones', async () => {
    assert.deepEqual(await scopes('source.python', 'TEMPLATE = "Reply to {{ customer.name }} politely"', 'customer.name'), [
      'source.python',
      'string.quoted.double.python',
      'meta.placeholder.double-brace.prompt',
      PLACEHOLDER,
    ]);
    assert.equal(await innermost('source.python', 'TEMPLATE = "Reply to {{ customer.name }} politely"', '{{'), 'punctuation.definition.placeholder.begin.prompt');
  });

  test('braces outside strings and in comments are left alone', async () => {
    const [dict] = tokenize(await loadGrammar('source.python'), 'payload = {"role": "user"}  # {not_a_placeholder}');
    assert.ok(dict.every((token) => !token.scopes.includes(PLACEHOLDER)), JSON.stringify(dict));
    assert.deepEqual(scopesOf(dict, '{'), ['source.python', 'punctuation.definition.dict.begin.python']);
  });

  test('TypeScript template literal: ${name} is a placeholder', async () => {
    assert.deepEqual(await scopes('source.ts', 'const prompt = `Summarize ${article.title} briefly`;', 'article.title'), [
      'source.ts',
      'string.template.ts',
      'meta.placeholder.template-literal.prompt',
      PLACEHOLDER,
    ]);
    assert.equal(await innermost('source.ts', 'const prompt = `Summarize ${article.title} briefly`;', '${'), 'punctuation.definition.placeholder.begin.prompt');
  });

  test('a ${…} holding more than a name stays the host grammar\'s expression', async () => {
    assert.deepEqual(await scopes('source.ts', 'const p = `Items: ${items.join(", ")}`;', 'items'), ['source.ts', 'string.template.ts', 'meta.template.expression.ts', 'variable.other.readwrite.ts']);
  });

  test('JavaScript and TSX strings: {name} and {{name}} placeholders', async () => {
    assert.equal(await innermost('source.js', "const t = 'Classify {ticket} now';", 'ticket'), PLACEHOLDER);
    assert.equal(await innermost('source.tsx', 'const t = "Hello {{user}}";', 'user'), PLACEHOLDER);
  });

  test('regular expressions are not prompt strings', async () => {
    const [line] = tokenize(await loadGrammar('source.ts'), 'const re = /a{2}b{name}/g;');
    assert.ok(line.every((token) => !token.scopes.includes(PLACEHOLDER)), JSON.stringify(line));
  });
});
