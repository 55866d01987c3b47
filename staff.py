"""Staff insights, a page of the Streamlit app at ``/staff``: what a centre's learners asked,
what the catalogue could not answer, and whether answers helped. Password from settings."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from stackwise import (
    GLOBAL_ACCOUNT,
    LANGUAGES,
    MAX_PASSWORD,
    N_,
    CentreError,
    Centres,
    QuestionLog,
    SignIn,
    SignInGuard,
    StaffAccess,
    Text,
    catalogue_gaps,
    export_csv,
    feedback,
    gaps_table,
    get_settings,
    held,
    matches_hash,
    matches_secret,
    md,
    password_problem,
    questions_per_day,
    text,
    top_topics,
)


def load_centres(folder: str) -> Centres:
    """The centres, held for the process (shared with the chat page; no client can clear it)."""
    return held("centres", folder, lambda: Centres.load(Path(folder)))


def sign_in_guard() -> SignInGuard:
    """The guard over the question log's database: its counts are there, shared by every process
    and replica using it and kept across restarts."""
    where = get_settings().question_log
    return held("signin-guard", where, lambda: SignInGuard(where))


def source_address() -> str:
    """Where this session connects from: the websocket's peer, or the first X-Forwarded-For
    entry when STACKWISE_TRUSTED_PROXY says a proxy in front sets that header."""
    if get_settings().trusted_proxy:
        forwarded = st.context.headers.get("X-Forwarded-For")
        first = forwarded.split(",")[0].strip() if isinstance(forwarded, str) else ""
        if first:
            return first
    peer = st.context.ip_address
    return peer if isinstance(peer, str) and peer else "localhost"  # None: a local connection


def connection_key() -> str | None:
    """A value of this websocket connection alone: the handshake's Sec-WebSocket-Key, fresh and
    random for every connection a browser opens. A session resumed over another connection
    (by anyone holding its id) has another."""
    key = st.context.headers.get("Sec-WebSocket-Key")
    return key if isinstance(key, str) else None


# Headers of the insights tables and chart, by the column names of guidance.insights.
COLUMN_LABELS = {"day": N_("Day"), "questions": N_("Questions"), "topic": N_("Topic"), "asked": N_("Times asked"),
                 "learners": N_("Learners"), "wanted": N_("What they asked for"),
                 "example": N_("Example question"), "also": N_("Also asked as")}
# Text columns' widths in pixels: every column of the widest table (gaps: two counts and these
# four) fits the page at 1280 px, with the example question given the most room.
WIDE = {"topic": 170, "wanted": 190, "example": 360, "also": 240}


def labelled(table: pd.DataFrame, t: Text) -> pd.DataFrame:
    return table.rename(columns={name: t(label) for name, label in COLUMN_LABELS.items()})


def show_table(table: pd.DataFrame, t: Text) -> None:
    """A table with its columns named in the page's language and its text columns wide enough to read."""
    config = {t(COLUMN_LABELS[name]): st.column_config.TextColumn(width=width)
              for name, width in WIDE.items() if name in table.columns}
    st.dataframe(labelled(table, t), hide_index=True, column_config=config)


def page_language() -> Text:
    """The language chosen on the chat page in this session, else the browser's, else English."""
    chosen = st.session_state.get("ui-language") or (st.context.locale or "")[:2].lower()
    return text(chosen if chosen in LANGUAGES else "en")


def staff_access(t: Text, centres: Centres) -> StaffAccess | None:
    """This session's access when it signed in on this very connection (every centre for the
    global password, one for a centre's), else None with the sign-in form shown."""
    settings = get_settings()
    secret = settings.staff_password.get_secret_value() if settings.staff_password else None
    accounts = {c.id: c.name for c in centres.profiles.values() if c.staff is not None}
    problem = password_problem(secret)
    if problem and not accounts:
        st.info(t("The staff page is locked: {problem}.", problem=problem))
        return None
    signed = st.session_state.get("staff")
    if isinstance(signed, StaffAccess):
        if signed.connection == connection_key():
            return signed
        st.session_state.pop("staff")  # a session taken over on another connection: sign in again
        st.warning(t("Sign in again: this page was reopened on another connection."))
    choices = ([GLOBAL_ACCOUNT] if problem is None else []) + list(accounts)
    with st.form("staff-login"):
        account = st.selectbox(t("Centre"), choices, format_func=lambda a: t("All centres") if a == GLOBAL_ACCOUNT
                               else accounts[a], key="staff-account") if len(choices) > 1 else choices[0]
        password = st.text_input(t("Staff password"), type="password", max_chars=MAX_PASSWORD)
        if st.form_submit_button(t("Open")):
            guard = sign_in_guard()
            if account == GLOBAL_ACCOUNT:
                name, allowed = GLOBAL_ACCOUNT, None
                outcome = guard.attempt(password, lambda given: matches_secret(given, secret), account=name,
                                        source=source_address())
            else:
                name, allowed = f"centre:{account}", frozenset([account])
                stored = centres.profiles[account].staff.password_hash  # type: ignore[union-attr]
                outcome = guard.attempt(password, lambda given: matches_hash(given, stored), account=name,
                                        source=source_address())
            if outcome is SignIn.OPEN:
                st.session_state.staff = StaffAccess(allowed, connection_key())
                st.rerun()
            elif outcome is SignIn.WAIT:
                st.error(t("Too many wrong passwords. Try again in {seconds} seconds.",
                           seconds=f"{guard.wait_left(name, source_address()):.0f}"))
            else:
                st.error(t("That password is not right."))
    return None


def main() -> None:
    t = page_language()
    st.title(t("Staff insights"))
    if st.context.is_embedded:  # never inside another site's frame (clickjacking); see docs/operations.md
        st.info(t("The staff page does not open inside another page. Open it in its own tab."))
        return
    settings = get_settings()
    try:
        centres = load_centres(str(settings.centres_dir))
    except CentreError as exc:
        st.error(str(exc))
        return
    access = staff_access(t, centres)
    if access is None:
        return
    for problem in centres.problems.values() if access.centres is None else ():  # the global staff's alone
        st.text(t("A centre profile was left out: {problem}", problem=problem))
    names = {c.id: c.name for c in centres.profiles.values() if access.sees(c.id)}
    ids = list(names)
    default = settings.default_centre if settings.default_centre in names else ids[0]
    centre_id = st.selectbox(t("Centre"), ids, index=ids.index(default), format_func=names.get)
    days = st.select_slider(t("Period"), options=[7, 30, 90, 180, 365], value=30,
                            format_func=lambda d: t("last {n} days", n=d))
    turns = QuestionLog(settings.question_log, settings.log_retention_days).turns(centre=centre_id, days=days)
    rated = feedback(turns)
    left, middle, right = st.columns(3)
    left.metric(t("Questions"), len(turns))
    middle.metric(t("Nothing fit"), sum(turn.nothing_fit for turn in turns))
    right.metric(t("Helpful"), "–" if rated.ratio is None else
                 t.plural("{share} of {n} vote", "{share} of {n} votes", rated.rated, share=f"{rated.ratio:.0%}"),
                 help=t("{helpful} helpful, {not_helpful} not helpful", helpful=rated.helpful,
                        not_helpful=rated.not_helpful))
    if not turns:
        st.caption(t("No questions in this period yet."))
        return
    st.subheader(t("Questions per day"))
    per_day = labelled(questions_per_day(turns).astype({"day": str}), t)  # ISO days: one bar each, not a time axis
    day, count = per_day.columns  # as labelled
    st.bar_chart(per_day, x=day, y=count)
    st.subheader(t("Top topics"))
    st.caption(t("One aim per conversation: a follow-up (\"cheaper?\", \"the second one\") counts under it."))
    show_table(top_topics(turns), t)
    st.subheader(t("Catalogue gaps: questions nothing fit"))
    gaps = catalogue_gaps(turns, t)
    if gaps:
        show_table(gaps_table(gaps), t)
    else:
        st.caption(t("Every question found something that fit."))
    st.subheader(t("Feedback comments"))
    for rating, comment in rated.comments:
        st.markdown(f"{'👍' if rating == 1 else '👎' if rating == -1 else '•'} {md(comment)}")
    st.download_button(t("Export questions (CSV)"), export_csv(turns), file_name=f"questions-{centre_id}.csv",
                       mime="text/csv", on_click="ignore")



main()
