"""The company's day: the one definition of "today" and of the calendar day of
a moment, for the planner, lateness, the appraisal engine, the reports and the
exports.

A company's timezone is the one of its address (the company partner's ``tz``),
else the one of its working calendar, else UTC. Odoo stores datetimes as naive
UTC; a delivery done at 16:30 UTC is done on the next day in Shanghai, and the
company's "today" changes at the company's midnight, not at the server's or
the user's.
"""

import datetime

import pytz

from odoo import fields


def company_tz(company):
    """The ``pytz`` timezone of ``company`` (a ``res.company`` record, or an
    empty one: UTC)."""
    tz_name = company and (
        company.partner_id.tz or company.resource_calendar_id.tz or "UTC"
    )
    try:
        return pytz.timezone(tz_name or "UTC")
    except pytz.UnknownTimeZoneError:
        return pytz.utc


def company_now(company):
    """The current wall-clock time in the company's timezone (aware)."""
    return datetime.datetime.now(pytz.utc).astimezone(company_tz(company))


def company_today(company):
    """Today, in the company's timezone."""
    return company_now(company).date()


def local_date(company, value):
    """The calendar day, in the company's timezone, of ``value`` (a naive UTC
    datetime as Odoo stores it, or a date, returned as it is). False for an
    empty value."""
    if not value:
        return False
    if isinstance(value, str):
        value = fields.Datetime.to_datetime(value)
    if not isinstance(value, datetime.datetime):
        return value
    return pytz.utc.localize(value).astimezone(company_tz(company)).date()


def utc_start(company, day):
    """The naive UTC datetime of the company's midnight starting ``day``."""
    tz = company_tz(company)
    local = tz.localize(datetime.datetime.combine(day, datetime.time.min))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


# The same definition in SQL, for reports that convert datetimes to the
# company's day in the database: one row (company_id, tz) per company.
COMPANY_TZ_SQL = """
    SELECT c.id AS company_id,
           COALESCE(NULLIF(p.tz, ''), NULLIF(rc.tz, ''), 'UTC') AS tz
      FROM res_company c
      JOIN res_partner p ON p.id = c.partner_id
      LEFT JOIN resource_calendar rc ON rc.id = c.resource_calendar_id
"""
