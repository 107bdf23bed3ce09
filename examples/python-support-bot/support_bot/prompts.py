"""Prompt text shared by the handlers and the jobs."""
import textwrap

TRIAGE_MODEL = "gpt-4o"

TRIAGE_SYSTEM = (
    "You are a helpful assistant for the Acme Cloud support team. "
    "Please kindly make sure to read the whole ticket carefully before you answer. "
    "Classify the ticket into exactly one of these categories: billing, outage, database, storage, "
    "compute, network, account, feature-request, other. "
    "Answer with the category name only."
)

REPLY_TONE = textwrap.dedent(
    """\
    Write in a direct, warm tone. Lead with the answer, then explain.
    Apologise once when we caused the problem, and never for the customer's own configuration.
    """
)

DIGEST_INSTRUCTIONS = (
    "Summarise yesterday's tickets for the support lead in one short paragraph: "
    "the main themes, anything that looks like a new incident, and tickets waiting longer than a day."
)

FAQ_ANSWER_TEMPLATE = "Answer the customer's question using only the knowledge-base articles below.\n\n{articles}\n\nQuestion: {question}"
