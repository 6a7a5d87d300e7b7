import pytz

from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

from ..tools import dates, planner


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
    gendan_escalation_user_id = fields.Many2one(
        "res.users",
        string="Escalate To",
        domain=lambda self: [
            (
                "groups_id",
                "in",
                self.env.ref("gendan_tracking.group_merchandising_manager").id,
            ),
            ("share", "=", False),
        ],
        help="The merchandising manager told about overdue milestones and given "
        "the manager's milestones, when the merchandiser has no manager in "
        "Employees.",
    )

    gendan_portal_show_customer = fields.Boolean(
        string="Suppliers See the Customer",
        help="On the vendor portal, suppliers read the name of the customer their "
        "purchase order serves. Off by default: a trading company keeps its "
        "customers to itself.",
    )
    gendan_quality_user_id = fields.Many2one(
        "res.users",
        string="Quality Contact",
        domain=[("share", "=", False)],
        help="Responsible of the inspections suppliers request on the portal, and "
        "told about each request. Empty: the merchandiser of the order.",
    )

    gendan_purchase_lead_days = fields.Integer(
        string="Material Lead Time (days)",
        default=14,
        help="When an order has no material milestone, purchase orders serving it "
        "are required this many days before the order's commitment date.",
    )

    gendan_expedite_interval_days = fields.Integer(
        string="Supplier Follow-up Interval (days)",
        default=3,
        help="After an expedite entry, the purchase order's next follow-up is "
        "set this many working days later.",
    )

    gendan_sample_resubmit_days = fields.Integer(
        string="Sample Resubmission (working days)",
        default=5,
        help="A rejected sample's next round is due this many working days after "
        "the rejection.",
    )

    @api.constrains("gendan_sample_resubmit_days")
    def _check_gendan_sample_resubmit_days(self):
        if any(company.gendan_sample_resubmit_days < 1 for company in self):
            raise ValidationError(
                _("The sample resubmission delay is at least one working day.")
            )

    @api.constrains("gendan_purchase_lead_days")
    def _check_gendan_purchase_lead_days(self):
        if any(company.gendan_purchase_lead_days < 0 for company in self):
            raise ValidationError(_("The material lead time cannot be negative."))

    @api.constrains("gendan_expedite_interval_days")
    def _check_gendan_expedite_interval_days(self):
        if any(company.gendan_expedite_interval_days < 1 for company in self):
            raise ValidationError(
                _("The supplier follow-up interval is at least one day.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        # a new company starts with the default escalation line and the rules
        self.env["gendan.escalation.rule"]._gendan_ensure_defaults(companies)
        self.env["gendan.risk.rule"]._gendan_ensure_defaults(companies)
        return companies

    def write(self, vals):
        result = super().write(vals)
        if "resource_calendar_id" in vals or "partner_id" in vals:
            self.env.registry.clear_cache()
        return result

    def _gendan_tz_name(self):
        """The timezone name of the company (``tools.dates.company_tz``): its
        address's, else its working calendar's, else UTC. Cached; a change of
        a partner's or a calendar's timezone clears the cache
        (``res_partner.py``, ``resource_calendar.py``)."""
        self.ensure_one()
        return self._gendan_read_tz_name(self.id)

    @api.model
    @tools.ormcache("company_id")
    def _gendan_read_tz_name(self, company_id):
        company = self.sudo().browse(company_id)
        return company.partner_id.tz or company.resource_calendar_id.tz or "UTC"

    def _gendan_working_calendars(self):
        """Working weekdays and holiday dates of every company of ``self``:
        ``{company_id: (weekdays, holidays)}`` (do not change it: it is
        cached). Read once, then cached until a calendar, its attendances or
        its leaves change (``resource_calendar.py``)."""
        return self._gendan_read_working_calendars(tuple(sorted(self.ids)))

    @api.model
    @tools.ormcache("company_ids")
    def _gendan_read_working_calendars(self, company_ids):
        """Working weekdays and holiday dates of the companies ``company_ids``,
        read as the system in a constant number of queries.

        Weekdays come from the attendances of the company's ``resource.calendar``;
        holidays from its global leaves (leaves without a resource), each day they
        cover counted in the calendar's timezone.
        """
        companies = self.sudo().browse(company_ids)
        result = {}
        calendars = companies.resource_calendar_id
        attendances = companies.env["resource.calendar.attendance"].search_read(
            [("calendar_id", "in", calendars.ids), ("display_type", "=", False)],
            ["calendar_id", "dayofweek"],
        )
        weekdays_by_calendar = {}
        for attendance in attendances:
            weekdays_by_calendar.setdefault(attendance["calendar_id"][0], set()).add(
                int(attendance["dayofweek"])
            )
        leaves = companies.env["resource.calendar.leaves"].search_read(
            [
                ("resource_id", "=", False),
                "|",
                ("calendar_id", "in", calendars.ids),
                "&",
                ("calendar_id", "=", False),
                ("company_id", "in", companies.ids),
            ],
            ["calendar_id", "company_id", "date_from", "date_to"],
        )
        for company in companies:
            calendar = company.resource_calendar_id
            weekdays = frozenset(
                weekdays_by_calendar.get(calendar.id, planner.ALL_WEEKDAYS)
                if calendar
                else {0, 1, 2, 3, 4}
            )
            tz = (
                pytz.timezone(calendar.tz) if calendar.tz else dates.company_tz(company)
            )
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
