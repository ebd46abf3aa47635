"""The draft template this plugin contributes: a polite follow-up after a counter-offer.

Templates are Jinja2 text whose first line is ``Subject: …``. They see the
drafting plugin's context (``company``, ``role``, ``me``, ``contact``,
``extra`` …); this one reads ``extra.counter`` (required) and ``extra.offer``, which the
reactor puts into its ``draft.requested``. A user who saves their own
``salary_follow_up.txt.j2`` in the home's ``templates/`` folder overrides it.
"""

from __future__ import annotations

SALARY_FOLLOW_UP = """\
Subject: Following up on my counter-proposal{{ " for the " ~ role ~ " role" if role else "" }}

{{ "Hi " ~ contact.first_name ~ "," if contact and contact.first_name else "Hello," }}

Thank you again for your offer{{ " of " ~ extra.offer if extra.get("offer") else "" }}. I wanted to follow up \
on my proposal of {{ extra.counter }}, and I would be glad to talk it through whenever suits you.

I am very much looking forward to joining {{ company }}.

Best regards,
{{ me.name }}
"""

TEMPLATES = {"salary_follow_up": SALARY_FOLLOW_UP}
