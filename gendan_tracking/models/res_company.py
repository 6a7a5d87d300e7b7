import pytz

from odoo import fields, models

from ..tools import planner


class ResCompany(models.Model):
    _inherit = "res.company"

    gendan_see_all_orders = fields.Boolean(
        string="Merchandisers See All Orders",
        help="When set, merchandisers may read the follow-up records of every order "
        "of the company, not only the orders where they are the merchandiser.",
    )
    gendan_default_template_id = fields.Many2one(
        "gendan.milestone.template",
        string="Default T&A Template",
        help="Time & Action plan template proposed on new sale orders.",
    )
    gendan_activity_lead_days = fields.Integer(
        string="Milestone Reminder (working days)",
        default=3,
        help="The daily follow-up schedules an activity for milestones due within "
        "this many working days.",
    )
    gendan_escalation_days = fields.Integer(
        string="Escalation Delay (working days)",
        default=2,
        help="Milestones overdue by more than this many working days are escalated "
        "to the merchandiser's manager.",
    )

    def _gendan_tz(self):
        """Timezone of the company: its working calendar's, else its partner's."""
        self.ensure_one()
        tz_name = self.resource_calendar_id.tz or self.partner_id.tz or "UTC"
        try:
            return pytz.timezone(tz_name)
        except pytz.UnknownTimeZoneError:
            return pytz.utc

    def _gendan_working_calendars(self):
        """Working weekdays and holiday dates of every company of ``self``, read in
        a constant number of queries: ``{company_id: (weekdays, holidays)}``.

        Weekdays come from the attendances of the company's ``resource.calendar``;
        holidays from its global leaves (leaves without a resource), each day they
        cover counted in the calendar's timezone.
        """
        result = {}
        calendars = self.resource_calendar_id
        attendances = self.env["resource.calendar.attendance"].search_read(
            [("calendar_id", "in", calendars.ids), ("display_type", "=", False)],
            ["calendar_id", "dayofweek"],
        )
        weekdays_by_calendar = {}
        for attendance in attendances:
            weekdays_by_calendar.setdefault(attendance["calendar_id"][0], set()).add(
                int(attendance["dayofweek"])
            )
        leaves = self.env["resource.calendar.leaves"].search_read(
            [
                ("resource_id", "=", False),
                "|",
                ("calendar_id", "in", calendars.ids),
                "&",
                ("calendar_id", "=", False),
                ("company_id", "in", self.ids),
            ],
            ["calendar_id", "company_id", "date_from", "date_to"],
        )
        for company in self:
            calendar = company.resource_calendar_id
            weekdays = frozenset(
                weekdays_by_calendar.get(calendar.id, planner.ALL_WEEKDAYS)
                if calendar
                else {0, 1, 2, 3, 4}
            )
            tz = pytz.timezone(calendar.tz) if calendar.tz else company._gendan_tz()
            holidays = set()
            for leave in leaves:
                leave_calendar = leave["calendar_id"] and leave["calendar_id"][0]
                leave_company = leave["company_id"] and leave["company_id"][0]
                if leave_calendar != calendar.id and not (
                    not leave_calendar and leave_company == company.id
                ):
                    continue
                start = pytz.utc.localize(leave["date_from"]).astimezone(tz).date()
                end = pytz.utc.localize(leave["date_to"]).astimezone(tz).date()
                day = start
                while day <= end:
                    holidays.add(day)
                    day = fields.Date.add(day, days=1)
            result[company.id] = (weekdays, frozenset(holidays))
        return result
