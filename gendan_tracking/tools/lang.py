"""Texts Gendan writes for someone (activities, rule risks) are worded in that
person's language, as Odoo words a mail in its recipient's language."""


def reader_lang(records, user):
    """The language ``user`` reads, else the one of ``records``' environment."""
    return (user and user.lang) or records.env.lang or "en_US"


def reader_env(records, user):
    """The environment of ``records`` in the language ``user`` reads."""
    return records.with_context(lang=reader_lang(records, user)).env
