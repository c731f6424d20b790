"""What participants said: survey answers and open-ended feedback.

Survey answers follow pair compatibility and attendance with exact shares per
item; feedback is built from templated sentences, a few of the mentees' answers
carrying personal details (names, emails, phone numbers) as real answers do.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evalkit.sample.draws import ranked_values, weighted_choice
from evalkit.sample.settings import (
    FEEDBACK_QUESTIONS,
    SURVEY_ITEMS,
    SampleSettings,
)


def surveys_table(
    settings: SampleSettings,
    people: pd.DataFrame,
    pairs: pd.DataFrame,
    attendance: pd.Series,
    as_of: int,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Return survey answers in long form: one row per person, wave and item."""
    half = 7 * settings.program_weeks // 2
    fit = pairs.groupby("mentor_id")["compatibility"].mean()
    fit = pd.concat([fit, pairs["compatibility"]])
    effort = attendance.reindex(people.index)
    mentor_effort = pairs.assign(rate=attendance).groupby("mentor_id")["rate"].mean()
    effort = effort.fillna(mentor_effort.reindex(people.index))

    invited = []
    for person in people.itertuples(index=False):
        pid = person.participant_id
        if pid not in fit.index:
            continue
        own = pairs[
            pairs["mentor_id" if person.role == "mentor" else "mentee_id"] == pid
        ]
        midpoint = int(own["matched"].min()) + half
        still_in = as_of if np.isnan(person.exit) else int(person.exit)
        if midpoint <= still_in:
            invited.append((pid, person.role, "midpoint"))
        if person.status == "completed":
            invited.append((pid, person.role, "exit"))

    answered = []
    for role in ("mentee", "mentor"):
        for wave in ("midpoint", "exit"):
            group = [pid for pid, r, w in invited if r == role and w == wave]
            weight = 0.5 + effort.loc[group].to_numpy()
            count = round(settings.survey_response_rate * len(group))
            answered += [
                (p, role, wave) for p in weighted_choice(rng, group, weight, count)
            ]
    answered.sort()

    rows = []
    for pid, role, wave in answered:
        items = [i for i in SURVEY_ITEMS if role == "mentee" or i != "mentor_support"]
        skipped = rng.random(len(items)) < settings.item_skip_rate
        if skipped.all():
            skipped[0] = False
        for item, skip in zip(items, skipped, strict=True):
            if not skip:
                rows.append(
                    {"participant_id": pid, "role": role, "wave": wave, "item": item}
                )
    answers = pd.DataFrame(rows)

    answers["latent"] = (
        2.0 * fit.loc[answers["participant_id"]].to_numpy()
        + 0.8 * effort.loc[answers["participant_id"]].to_numpy()
        + rng.normal(0.0, 1.1, len(answers))
    )
    answers["response"] = np.nan
    shares = {
        "overall_satisfaction": (0.02, 0.05, 0.14, 0.41, 0.38),
        "would_recommend": (0.03, 0.05, 0.12, 0.35, 0.45),
        "mentor_support": (0.03, 0.06, 0.13, 0.38, 0.40),
    }
    satisfied = {
        "mentee": settings.mentee_satisfied_share,
        "mentor": settings.mentor_satisfied_share,
    }
    for item in SURVEY_ITEMS:
        for role in ("mentee", "mentor"):
            if item == "match_satisfaction":
                high = satisfied[role]
                item_shares = (
                    0.1 * (1 - high),
                    0.3 * (1 - high),
                    0.6 * (1 - high),
                    0.5 * high,
                    0.5 * high,
                )
            else:
                item_shares = shares[item]
            where = (answers["item"] == item) & (answers["role"] == role)
            if where.any():
                answers.loc[where, "response"] = ranked_values(
                    answers.loc[where, "latent"].to_numpy(), item_shares
                )
    return answers[["participant_id", "wave", "item", "response"]]


_MENTEE_PRAISE = (
    "Meeting every other week kept me on track with my goals.",
    "My mentor was flexible about when we met, so I never fell behind.",
    "The advice on internship applications was the most useful part.",
    "Talking through careers in {field} showed me options I had not considered.",
    "I feel much more confident speaking up in lab meetings now.",
    "For the first time I feel like I belong in {field}.",
    "My mentor walked me through debugging my code step by step.",
    "Getting help with the statistics for my project saved me weeks.",
    "Quick replies over chat made it easy to ask small questions.",
    "My mentor always explained things clearly and listened well.",
)
_MENTEE_COMPLAINTS = (
    "It was hard to find meeting times that worked for both of us.",
    "Several sessions were cancelled at the last minute.",
    "I wanted more concrete career advice and less general talk.",
    "Nobody helped me understand what jobs in {field} actually look like.",
    "Some sessions left me feeling less sure of myself than before.",
    "I still do not feel confident applying for research positions.",
    "We rarely had time for hands-on technical help.",
    "The workshops were too basic for the technical problems I had.",
    "Emails often went unanswered for a week or more.",
    "Communication was confusing because plans changed without notice.",
)
_MENTOR_PRAISE = (
    "The training before matching prepared me well for the first meetings.",
    "Seeing my mentee gain confidence over the year was rewarding.",
    "The coordinators made scheduling easy with shared calendars.",
    "Helping with career questions reminded me why I chose {field}.",
)
_MENTOR_COMPLAINTS = (
    "Scheduling around my work hours was difficult.",
    "I would like more guidance on giving technical help without doing the work.",
    "Communication from the program office came too late to plan around.",
    "I was not sure how much career advice was expected of me.",
)
_PERSONAL_DETAILS = (
    "Honestly my mentor Priya was the reason I stayed in the program.",
    "Marcus, my mentor, helped me more than any class did.",
    "If you want to hear more, write to me at jordan.reyes@example.org.",
    "Happy to talk about it, email sam.okafor@example.org anytime.",
    "You can call me at (555) 555-0142 if you have questions.",
    "My number is 555-0187 if the program wants a testimonial.",
)


def feedback_table(
    settings: SampleSettings,
    people: pd.DataFrame,
    profiles: pd.DataFrame,
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Return open-ended answers built from templated sentences."""
    if settings.n_feedback == 0:
        return pd.DataFrame(columns=["participant_id", "question", "text"])

    n_questions = len(FEEDBACK_QUESTIONS)
    slot_people = np.repeat(people.index.to_numpy(), n_questions)
    slot_questions = np.tile(np.arange(n_questions), len(people))
    chooser = np.where(people["role"].to_numpy() == "mentee", 3.0, 1.0)
    chooser = np.repeat(chooser, n_questions)
    slots = np.sort(
        rng.choice(
            len(slot_people),
            size=settings.n_feedback,
            replace=False,
            p=chooser / chooser.sum(),
        )
    )
    authors = slot_people[slots]
    questions = slot_questions[slots]
    by_mentees = np.flatnonzero(people.loc[authors, "role"].to_numpy() == "mentee")
    n_personal = min(len(_PERSONAL_DETAILS), len(by_mentees))
    personal_rows = rng.choice(by_mentees, size=n_personal, replace=False).tolist()
    mentee_personal = 0

    rows = []
    for k, pid in enumerate(authors):
        mentee = people.at[pid, "role"] == "mentee"
        question = FEEDBACK_QUESTIONS[questions[k]]
        praise = _MENTEE_PRAISE if mentee else _MENTOR_PRAISE
        complaints = _MENTEE_COMPLAINTS if mentee else _MENTOR_COMPLAINTS
        if question == FEEDBACK_QUESTIONS[0]:
            pool = praise
        elif question == FEEDBACK_QUESTIONS[1]:
            pool = complaints
        else:
            pool = praise + complaints
        count = int(rng.integers(1, 3))
        picks = rng.choice(len(pool), size=count, replace=False)
        sentences = [pool[i].format(field=profiles.at[pid, "field"]) for i in picks]
        if k in personal_rows:
            sentences.append(_PERSONAL_DETAILS[mentee_personal])
            mentee_personal += 1
        rows.append(
            {"participant_id": pid, "question": question, "text": " ".join(sentences)}
        )
    return pd.DataFrame(rows)
