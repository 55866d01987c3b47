"""Staff insights, a page of the Streamlit app at ``/staff``: what a centre's learners asked,
what the catalogue could not answer, and whether answers helped. Password from settings."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from stackwise import (
    LANGUAGES,
    N_,
    CentreError,
    Centres,
    QuestionLog,
    SignIn,
    SignInGuard,
    Text,
    catalogue_gaps,
    export_csv,
    feedback,
    gaps_table,
    get_settings,
    md,
    password_problem,
    questions_per_day,
    text,
    top_topics,
)


@st.cache_resource
def load_centres(folder: str) -> Centres:
    return Centres.load(Path(folder))


@st.cache_resource
def sign_in_guard() -> SignInGuard:
    """One guard for the whole server: failures in any browser slow every next attempt."""
    return SignInGuard()


# Headers of the insights tables and chart, by the column names of guidance.insights.
COLUMN_LABELS = {"day": N_("Day"), "questions": N_("Questions"), "topic": N_("Topic"), "asked": N_("Times asked"),
                 "example": N_("Example question"), "also": N_("Also asked as")}


def labelled(table: pd.DataFrame, t: Text) -> pd.DataFrame:
    return table.rename(columns={name: t(label) for name, label in COLUMN_LABELS.items()})


def page_language() -> Text:
    """The language chosen on the chat page in this session, else the browser's, else English."""
    chosen = st.session_state.get("ui-language") or (st.context.locale or "")[:2].lower()
    return text(chosen if chosen in LANGUAGES else "en")


def unlocked(t: Text) -> bool:
    """True once the staff password was given in this browser session."""
    settings = get_settings()
    secret = settings.staff_password.get_secret_value() if settings.staff_password else None
    problem = password_problem(secret)
    if problem:
        st.info(t("The staff page is locked: {problem}.", problem=problem))
        return False
    if st.session_state.get("staff"):
        return True
    guard = sign_in_guard()
    with st.form("staff-login"):
        password = st.text_input(t("Staff password"), type="password")
        if st.form_submit_button(t("Open")):
            outcome = guard.attempt(password, secret)
            if outcome is SignIn.OPEN:
                st.session_state.staff = True
                st.rerun()
            elif outcome is SignIn.WAIT:
                st.error(t("Too many wrong passwords. Try again in {seconds} seconds.",
                           seconds=f"{guard.wait_left():.0f}"))
            else:
                st.error(t("That password is not right."))
    return False


def main() -> None:
    t = page_language()
    st.title(t("Staff insights"))
    if not unlocked(t):
        return
    settings = get_settings()
    try:
        centres = load_centres(str(settings.centres_dir))
    except CentreError as exc:
        st.error(str(exc))
        return
    for problem in centres.problems.values():
        st.text(t("A centre profile was left out: {problem}", problem=problem))
    names = {c.id: c.name for c in centres.profiles.values()}
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
    right.metric(t("Helpful"), "–" if rated.ratio is None else f"{rated.ratio:.0%}",
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
    st.dataframe(labelled(top_topics(turns), t), hide_index=True)
    st.subheader(t("Catalogue gaps: questions nothing fit"))
    gaps = catalogue_gaps(turns)
    if gaps:
        st.dataframe(labelled(gaps_table(gaps), t), hide_index=True)
    else:
        st.caption(t("Every question found something that fit."))
    st.subheader(t("Feedback comments"))
    for rating, comment in rated.comments:
        st.markdown(f"{'👍' if rating == 1 else '👎' if rating == -1 else '•'} {md(comment)}")
    st.download_button(t("Export questions (CSV)"), export_csv(turns), file_name=f"questions-{centre_id}.csv",
                       mime="text/csv", on_click="ignore")



main()
