"""Stackwise in the browser: a thin Streamlit shell over the guidance package.

Pages: the chat (default; ``?centre=ID`` picks a career centre's profile, ``?embed=true``
drops the chrome for iframes) and the staff insights page, ``staff.py``, at ``/staff``.
"""
from __future__ import annotations

import base64
import html
import mimetypes
import sqlite3
import uuid
from pathlib import Path

import streamlit as st

from guidance import (Assistant, Conversation, CredentialError, EarnedCredential, Pathway, Profile, ProgramCard, Reply,
                      read_credentials_text)
from guidance.centres import CentreError, CentreProfile, Centres
from guidance.credentials import MAX_BYTES
from guidance.handoff import conversation_summary
from guidance.journal import QuestionLog
from guidance import answers
from guidance.pathways import plan_csv, plan_dot, plan_markdown, plan_rows
from guidance.understanding.reader import MAX_MESSAGE_CHARS
from knowledge_base.escaping import md, md_link
from knowledge_base import StackwiseError, get_settings

DEFAULT_STARTERS = [
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

st.set_page_config(page_title="Stackwise: find your next credential", page_icon="🎓", layout="centered",
                   initial_sidebar_state="collapsed" if st.context.is_embedded else "auto")


@st.cache_resource(show_spinner="Loading the catalogue…")
def load_assistant(store_dir: str) -> Assistant:
    return Assistant.open(get_settings().with_store(store_dir))


@st.cache_resource
def load_centres(folder: str) -> Centres:
    return Centres.load(Path(folder))


@st.cache_resource
def load_log(path: str, retention_days: int) -> QuestionLog:
    log = QuestionLog(Path(path), retention_days)
    log.purge()
    return log


def question_log() -> QuestionLog:
    settings = get_settings()
    return load_log(str(settings.question_log), settings.log_retention_days)


# ---- rendering ------------------------------------------------------------------------

def money(card: ProgramCard) -> str:
    if card.cost is None:
        return "Cost not listed"
    return "Free" if card.cost == 0 else f"${card.cost:,.0f} {card.currency}"


def render_card(card: ProgramCard) -> None:
    with st.container(border=True):
        st.markdown(f"**{md(card.title)}**  \n{md(card.provider)} · {card.credential_type}")
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
            st.markdown(md(card.reason))
        if card.prerequisites:
            st.markdown("Requires: " + ", ".join(answers.hint_title(p, "en") for p in card.prerequisites))
        for hint in card.stacks_into:
            credits = f" ({hint.credits:g} of {hint.credits_required:g} credits)" if hint.credits and hint.credits_required else ""
            st.markdown(f"Stacks into **{answers.hint_title(hint, 'en')}**{credits}")
        if card.url:
            st.link_button("Program page", card.url)


def render_pathway(pathway: Pathway, key: str) -> None:
    """The plan as a diagram (done / needed / optional told apart), a table in order, downloads."""
    st.markdown(f"#### Your pathway to {md(pathway.title)}")
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
                section = f", “{md(source.section)}”" if source.section else ""
                label = "Catalogue" if source.kind == "program" else "Document"
                title = md_link(source.title, source.url)
                code = source.id.replace("`", "")
                st.markdown(f"- {label}: {title}{section}{where} (`{code}`)")


def render_feedback(turn_id: int, key: str) -> None:
    """Thumbs up or down, and an optional comment, saved to the question log."""
    def save() -> None:
        rating = st.session_state.get(f"rate-{key}")
        comment = (st.session_state.get(f"comment-{key}") or "").strip() or None
        question_log().set_feedback(turn_id, None if rating is None else (1 if rating == 1 else -1), comment)

    st.feedback("thumbs", key=f"rate-{key}", on_change=save)
    if st.session_state.get(f"rate-{key}") is not None:
        st.text_input("Anything to add? (optional)", key=f"comment-{key}", on_change=save,
                      placeholder="What was missing or especially useful?")


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


def render_earned(profile: Profile, title_of) -> None:
    """The credentials the learner handed over and the catalogue program each counts as."""
    if not profile.earned:
        return
    lines = []
    for earned in profile.earned:
        who = md(earned.name) + (f" · {md(earned.issuer)}" if earned.issuer else "")
        what = f"counts as **{md(title_of(earned.matched))}**" if earned.matched else "not in this catalogue"
        lines.append(f"- {who}: {what}")
    st.markdown("**Credentials you hold:**\n" + "\n".join(lines))


def add_badges(assistant: Assistant, convo: Conversation) -> None:
    """The badges form's callback: every uploaded file and the pasted text are read, then kept all or none."""
    files = st.session_state.get("badge-files") or []
    pasted = (st.session_state.get("badge-text") or "").strip()
    try:
        found: list[EarnedCredential] = []
        for file in files:
            if file.size > MAX_BYTES:
                raise CredentialError(file.name, f"larger than {MAX_BYTES // 1_000_000} MB")
            found += read_credentials_text(file.getvalue(), label=file.name)
        if pasted:
            found += read_credentials_text(pasted, label="pasted text")
        if not found:
            raise CredentialError("", "choose a .json file or paste a credential first")
        reply = assistant.add_credentials(found, convo)
    except StackwiseError as exc:
        st.session_state["badge-result"] = ("error", str(exc))
    else:
        st.session_state["badge-result"] = ("ok", reply.answer)


def render_badge_form(assistant: Assistant, convo: Conversation) -> None:
    """Upload or paste Open Badges 3.0 credentials (or a CLR); the outcome of the last attempt below."""
    result = st.session_state.pop("badge-result", None)
    with st.expander("Add badges you already hold", expanded=result is not None):
        with st.form("badges", clear_on_submit=True, border=False):
            st.file_uploader("Open Badges 3.0 or CLR files (.json)", type=["json"], accept_multiple_files=True,
                             key="badge-files", max_upload_size=1)
            st.text_area("…or paste a credential's JSON", key="badge-text", height=100, max_chars=MAX_BYTES)
            st.form_submit_button("Add credentials", on_click=add_badges, args=(assistant, convo), width="stretch")
        st.caption("Read as you give them: signatures are not checked. Only each achievement, its issuer and "
                   "date are kept, and a credential counts for a program only when it is aligned to it.")
        if result is not None:
            kind, text = result
            if kind == "ok":
                st.success(text)
            else:
                st.error(md(text))


def logo_data_uri(centres: Centres, centre: CentreProfile) -> str | None:
    location = centres.logo_path(centre)
    if location is None or location.startswith("http"):
        return location
    kind = mimetypes.guess_type(location)[0] or "image/png"
    return f"data:{kind};base64,{base64.b64encode(Path(location).read_bytes()).decode()}"


def render_brand(centres: Centres, centre: CentreProfile) -> None:
    """The centre's name, logo and colours (Streamlit's theme is per server, so a session's
    centre colours are carried by a small stylesheet; `python -m guidance serve --centre ID`
    sets them as the server's Streamlit theme for a dedicated deployment)."""
    theme = centre.theme
    logo = logo_data_uri(centres, centre)
    image = f'<img src="{html.escape(logo)}" alt="{html.escape(centre.name)} logo" height="36">' if logo else ""
    st.html(f"""
<style>
  .sw-brand {{ display:flex; align-items:center; gap:.75rem; padding:.6rem 1rem; border-radius:.5rem;
              background:{theme.primary_color}; color:#ffffff; margin-bottom:.5rem; }}
  .sw-brand span {{ font-size:1.25rem; font-weight:600; }}
  .stApp a {{ color:{theme.primary_color}; }}
  /* Streamlit fades captions (opacity .6), below WCAG AA contrast on white: use a solid grey (6.9:1). */
  .stApp [data-testid="stCaptionContainer"] {{ opacity:1; }}
  .stApp [data-testid="stCaptionContainer"], .stApp [data-testid="stCaptionContainer"] p {{ color:#555b63; }}
  .stApp [data-testid="stChatInput"] {{ border-color:{theme.primary_color}; }}
</style>
<div class="sw-brand" data-testid="centre-brand" data-centre="{html.escape(centre.id)}">{image}<span>{html.escape(centre.name)}</span></div>
""")


# ---- pages ----------------------------------------------------------------------------

def conversation_for(centre: CentreProfile) -> Conversation:
    """This browser session's conversation, scoped to its centre's part of the catalogue."""
    convo = st.session_state.get("conversation")
    if convo is None or st.session_state.get("centre") != centre.id:
        scope = centre.scope if centre.scope.describe() else None
        convo = Conversation(id=uuid.uuid4().hex, scope=scope)
        st.session_state.conversation, st.session_state.centre, st.session_state.turn_ids = convo, centre.id, []
    return convo


def chat_page() -> None:
    try:
        settings = get_settings()
        centres = load_centres(str(settings.centres_dir))
        centre = centres.get(st.query_params.get("centre") or settings.default_centre)
        assistant = load_assistant(str(settings.store_dir))
    except CentreError as exc:
        st.error(str(exc))
        return
    except StackwiseError as exc:
        st.error(f"The catalogue is not available: {exc}")
        return
    convo = conversation_for(centre)

    # Answer first, so the sidebar and history below already include this turn.
    question = st.chat_input("Ask about programs, stacking or micro-credentials", max_chars=MAX_MESSAGE_CHARS) \
        or st.session_state.pop("pending", None)
    error = None
    if question:
        with st.spinner("Looking through the catalogue…"):
            try:
                reply = assistant.reply(question, convo)
            except StackwiseError as exc:
                error = str(exc)
            else:
                try:  # the log must never cost the learner the answer
                    turn_id = question_log().record(centre=centre.id, question=question, reply=reply)
                except sqlite3.Error:
                    turn_id = None
                st.session_state.turn_ids.append(turn_id)

    with st.sidebar:
        render_profile(convo.profile, assistant.title_of)
        render_earned(convo.profile, assistant.title_of)
        render_badge_form(assistant, convo)
        if st.button("Start over", use_container_width=True):
            st.session_state.pop("conversation")
            st.rerun()
        if centre.advisor is not None:
            st.divider()
            st.link_button(centre.advisor.label, centre.advisor.url, use_container_width=True)
            with st.expander("Summary to give your advisor"):
                st.code(conversation_summary(convo, assistant.title_of), language=None, wrap_lines=True)
        st.caption(centre.privacy)

    render_brand(centres, centre)
    if not convo.history:
        st.markdown(centre.welcome)
        if centre.scope.describe():
            st.caption(f"Recommendations from {centre.name}'s catalogue: {centre.scope.describe()}.")
        for index, starter in enumerate(centre.starters or DEFAULT_STARTERS):
            if st.button(starter, key=f"starter-{index}"):
                st.session_state.pending = starter
                st.rerun()

    for turn, (message, reply) in enumerate(convo.history):
        with st.chat_message("user"):
            st.markdown(message)
        with st.chat_message("assistant"):
            render_reply(reply, key=str(turn))
            if turn < len(st.session_state.turn_ids) and st.session_state.turn_ids[turn] is not None:
                render_feedback(st.session_state.turn_ids[turn], key=str(turn))
    if error:
        st.error(error)
    if st.context.is_embedded:
        st.caption(centre.privacy)


st.navigation([st.Page(chat_page, title="Chat", default=True),
               st.Page("staff.py", title="Staff insights", url_path="staff")], position="hidden").run()
