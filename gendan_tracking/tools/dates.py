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
from odoo.exceptions import ValidationError


def company_tz(company):
    """The ``pytz`` timezone of ``company`` (a ``res.company`` record, or an
    empty one: UTC)."""
    # cached per company (res.company._gendan_tz_name), not read on each call
    tz_name = company and company._gendan_tz_name()
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


def today(records):
    """Today, in the company's timezone of ``records`` (their company when
    they have one, else the current company): usable as a field default,
    ``default=dates.today``."""
    company = records.env.company
    if len(records) == 1 and "company_id" in records._fields and records.company_id:
        company = records.company_id
    return company_today(company)


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


# Dates a follow-up can plan with: outside these years a date is a typing
# error (9999-12-31), and date arithmetic would overflow.
MIN_YEAR = 1900
MAX_YEAR = 2199


def out_of_range(value):
    """True when ``value`` (a date, a datetime or their string) lies outside
    the years MIN_YEAR..MAX_YEAR."""
    if not value:
        return False
    if isinstance(value, str):
        try:
            value = fields.Datetime.to_datetime(value)
        except ValueError:
            value = fields.Date.to_date(value)
    return not MIN_YEAR <= value.year <= MAX_YEAR


def check_date_range(env, vals_list, names):
    """A clear error for a date outside the years the follow-up plans with,
    before anything computes with it."""
    for vals in vals_list:
        for name in names:
            if out_of_range(vals.get(name)):
                raise ValidationError(
                    env._(
                        "%(value)s is not a valid date: use a year between "
                        "%(first)s and %(last)s.",
                        value=vals[name],
                        first=MIN_YEAR,
                        last=MAX_YEAR,
                    )
                )
