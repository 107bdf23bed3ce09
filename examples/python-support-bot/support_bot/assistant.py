"""The agent-assist panel: suggestions shown next to a ticket while an engineer works on it."""
import os

from openai import AsyncOpenAI as AsyncClient
from openai import AzureOpenAI
from pydantic import BaseModel

from .prompts import REPLY_TONE

EXTRACTION_MODEL = "gpt-4o-mini"


class TicketFields(BaseModel):
    product: str
    region: str | None
    resource_id: str | None
    error_code: str | None


class SupportAssistant:
    def __init__(self) -> None:
        self.client = AsyncClient()
        # Enterprise tenants are served from our Azure deployment for data residency.
        self.azure = AzureOpenAI(
            api_version="2024-10-21",
            azure_endpoint=os.environ["AZURE_OPENAI_ENDPOINT"],
        )

    async def suggest_next_step(self, ticket_body: str, notes: list[str]) -> str:
        """Offers the engineer one next step."""
        notes_text = "\n".join(notes)
        response = await self.client.chat.completions.create(
            model="gpt-4.1",
            max_completion_tokens=200,
            messages=[
                {"role": "system", "content": "Suggest the single most useful next step for the support engineer. " + REPLY_TONE},
                {"role": "user", "content": "Ticket:\n%s\n\nNotes so far:\n%s" % (ticket_body, notes_text)},
            ],
        )
        return response.choices[0].message.content

    async def extract_fields(self, ticket_body: str) -> TicketFields:
        """Pulls structured fields out of a free-text ticket for the sidebar."""
        completion = await self.client.chat.completions.parse(
            model=EXTRACTION_MODEL,
            max_completion_tokens=300,
            messages=[
                {"role": "system", "content": "Extract the product, region, resource id and error code from the ticket."},
                {"role": "user", "content": ticket_body},
            ],
            response_format=TicketFields,
        )
        return completion.choices[0].message.parsed

    def translate_for_tenant(self, reply: str, language: str) -> str:
        """Enterprise tenants get replies translated on the Azure deployment."""
        chunks = []
        with self.azure.chat.completions.stream(
            model="gpt-4o-mini",
            max_tokens=1500,
            messages=[
                {"role": "system", "content": "Translate the support reply into {}. Keep product names in English.".format(language)},
                {"role": "user", "content": reply},
            ],
        ) as stream:
            for event in stream:
                if event.type == "content.delta":
                    chunks.append(event.delta)
        return "".join(chunks)

    async def explain_error_code(self, code: str) -> str:
        """Streams a short explanation of an error code into the panel."""
        parts = []
        async with self.client.responses.stream(
            model="o4-mini",
            input=f"Explain the Acme Cloud error code {code} in two sentences for a support engineer.",
        ) as stream:
            async for event in stream:
                if event.type == "response.output_text.delta":
                    parts.append(event.delta)
        return "".join(parts)

    async def autocomplete(self, partial_reply: str) -> str:
        """Completes the engineer's half-written sentence."""
        completion = await self.client.completions.create(
            model="gpt-3.5-turbo-instruct",
            prompt="Continue this support reply with one sentence:\n\n" + partial_reply,
            max_tokens=60,
        )
        return completion.choices[0].text
