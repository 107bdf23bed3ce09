"""Answers how-to questions from the knowledge base, on Gemini."""
import google.generativeai as legacy_genai
from google import genai
from google.genai import types

from .prompts import FAQ_ANSWER_TEMPLATE

client = genai.Client()

# The status-page widget still runs on the older SDK.
status_model = legacy_genai.GenerativeModel(
    "gemini-1.5-flash",
    system_instruction="You write one-line status page updates in plain language.",
    generation_config={"max_output_tokens": 120},
)


def answer_question(question: str, articles: list[str]) -> str:
    """POST /kb/answer"""
    prompt = FAQ_ANSWER_TEMPLATE.format(articles="\n\n".join(articles), question=question)
    response = client.models.generate_content(
        model="gemini-2.5-flash",
        contents=prompt,
        config=types.GenerateContentConfig(max_output_tokens=512, temperature=0.2),
    )
    return response.text


def stream_answer(question: str):
    """GET /kb/answer/stream"""
    for chunk in client.models.generate_content_stream(
        model="gemini-2.5-pro",
        contents="Answer this Acme Cloud how-to question step by step: " + question,
    ):
        yield chunk.text


def status_update(incident_summary: str) -> str:
    """Turns an internal incident summary into a status page line."""
    return status_model.generate_content(incident_summary).text


def similar_articles(question: str):
    """Embedding for the article search; not a generation call."""
    return client.models.embed_content(model="text-embedding-004", contents=question)
