"""Reflection after an application: on yourself, and on the job.

Self-reflection answers one guided question at a time (``reflection.answered``);
job-reflection is two columns, what you liked and what concerned you
(``job.assessed``). Both live in the stream ``reflection/<application id>``,
apart from the application's own stream, so reflecting never races a
command that writes to the application.
"""

from __future__ import annotations

from runnerup import Event

REFLECTION_STREAM = "reflection/{application}"

#: The guided questions, by key, in the order they are asked.
QUESTIONS: dict[str, str] = {
    "went_well": "What did you do well?",
    "unprepared_for": "Which questions should you have been better prepared for?",
    "learned": "What did you learn about yourself and others?",
    "do_differently": "What will you do differently next time?",
    "strengths": "Look in the mirror: what are your strengths?",
    "weaknesses": "Look in the mirror: what are your weaknesses?",
}


class ReflectionAnswered(Event, tag="reflection.answered"):
    """The job seeker answered one reflection question about an application.

    ``question`` is a key of :data:`QUESTIONS`; answering it again replaces
    the earlier answer in the views, the log keeps both.
    """

    __stream__ = REFLECTION_STREAM

    application: str
    question: str
    answer: str


class JobAssessed(Event, tag="job.assessed"):
    """The job seeker noted what they liked about a job and what concerned them."""

    __stream__ = REFLECTION_STREAM

    application: str
    liked: list[str] = []
    concerns: list[str] = []
