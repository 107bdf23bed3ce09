/** Temporary git repositories for the diff and Action tests. */
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { makeWorkspace } from './helpers';

export function git(root: string, ...args: string[]): string {
  const run = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout;
}

/** A repository with one commit of `base`, then `head` written over it (committed when `commitHead`). */
export function repositoryWith(base: Record<string, string>, head: Record<string, string>, commitHead = true): { root: string; baseCommit: string } {
  const root = makeWorkspace(base);
  git(root, 'init', '-q');
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'base');
  const baseCommit = git(root, 'rev-parse', 'HEAD').trim();
  for (const [file, text] of Object.entries(head)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  if (commitHead) {
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'head');
  }
  return { root, baseCommit };
}

/** A chat call in a function; `cap` null leaves max_tokens out. */
export function chatApp(model: string, cap: number | null, callsPerDay = 1000): string {
  return `from openai import OpenAI

client = OpenAI()


def answer(question):
    # prompt-cost: calls-per-day=${callsPerDay}
    return client.chat.completions.create(
        model="${model}",${cap === null ? '' : `\n        max_tokens=${cap},`}
        messages=[{"role": "user", "content": question}],
    )
`;
}
