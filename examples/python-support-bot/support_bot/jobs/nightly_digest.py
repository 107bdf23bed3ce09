"""Nightly job: summarise every open ticket, then the day for the support lead.

Run with `python -m support_bot.jobs.nightly_digest` from cron at 02:00 UTC.
"""
import json
import sys

from anthropic import Anthropic

from ..prompts import DIGEST_INSTRUCTIONS

SUMMARY_MODEL = "claude-haiku-4-5"


def make_client() -> Anthropic:
    return Anthropic(max_retries=5)


def load_open_tickets(path: str) -> list[dict]:
    with open(path) as f:
        return [json.loads(line) for line in f]


def summarize_tickets(records: list[dict]) -> list[str]:
    client = make_client()
    summaries = []
    for record in records:
        # prompt-cost: calls-per-day=5000
        message = client.messages.create(
            model=SUMMARY_MODEL,
            max_tokens=300,
            messages=[{"role": "user", "content": f"Summarise this ticket in two sentences:\n\n{record['body']}"}],
        )
        summaries.append(message.content[0].text)
    return summaries


def submit_reclassification_batch(records: list[dict]) -> str:
    """Re-labels old tickets at half price through the Message Batches API."""
    client = make_client()
    batch = client.messages.batches.create(
        requests=[
            {
                "custom_id": str(record["id"]),
                "params": {
                    "model": SUMMARY_MODEL,
                    "max_tokens": 10,
                    "messages": [{"role": "user", "content": "Category of this ticket, one word:\n\n" + record["body"]}],
                },
            }
            for record in records
        ]
    )
    return batch.id


def write_digest(summaries: list[str]) -> str:
    client = make_client()
    message = client.beta.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=700,
        system=DIGEST_INSTRUCTIONS,
        messages=[{"role": "user", "content": "\n".join(summaries)}],
        betas=["token-efficient-tools-2025-02-19"],
    )
    return message.content[0].text


if __name__ == "__main__":
    tickets = load_open_tickets(sys.argv[1])
    print(write_digest(summarize_tickets(tickets)))
    print(submit_reclassification_batch(tickets))
