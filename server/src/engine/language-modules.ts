/**
 * The real module resolvers of the language front ends, for createWorkspaceContext.
 * Kept apart from workspace.ts so that workspace tests do not load the parsers.
 */
import { pythonModuleCandidates, pythonModuleConstants } from './languages/python';
import { typeScriptModuleCandidates, typeScriptModuleConstants } from './languages/typescript';
import type { LanguageModules } from './workspace';

export const frontEndModules: LanguageModules = {
  python: { moduleCandidates: pythonModuleCandidates, moduleConstants: pythonModuleConstants },
  typescript: { moduleCandidates: typeScriptModuleCandidates, moduleConstants: typeScriptModuleConstants },
};
