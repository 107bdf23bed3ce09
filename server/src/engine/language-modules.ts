/**
 * The real module resolvers of the language front ends, for createWorkspaceContext.
 * Kept apart from workspace.ts so that workspace tests do not load the parsers.
 */
import { pythonFrontEnd, typeScriptFrontEnd } from './languages/front-ends';
import type { LanguageModules } from './workspace';

// Each call goes through the lazy loaders, so the front ends load only when an import is resolved.
export const frontEndModules: LanguageModules = {
  python: {
    moduleCandidates: (fromFile, specifier) => pythonFrontEnd().pythonModuleCandidates(fromFile, specifier),
    moduleConstants: (file, text, ctx) => pythonFrontEnd().pythonModuleConstants(file, text, ctx),
  },
  typescript: {
    moduleCandidates: (fromFile, specifier, readFile) => typeScriptFrontEnd().typeScriptModuleCandidates(fromFile, specifier, readFile),
    moduleConstants: (file, text, ctx) => typeScriptFrontEnd().typeScriptModuleConstants(file, text, ctx),
  },
};
