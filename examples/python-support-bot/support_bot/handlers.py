"""HTTP handlers for the support queue. The web framework calls these with parsed request bodies."""
import os
from pathlib import Path

import anthropic
import stripe
from openai import OpenAI

from .models import Ticket, TicketNote
from .prompts import REPLY_TONE, TRIAGE_MODEL, TRIAGE_SYSTEM

REPLY_MODEL = "claude-sonnet-4-5"
# Paths are relative to the service's working directory, the project folder.
SUPPORT_POLICY = Path("prompts/support_policy.md").read_text()

openai_client = OpenAI()
claude = anthropic.Anthropic()


def classify_ticket(ticket: Ticket) -> str:
    """POST /tickets/{id}/classify"""
    response = openai_client.chat.completions.create(
        model=TRIAGE_MODEL,
        messages=[
            {"role": "system", "content": TRIAGE_SYSTEM},
            {"role": "user", "content": f"Subject: {ticket.subject}\n\n{ticket.body}"},
        ],
    )
    category = response.choices[0].message.content.strip().lower()
    ticket.category = category
    ticket.save()
    return category


def draft_reply(ticket: Ticket, history: list[dict]) -> str:
    """POST /tickets/{id}/draft"""
    message = claude.messages.create(
        model=REPLY_MODEL,
        max_tokens=1024,
        system=SUPPORT_POLICY,
        messages=history + [{"role": "user", "content": ticket.body}],
    )
    draft = message.content[0].text
    TicketNote.objects.create(ticket=ticket, author="support-bot", text=draft)
    return draft


def stream_reply(ticket: Ticket):
    """GET /tickets/{id}/draft/stream (server-sent events)"""
    with claude.messages.stream(
        model=REPLY_MODEL,
        max_tokens=800,
        system=REPLY_TONE,
        messages=[{"role": "user", "content": ticket.body}],
    ) as stream:
        for text in stream.text_stream:
            yield text


def summarize_for_handoff(transcript: str) -> str:
    """POST /tickets/{id}/handoff"""
    instructions = open("prompts/handoff_summary.md").read()
    response = openai_client.responses.create(
        model=os.environ.get("SUPPORT_SUMMARY_MODEL", "gpt-4.1-mini"),
        instructions=instructions,
        input=transcript,
        max_output_tokens=400,
    )
    return response.output_text


def is_message_allowed(text: str) -> bool:
    """Screens customer messages before they reach an agent."""
    result = openai_client.moderations.create(model="omni-moderation-latest", input=text)
    return not result.results[0].flagged


def embed_ticket(ticket: Ticket) -> list[float]:
    """Vector for the similar-tickets search."""
    result = openai_client.embeddings.create(model="text-embedding-3-small", input=ticket.body)
    return result.data[0].embedding


def charge_priority_support(customer_id: str, amount_cents: int) -> str:
    """POST /billing/priority-support"""
    charge = stripe.Charge.create(amount=amount_cents, currency="usd", customer=customer_id, description="Priority support")
    return charge.id


def open_ticket(email: str, subject: str, body: str) -> Ticket:
    """POST /tickets"""
    return Ticket.objects.create(customer_email=email, subject=subject, body=body)


ORDER_TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "lookup_order",
            "description": "Look up an order by its number and return its status, items and delivery date.",
            "parameters": {
                "type": "object",
                "properties": {
                    "order_number": {"type": "string", "description": "The order number, e.g. A-10023"},
                    "include_items": {"type": "boolean", "description": "Whether to return the line items"},
                },
                "required": ["order_number"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "issue_refund",
            "description": "Refund an order in full or in part.",
            "parameters": {
                "type": "object",
                "properties": {
                    "order_number": {"type": "string", "description": "The order number"},
                    "reason": {"type": "string", "description": "Why the refund is issued", "enum": ["damaged", "late", "wrong_item", "other"]},
                    "amount_cents": {"type": "integer", "description": "Amount to refund in cents; the full amount when omitted"},
                },
                "required": ["order_number", "reason"],
            },
        },
    },
]


def resolve_order_question(ticket: Ticket) -> str:
    """POST /tickets/{id}/resolve: the model may look the order up or refund it."""
    response = openai_client.chat.completions.create(
        model="gpt-4.1-mini",
        max_completion_tokens=400,
        tools=ORDER_TOOLS,
        messages=[
            {"role": "system", "content": "You resolve order questions. Use the tools; answer in at most 3 sentences."},
            {"role": "user", "content": ticket.body},
        ],
    )
    return response.choices[0].message.content or ""
