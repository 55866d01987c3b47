"""Stackwise in the browser: a thin Streamlit shell over the guidance package."""
from __future__ import annotations

import uuid

import streamlit as st

from guidance import Assistant, Conversation, Pathway, Profile, ProgramCard, Reply
from guidance.pathways import plan_csv, plan_dot, plan_markdown, plan_rows
from knowledge_base import StackwiseError

STARTERS = [
    "I work in retail and want to move into data analysis, online, under $1,000. Where do I start?",
    "What is a micro-credential?",
    "I want to become a personal support worker in Nova Scotia.",
    "Show me free digital marketing badges.",
]
PROFILE_LABELS = {
    "goal": "Goal", "background": "Background", "max_cost": "Budget", "max_weeks": "Max weeks",
    "max_hours": "Max hours a week", "delivery": "Delivery", "pace": "Pace", "region": "Province",
    "language": "Language", "level": "Level", "funding": "Funding", "completed": "Completed",
}

st.set_page_config(page_title="Stackwise: find your next credential", page_icon="🎓", layout="centered")


@st.cache_resource(show_spinner="Loading the catalogue…")
def load_assistant() -> Assistant:
    return Assistant.open()


def conversation() -> Conversation:
    if "conversation" not in st.session_state:
        st.session_state.conversation = Conversation(id=uuid.uuid4().hex)
    return st.session_state.conversation


def money(card: ProgramCard) -> str:
    if card.cost is None:
        return "Cost not listed"
    return "Free" if card.cost == 0 else f"${card.cost:,.0f} {card.currency}"


def render_card(card: ProgramCard) -> None:
    with st.container(border=True):
        st.markdown(f"**{card.title}**  \n{card.provider} · {card.credential_type}")
        facts = [money(card)]
        if card.duration_weeks is not None:
            facts.append(f"{card.duration_weeks:g} weeks")
        if card.hours_per_week is not None:
            facts.append(f"{card.hours_per_week:g} h/week")
        facts += [v for v in (card.delivery, card.pace, card.region) if v]
        if card.next_start:
            facts.append(f"starts {card.next_start.isoformat()}")
        st.caption(" · ".join(facts))
        if card.reason:
            st.markdown(card.reason)
        if card.prerequisites:
            st.markdown("Requires: " + ", ".join(p.title for p in card.prerequisites))
        for hint in card.stacks_into:
            credits = f" ({hint.credits:g} of {hint.credits_required:g} credits)" if hint.credits and hint.credits_required else ""
            st.markdown(f"Stacks into **{hint.title}**{credits}")
        if card.url:
            st.link_button("Program page", card.url)


def render_pathway(pathway: Pathway, key: str) -> None:
    """The plan as a diagram (done / needed / optional told apart), a table in order, downloads."""
    st.markdown(f"#### Your pathway to {pathway.title}")
    if pathway.credits_required is not None:
        st.progress(min(pathway.credits_done / pathway.credits_required, 1.0) if pathway.credits_required else 0.0,
                    text=f"{pathway.credits_done:g} of {pathway.credits_required:g} credits done ({pathway.rule})")
    st.graphviz_chart(plan_dot(pathway))
    st.caption("Green: done · blue: needed · grey, dashed: optional · dotted arrows: take first")
    st.dataframe(plan_rows(pathway), hide_index=True,
                 column_order=["order", "title", "status", "credits", "cost", "weeks", "delivery", "next_start"])
    left, right = st.columns(2)
    left.download_button("Download plan (CSV)", plan_csv(pathway), file_name=f"plan-{pathway.target}.csv",
                         mime="text/csv", key=f"csv-{key}", on_click="ignore")
    right.download_button("Download plan (Markdown)", plan_markdown(pathway), file_name=f"plan-{pathway.target}.md",
                          mime="text/markdown", key=f"md-{key}", on_click="ignore")


def render_reply(reply: Reply, key: str) -> None:
    if reply.lead:
        st.markdown(reply.lead)
        for card in reply.programs:
            render_card(card)
        for note in reply.notes:
            st.markdown(note)
    else:
        st.markdown(reply.answer)
    if reply.pathway is not None:
        render_pathway(reply.pathway, key)
    if reply.sources:
        with st.expander(f"Sources ({len(reply.sources)})"):
            for source in reply.sources:
                where = f", page {source.page}" if source.page else ""
                section = f", “{source.section}”" if source.section else ""
                label = "Catalogue" if source.kind == "program" else "Document"
                title = f"[{source.title}]({source.url})" if source.url else source.title
                st.markdown(f"- {label}: {title}{section}{where} (`{source.id}`)")


def render_profile(profile: Profile, title_of) -> None:
    st.subheader("What I understood")
    shown = False
    for field, label in PROFILE_LABELS.items():
        value = getattr(profile, field)
        if value in (None, [], ""):
            continue
        if field == "max_cost":
            value = "free" if value == 0 else f"up to ${value:,.0f}"
        elif field == "completed":
            value = ", ".join(title_of(pid) for pid in value)
        elif isinstance(value, list):
            value = ", ".join(value)
        st.markdown(f"**{label}:** {value}")
        shown = True
    if not shown:
        st.caption("Nothing yet. Tell me your goal, budget, time and location.")


def main() -> None:
    embed = bool(st.context.is_embedded)  # ?embed=true; Streamlit keeps it out of st.query_params
    try:
        assistant = load_assistant()
    except StackwiseError as exc:
        st.error(f"The catalogue is not available: {exc}")
        return
    convo = conversation()

    # Answer first, so the sidebar and history below already include this turn.
    question = st.chat_input("Ask about programs, stacking or micro-credentials") or st.session_state.pop("pending", None)
    error = None
    if question:
        with st.spinner("Looking through the catalogue…"):
            try:
                assistant.reply(question, convo)
            except StackwiseError as exc:
                error = str(exc)

    with st.sidebar:
        render_profile(convo.profile, assistant.title_of)
        if st.button("Start over", use_container_width=True):
            st.session_state.conversation = Conversation(id=uuid.uuid4().hex)
            st.rerun()

    if not embed:
        st.title("Stackwise")
        st.caption("Short programs that fit your goal, budget and time, and how they stack into larger credentials.")

    if not convo.history:
        st.markdown("Try one of these, or ask your own question:")
        for index, starter in enumerate(STARTERS):
            if st.button(starter, key=f"starter-{index}"):
                st.session_state.pending = starter
                st.rerun()

    for turn, (message, reply) in enumerate(convo.history):
        with st.chat_message("user"):
            st.markdown(message)
        with st.chat_message("assistant"):
            render_reply(reply, key=str(turn))
    if error:
        st.error(error)


main()
