"""Model routing for the chat widget: cheap models first, LangChain for the tool-using agent."""
import litellm
from langchain_anthropic import ChatAnthropic
from langchain_google_genai import ChatGoogleGenerativeAI
from langchain_openai import ChatOpenAI
from litellm import acompletion

ROUTER_MODEL = "claude-3-5-haiku-20241022"


def route_message(message: str) -> str:
    """Decides which queue a chat message goes to."""
    response = litellm.completion(
        model=ROUTER_MODEL,
        messages=[
            {"role": "system", "content": "Reply with one word: sales, support or billing."},
            {"role": "user", "content": message},
        ],
        max_tokens=5,
    )
    return response.choices[0].message.content


async def small_talk(message: str) -> str:
    """Keeps the widget friendly while a human is found."""
    response = await acompletion(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": message}],
    )
    return response.choices[0].message.content


def build_agent_models():
    """The chat models the tool-using agent can switch between."""
    planner = ChatOpenAI(model="gpt-4o", temperature=0)
    writer = ChatAnthropic(model="claude-3-5-sonnet-latest", max_tokens=1024)
    researcher = ChatGoogleGenerativeAI(model="gemini-2.0-flash", max_output_tokens=2048)
    return planner, writer, researcher
