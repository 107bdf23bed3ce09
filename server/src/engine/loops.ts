/**
 * Words and decisions shared by the language front ends about loops around a request: which names say the model
 * asked for a tool, which calls read a user's next turn, and when a loop is bounded by the model rather than by
 * the conversation.
 */
import type { LoopFacts } from './model';

/** Fields and values that say whether the model asked for a tool (`message.tool_calls`, `stop_reason == "tool_use"`). */
const TOOL_USE_WORDS = new Set([
  'tool_calls', 'toolCalls', 'function_call', 'functionCall', 'tool_use', 'stop_reason', 'stopReason', 'finish_reason', 'finishReason',
]);

/** Functions and methods that read what the user types next. */
const USER_TURN_CALLS = new Set(['input', 'raw_input', 'question', 'prompt', 'readline', 'getUserInput']);

/** True when a name, or a word of a string literal, is a tool-use field or value. */
export function isToolUseWord(text: string): boolean {
  if (TOOL_USE_WORDS.has(text)) return true;
  return /\W/.test(text) && text.split(/\W+/).some((word) => TOOL_USE_WORDS.has(word));
}

/** True when a call of this function or method name reads the user's next turn. */
export function isUserTurnCall(name: string): boolean {
  return USER_TURN_CALLS.has(name);
}

/** Standard input: reading it inside the loop waits for the user. */
export const STDIN_NAME = 'stdin';

/**
 * True when the request sits in a tool-calling loop that ends once the model stops calling tools and reads no
 * user turn: the loop is bounded by its task, not by the conversation. Either a loop's own condition tests for
 * tool use, or the innermost loop leaves when a tool check says so.
 */
export function toolLoopBoundedByModel(loops: readonly LoopFacts[] | undefined): boolean {
  if (!loops?.length) return false;
  if (loops.some((loop) => loop.conditionTestsToolUse && !loop.readsUserTurn)) return true;
  const innermost = loops[0];
  return innermost.exitsOnToolCheck && !innermost.readsUserTurn;
}
