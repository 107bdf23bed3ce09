/**
 * The few GitHub REST calls the Action makes: list a pull request's comments, create one, update one. Plain
 * fetch against GITHUB_API_URL (GitHub Enterprise and the tests' local server set it).
 */

export interface IssueComment {
  id: number;
  body: string;
  html_url: string;
}

export class GitHubApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const PAGE_SIZE = 100;
/** A pull request with more comments than this is not searched further for ours. */
const MAX_PAGES = 50;

export class GitHubApi {
  constructor(
    private readonly apiUrl: string,
    private readonly token: string,
    private readonly repository: string,
  ) {}

  private async request<T>(method: string, route: string, body?: unknown): Promise<T> {
    const url = `${this.apiUrl.replace(/\/+$/, '')}${route}`;
    const response = await fetch(url, {
      method,
      headers: {
        accept: 'application/vnd.github+json',
        authorization: `Bearer ${this.token}`,
        'content-type': 'application/json',
        'user-agent': 'prompt-cost-lint-action',
        'x-github-api-version': '2022-11-28',
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      let detail = text.slice(0, 200);
      try {
        detail = (JSON.parse(text) as { message?: string }).message ?? detail;
      } catch {
        // not JSON: the start of the body says enough
      }
      throw new GitHubApiError(response.status, `${method} ${route}: HTTP ${response.status} ${detail}`);
    }
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /** The first comment on the pull request whose body contains `marker`, or undefined. */
  async findComment(pullNumber: number, marker: string): Promise<IssueComment | undefined> {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const comments = await this.request<IssueComment[]>('GET', `/repos/${this.repository}/issues/${pullNumber}/comments?per_page=${PAGE_SIZE}&page=${page}`);
      const ours = comments.find((comment) => typeof comment.body === 'string' && comment.body.includes(marker));
      if (ours) return ours;
      if (comments.length < PAGE_SIZE) return undefined;
    }
    return undefined;
  }

  createComment(pullNumber: number, body: string): Promise<IssueComment> {
    return this.request('POST', `/repos/${this.repository}/issues/${pullNumber}/comments`, { body });
  }

  updateComment(commentId: number, body: string): Promise<IssueComment> {
    return this.request('PATCH', `/repos/${this.repository}/issues/comments/${commentId}`, { body });
  }
}
