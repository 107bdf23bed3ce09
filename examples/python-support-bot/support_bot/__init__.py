"""Acme Cloud support bot: triage, reply drafts and summaries for the support queue."""
