"""Stackwise in the browser: a thin Streamlit shell over the guidance package.

Pages: the chat (default; ``?centre=ID`` picks a career centre's profile, ``?embed=true``
drops the chrome for iframes) and the staff insights page, ``staff.py``, at ``/staff``.
"""
from __future__ import annotations

import base64
import html
import json
import mimetypes
import uuid
from pathlib import Path

import streamlit as st

from stackwise import (
    LANGUAGES,
    MAX_COMMENT_CHARS,
    MAX_CREDENTIAL_BYTES,
    MAX_MESSAGE_CHARS,
    N_,
    Assistant,
    CentreError,
    CentreProfile,
    Centres,
    Conversation,
    CredentialError,
    DatabaseError,
    EarnedCredential,
    ModelConfigError,
    Pathway,
    Profile,
    ProgramCard,
    QuestionLog,
    Reply,
    StackwiseError,
    Text,
    Wording,
    card_lines,
    conversation_summary,
    ensure_defaults,
    get_settings,
    held,
    md,
    missing_defaults,
    plan_csv,
    plan_dot,
    plan_markdown,
    plan_table_html,
    read_credentials_text,
    source_line,
    text,
)

DEFAULT_STARTERS = [
    N_("I work in retail and want to move into data analysis, online, under $1,000. Where do I start?"),
    N_("What is a micro-credential?"),
    N_("I want to become a personal support worker in Nova Scotia."),
    N_("Show me free digital marketing badges."),
]
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}



_prepared: set[str] = set()  # store folders this process has checked for the shipped content


def prepare_store(store_dir: str, t: Text) -> None:
    """On first start, index the shipped catalogue and documents with their progress in the page
    (about 15 s on two cores; a learner sees it move rather than a blank page)."""
    if store_dir in _prepared:
        return
    settings = get_settings().with_store(store_dir)
    if settings.index_defaults and missing_defaults(settings):
        with st.status(t("Preparing the catalogue for its first use…"), expanded=True) as status:
            bar = st.progress(0.0)
            names = {"programs": t("programs"), "passages": t("document passages")}

            def show(what: str, done: int, total: int) -> None:
                bar.progress(done / total, text=t("Indexing {what}: {done} of {total}", what=names.get(what, what),
                                                  done=done, total=total))

            ensure_defaults(settings, on_progress=show)
            status.update(label=t("The catalogue is ready."), state="complete", expanded=False)
    _prepared.add(store_dir)


# The assistant, the centres and the log are held for the whole process (stackwise.registry), not
# in st.cache_resource: any client may clear that cache, which would leak an assistant and its
# watcher thread at every clear.

def load_assistant(store_dir: str, model: str | None = None) -> Assistant:
    """One assistant per store; other language model settings (``model``) replace it, closing the old one."""
    def open_assistant() -> Assistant:
        # prepare_store, run before, indexed the shipped content with its progress in the page:
        # the store is not looked at a second time for it.
        with st.spinner("Loading the catalogue…"):
            settings = get_settings().with_store(store_dir).model_copy(update={"index_defaults": False})
            assistant = Assistant.open(settings)
        assistant.watch()  # a version published by the staff is loaded before the next question
        return assistant

    return held(f"assistant:{store_dir}", model, open_assistant, Assistant.close)


def load_centres(folder: str) -> Centres:
    return held("centres", folder, lambda: Centres.load(Path(folder)))


def load_log(path: str, retention_days: int) -> QuestionLog:
    def open_log() -> QuestionLog:
        log = QuestionLog(path, retention_days)  # a file path or a database URL, as set
        log.purge()
        return log

    return held("question-log", (path, retention_days), open_log)


def question_log() -> QuestionLog:
    settings = get_settings()
    return load_log(str(settings.question_log), settings.log_retention_days)


# ---- rendering ------------------------------------------------------------------------

def ui_language(convo: Conversation | None = None) -> str:
    """The language of the page: the one chosen in the sidebar, else the one the learner writes
    in, else the browser's, else English."""
    chosen = st.session_state.get("ui-language")
    if chosen in LANGUAGES:
        return chosen
    if convo is not None and convo.profile.writes_in in LANGUAGES and convo.history:
        return convo.profile.writes_in
    browser = (st.context.locale or "")[:2].lower()
    return browser if browser in LANGUAGES else "en"


def render_card(card: ProgramCard, t: Text) -> None:
    said = card_lines(card, t)
    with st.container(border=True):
        st.markdown(said.heading)
        st.caption(said.facts)
        for line in said.lines:
            st.markdown(line)
        if card.url:
            st.link_button(said.link_label, card.url)


def render_pathway(pathway: Pathway, key: str, t: Text, links: dict[str, str] | None = None) -> None:
    """The plan as a diagram (done / needed / optional told apart), a table in order, downloads."""
    links = links or {}
    st.markdown("#### " + t("Your pathway to {title}", title=md(pathway.title)))
    if pathway.credits_required is not None:
        st.progress(min(pathway.credits_done / pathway.credits_required, 1.0) if pathway.credits_required else 0.0,
                    text=t("{done} of {required} credits done ({rule})", done=t.number(pathway.credits_done),
                           required=t.number(pathway.credits_required), rule=md(pathway.rule)))
    st.graphviz_chart(plan_dot(pathway, t.language), width="content")  # its own size: never blown up
    st.caption(t("In the order to take them. Green: done · blue: needed · grey, dashed: optional"))
    st.html(plan_table_html(pathway, t.language, links))
    left, right = st.columns(2)
    left.download_button(t("Download plan (CSV)"), plan_csv(pathway), file_name=f"plan-{pathway.target}.csv",
                         mime="text/csv", key=f"csv-{key}", on_click="ignore")
    right.download_button(t("Download plan (Markdown)"), plan_markdown(pathway, t.language),
                          file_name=f"plan-{pathway.target}.md", mime="text/markdown", key=f"md-{key}",
                          on_click="ignore")


def render_worded(reply: Reply, t: Text, wording: Wording | None) -> bool:
    """The reply's prose in a language model's words: streamed sentence by sentence as each
    passes the check, replaced by the grounded text when the rewrite fails. False when there is
    no rewording to show (no model, or nothing to reword)."""
    if wording is not None:
        slot = st.empty()
        with slot.container():
            st.write_stream(wording)
        reply.worded, reply.worded_by = wording.result(), wording.by
        if wording.by == "catalogue":
            slot.markdown(reply.worded)
    elif reply.worded is not None:
        st.markdown(reply.worded)
    else:
        return False
    st.caption(t("Worded by a language model and checked against the catalogue.") if reply.worded_by == "model"
               else t("In the catalogue's own words: the model's wording did not match it."))
    return True


def render_reply(reply: Reply, key: str, t: Text, wording: Wording | None = None) -> None:
    worded = render_worded(reply, t, wording)
    if reply.lead:
        if not worded:
            st.markdown(reply.lead)
        for card in reply.programs:
            render_card(card, t)
        if not worded:
            for note in reply.notes:
                st.markdown(note)
    elif not worded:
        st.markdown(reply.answer)
    if reply.pathway is not None:
        render_pathway(reply.pathway, key, t, {s.id: s.url for s in reply.sources if s.kind == "program" and s.url})
    if reply.sources:
        with st.expander(t("Sources ({n})", n=len(reply.sources))):
            for source in reply.sources:
                st.markdown(source_line(source, t))


def render_feedback(turn_id: int, key: str, t: Text) -> None:
    """Thumbs up or down, and an optional comment, saved to the question log."""
    def save() -> None:
        rating = st.session_state.get(f"rate-{key}")
        comment = (st.session_state.get(f"comment-{key}") or "").strip() or None
        question_log().set_feedback(turn_id, None if rating is None else (1 if rating == 1 else -1), comment)

    st.feedback("thumbs", key=f"rate-{key}", on_change=save)
    if st.session_state.get(f"rate-{key}") is not None:
        st.text_input(t("Anything to add? (optional)"), key=f"comment-{key}", on_change=save,
                      max_chars=MAX_COMMENT_CHARS, placeholder=t("What was missing or especially useful?"))


def render_profile(profile: Profile, title_of, t: Text) -> None:
    """The goal, each constraint as it is said back (its heading from the constraints' table), and
    the programs completed."""
    st.subheader(t("What I understood"))
    lines = [(t("Goal"), md(profile.goal)) if profile.goal else None,
             (t("Background"), md(profile.background)) if profile.background else None]
    lines += [(t(c.label), md(said)) for c, said in profile.program_filter(exclude_completed=False).said(t) if c.label]
    if profile.completed:
        lines.append((t("Completed"), ", ".join(md(title_of(pid)) for pid in profile.completed)))
    for name, value in filter(None, lines):
        st.markdown(t("**{label}:** {value}", label=name, value=value))
    if not any(lines):
        st.caption(t("Nothing yet. Tell me your goal, budget, time and location."))


def render_earned(profile: Profile, title_of, t: Text) -> None:
    """The credentials the learner handed over and the catalogue program each counts as."""
    if not profile.earned:
        return
    lines = []
    for earned in profile.earned:
        who = md(earned.name) + (f" · {md(earned.issuer)}" if earned.issuer else "")
        what = t("counts as **{title}**", title=md(title_of(earned.matched))) if earned.matched \
            else t("not in this catalogue")
        lines.append(f"- {who}: {what}")
    st.markdown(t("**Credentials you hold:**") + "\n" + "\n".join(lines))


def add_badges(assistant: Assistant, convo: Conversation, t: Text) -> None:
    """The badges form's callback: every uploaded file and the pasted text are read, then kept all or none."""
    files = st.session_state.get("badge-files") or []
    pasted = (st.session_state.get("badge-text") or "").strip()
    try:
        found: list[EarnedCredential] = []
        for file in files:
            if file.size > MAX_CREDENTIAL_BYTES:
                raise CredentialError(file.name, N_("larger than {limit} MB"), limit=MAX_CREDENTIAL_BYTES // 1_000_000)
            found += read_credentials_text(file.getvalue(), label=file.name)
        if pasted:
            found += read_credentials_text(pasted, label=t("pasted text"))
        if not found:
            raise CredentialError("", N_("choose a .json file or paste a credential first"))
        reply = assistant.add_credentials(found, convo)
    except CredentialError as exc:
        st.session_state["badge-result"] = ("error", exc.said_in(t))
    except StackwiseError as exc:
        st.session_state["badge-result"] = ("error", str(exc))
    else:
        st.session_state["badge-result"] = ("ok", reply.answer)


def render_badge_form(assistant: Assistant, convo: Conversation, t: Text) -> None:
    """Upload or paste Open Badges 3.0 credentials (or a CLR); the outcome of the last attempt below."""
    result = st.session_state.pop("badge-result", None)
    with st.expander(t("Add badges you already hold"), expanded=result is not None):
        with st.form("badges", clear_on_submit=True, border=False):
            st.file_uploader(t("Open Badges 3.0 or CLR files (.json)"), type=["json"], accept_multiple_files=True,
                             key="badge-files", max_upload_size=1)
            st.text_area(t("…or paste a credential's JSON"), key="badge-text", height=100,
                         max_chars=MAX_CREDENTIAL_BYTES)
            st.form_submit_button(t("Add credentials"), on_click=add_badges, args=(assistant, convo, t),
                                  width="stretch")
        st.caption(t("Read as you give them: signatures are not checked. Only each achievement, its issuer and "
                     "date are kept, and a credential counts for a program only when it is aligned to it."))
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
<div class="sw-brand" data-testid="centre-brand" data-centre="{html.escape(centre.id)}">
  {image}<span>{html.escape(centre.name)}</span>
</div>
""")


def render_page_language(t: Text) -> None:
    """The page says the language it is in: ``<html lang>`` for screen readers and translators,
    and Streamlit's own "skip to main content" link in that language (both are Streamlit's,
    written in English, so set here by a script of our own; nothing in it comes from a learner)."""
    skip = t("Skip to main content")
    st.html(f"""<script>
document.documentElement.lang = {json.dumps(t.language)};
const skip = document.querySelector('[data-testid="stSkipToContent"]');
if (skip) {{ skip.textContent = {json.dumps(skip)}; }}
</script>""", unsafe_allow_javascript=True)


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
        prepare_store(str(settings.store_dir), text(ui_language()))
        assistant = load_assistant(str(settings.store_dir), settings.llm_signature())
    except CentreError as exc:
        st.error(str(exc))
        return
    except ModelConfigError as exc:
        t = text(ui_language())
        st.error(t("The language model is not set up right: {error}", error=exc))
        return
    except StackwiseError as exc:
        t = text(ui_language())
        st.error(t("The catalogue is not available: {error}", error=exc))
        return
    convo = conversation_for(centre)
    t = text(ui_language(convo))

    # Answer first, so the sidebar and history below already include this turn. The message is read
    # from the box's state, and the box drawn once the answer says the page's language: drawn
    # before, it kept the old language's words until the next message. A key keeps the box one
    # widget when its words change: a message sent just after the switch is not lost with it.
    question = st.session_state.get("question") or st.session_state.pop("pending", None)
    error, wording = None, None
    if question:
        with st.spinner(t("Looking through the catalogue…")):
            try:
                reply = assistant.reply(question, convo)
            except StackwiseError as exc:
                error = str(exc)
            else:
                try:  # the log must never cost the learner the answer
                    turn_id = question_log().record(centre=centre.id, question=question, reply=reply,
                                                         conversation=convo.id)
                except DatabaseError:
                    turn_id = None
                turn_ids = st.session_state.turn_ids
                turn_ids.append(turn_id)
                del turn_ids[:-len(convo.history)]  # the history keeps its last turns only: so do their ids
                if assistant.phraser is not None:
                    wording = assistant.phraser.word(reply, question, assistant.catalogue,
                                                     text(ui_language(convo)).language)

    t = text(ui_language(convo))  # the learner's first message may say which language they write in
    st.chat_input(t("Ask about programs, stacking or micro-credentials"), max_chars=MAX_MESSAGE_CHARS, key="question")
    with st.sidebar:
        # No key: the switch shows the page's language, which can follow the learner's messages.
        picked = st.radio("Language / Langue", options=list(LANGUAGES), format_func=LANGUAGE_NAMES.get,
                          index=LANGUAGES.index(t.language), horizontal=True)
        if picked != t.language:
            choose_language(convo, picked)
            st.rerun()
        render_profile(convo.profile, assistant.title_of, t)
        render_earned(convo.profile, assistant.title_of, t)
        render_badge_form(assistant, convo, t)
        if st.button(t("Start over"), width="stretch"):
            st.session_state.pop("conversation")
            st.rerun()
        if centre.advisor is not None:
            st.divider()
            st.link_button(centre.advisor.label, centre.advisor.url, width="stretch")
            with st.expander(t("Summary to give your advisor")):
                st.code(conversation_summary(convo, assistant.title_of, t.language), language=None, wrap_lines=True)
        st.caption(t(centre.privacy))

    render_page_language(t)
    render_brand(centres, centre)
    if not convo.history:
        st.markdown(t(centre.welcome))
        if centre.scope.describe():
            st.caption(t("Recommendations from {centre}'s catalogue: {scope}.", centre=md(centre.name),
                         scope=centre.scope.describe(t.language)))
        for index, starter in enumerate(centre.starters or [t(s) for s in DEFAULT_STARTERS]):
            if st.button(starter, key=f"starter-{index}"):
                st.session_state.pending = starter
                st.rerun()

    for turn, (message, reply) in enumerate(convo.history):
        with st.chat_message("user"):
            st.markdown(md(message))
        with st.chat_message("assistant"):
            render_reply(reply, str(turn), t, wording if turn == len(convo.history) - 1 else None)
            if turn < len(st.session_state.turn_ids) and st.session_state.turn_ids[turn] is not None:
                render_feedback(st.session_state.turn_ids[turn], str(turn), t)
    if error:
        st.error(error)
    if st.context.is_embedded:
        st.caption(t(centre.privacy))


def choose_language(convo: Conversation, language: str) -> None:
    """The page and the replies from now on are in ``language``."""
    st.session_state["ui-language"] = language
    convo.language = language


page = st.navigation([st.Page(chat_page, title="Chat", default=True),
                      st.Page("staff.py", title="Staff insights", url_path="staff")], position="hidden")
# The chat reads best in a column; the staff tables' text columns are read at full width.
st.set_page_config(page_title="Stackwise: find your next credential", page_icon="🎓",
                   layout="wide" if page.url_path == "staff" else "centered",
                   initial_sidebar_state="collapsed" if st.context.is_embedded else "auto")
page.run()
