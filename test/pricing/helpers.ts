import * as path from 'node:path';

/** Repository root, from out/test/pricing/ or test/pricing/. */
export const REPO_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../..' : '../..');
