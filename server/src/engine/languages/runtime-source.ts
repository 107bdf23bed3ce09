/**
 * Names what supplies a value at run time from the shape of the expression, language-neutrally: the front ends
 * turn their syntax into a member path (`req.body.model` -> ['req', 'body', 'model']) and ask here.
 */
import { OVERSIZED_TEXT_REASON } from '../limits';
import type { RuntimeSource } from '../model';

/**
 * Reasons that say the analysis stopped or could not follow an import (the value may well be written in code),
 * not that the program decides at run time.
 */
const ANALYSIS_LIMITS = new Set(['too deeply nested', 'circular reference', 'cycle', 'too many indirections', 'import', OVERSIZED_TEXT_REASON]);

export function isAnalysisLimit(reason: string): boolean {
  return ANALYSIS_LIMITS.has(reason) || reason.startsWith('imported from ');
}

/** Names of objects that carry an incoming request (web handlers, serverless events). */
const REQUEST_OBJECTS = new Set(['request', 'req', 'body', 'payload', 'params', 'query', 'event', 'json', 'form', 'searchparams']);
/** Names of objects that carry settings (pydantic settings, argparse namespaces, app config). */
const SETTINGS_OBJECTS = new Set(['settings', 'config', 'cfg', 'conf', 'configuration', 'options', 'opts', 'args', 'prefs', 'preferences']);

function isSettingsName(name: string): boolean {
  const lower = name.toLowerCase();
  return SETTINGS_OBJECTS.has(lower) || lower.endsWith('settings') || lower.endsWith('config') || lower.startsWith('settings') || lower.startsWith('config');
}

/**
 * The runtime source of a member path that the code reads: a request field when an object on the path carries a
 * request, a settings key when one carries settings, else the expression itself.
 */
export function runtimeSourceOfPath(path: readonly string[], expression: string): RuntimeSource {
  const objects = path.slice(0, -1);
  if (path.length >= 2) {
    if (objects.some((name) => REQUEST_OBJECTS.has(name.toLowerCase()))) return { kind: 'request-field', path: path.join('.') };
    if (objects.some(isSettingsName)) return { kind: 'settings-key', path: path.join('.'), key: path[path.length - 1] };
  }
  return { kind: 'expression', expression: oneLine(expression) };
}

export function expressionSource(expression: string): RuntimeSource {
  return { kind: 'expression', expression: oneLine(expression) };
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? flat.slice(0, 59) + '…' : flat;
}
