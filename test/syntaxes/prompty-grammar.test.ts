import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { loadGrammar, scopesOf, tokenize, type Token } from './textmate';

const SAMPLE = [
  '---',
  'name: Ticket triage',
  'model:',
  '  api: chat',
  '  parameters:',
  '    max_tokens: 16',
  '---',
  'system:',
  'Classify the ticket. {# internal note #}',
  '',
  'user:',
  '{{ ticket.body | trim }}',
  '{% if customer %}Customer: {{customer}}{% endif %}',
  'The user: asked this',
].join('\n');

describe('prompty grammar', () => {
  let grammar: IGrammar;
  let lines: Token[][];
  before(async () => {
    grammar = await loadGrammar('source.prompty');
    lines = tokenize(grammar, SAMPLE);
  });

  test('the front matter fences are punctuation of the front matter', () => {
    assert.deepEqual(scopesOf(lines[0], '---'), ['source.prompty', 'meta.front-matter.prompty', 'punctuation.definition.front-matter.begin.prompty']);
    assert.deepEqual(scopesOf(lines[6], '---'), ['source.prompty', 'meta.front-matter.prompty', 'punctuation.definition.front-matter.end.prompty']);
  });

  test('the front matter is YAML: keys get the YAML grammar scopes inside an embedded block', () => {
    assert.deepEqual(scopesOf(lines[1], 'name'), ['source.prompty', 'meta.front-matter.prompty', 'meta.embedded.block.yaml', 'entity.name.tag.yaml']);
    assert.deepEqual(scopesOf(lines[5], 'max_tokens'), ['source.prompty', 'meta.front-matter.prompty', 'meta.embedded.block.yaml', 'entity.name.tag.yaml']);
    assert.deepEqual(scopesOf(lines[5], '16'), ['source.prompty', 'meta.front-matter.prompty', 'meta.embedded.block.yaml', 'constant.numeric.integer.yaml']);
  });

  test('role markers on their own line are section names; "user:" inside a sentence is text', () => {
    assert.deepEqual(scopesOf(lines[7], 'system'), ['source.prompty', 'meta.role-marker.prompty', 'entity.name.section.role.prompty']);
    assert.deepEqual(scopesOf(lines[7], ':'), ['source.prompty', 'meta.role-marker.prompty', 'punctuation.separator.role.prompty']);
    assert.deepEqual(scopesOf(lines[10], 'user'), ['source.prompty', 'meta.role-marker.prompty', 'entity.name.section.role.prompty']);
    assert.deepEqual(lines[13].map((t) => t.scopes), [['source.prompty']]);
  });

  test('{{ }} expressions: delimiters, variables and filters', () => {
    const line = lines[11];
    assert.deepEqual(scopesOf(line, '{{'), ['source.prompty', 'meta.template.expression.prompty', 'punctuation.definition.template-expression.begin.prompty']);
    assert.deepEqual(scopesOf(line, 'ticket'), ['source.prompty', 'meta.template.expression.prompty', 'variable.other.template.prompty']);
    assert.deepEqual(scopesOf(line, 'body'), ['source.prompty', 'meta.template.expression.prompty', 'variable.other.template.prompty']);
    assert.deepEqual(scopesOf(line, '|'), ['source.prompty', 'meta.template.expression.prompty', 'keyword.operator.filter.prompty']);
    assert.deepEqual(scopesOf(line, 'trim'), ['source.prompty', 'meta.template.expression.prompty', 'support.function.filter.prompty']);
    assert.deepEqual(scopesOf(line, '}}'), ['source.prompty', 'meta.template.expression.prompty', 'punctuation.definition.template-expression.end.prompty']);
  });

  test('{% %} statements: keywords inside, plain text between them', () => {
    const line = lines[12];
    assert.deepEqual(scopesOf(line, '{%'), ['source.prompty', 'meta.template.statement.prompty', 'punctuation.definition.template-statement.begin.prompty']);
    assert.deepEqual(scopesOf(line, 'if'), ['source.prompty', 'meta.template.statement.prompty', 'keyword.control.template.prompty']);
    assert.deepEqual(scopesOf(line, 'endif'), ['source.prompty', 'meta.template.statement.prompty', 'keyword.control.template.prompty']);
    assert.deepEqual(scopesOf(line, 'Customer: '), ['source.prompty']);
    assert.deepEqual(scopesOf(line, 'customer'), ['source.prompty', 'meta.template.statement.prompty', 'variable.other.template.prompty']);
  });

  test('{# #} is a template comment', () => {
    assert.deepEqual(scopesOf(lines[8], ' internal note '), ['source.prompty', 'comment.block.template.prompty']);
    assert.deepEqual(scopesOf(lines[8], 'Classify the ticket. '), ['source.prompty']);
  });

  test('without front matter, a leading --- later in the file is not YAML', () => {
    const [first, second] = tokenize(grammar, 'user:\n---');
    assert.deepEqual(scopesOf(first, 'user'), ['source.prompty', 'meta.role-marker.prompty', 'entity.name.section.role.prompty']);
    assert.deepEqual(second.map((t) => t.scopes), [['source.prompty']]);
  });
});
