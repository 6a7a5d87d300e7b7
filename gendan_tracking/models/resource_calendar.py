"""Working days are cached per company (``res.company.
_gendan_working_calendars``): a change of a calendar, its attendances or its
leaves clears the cache."""

from odoo import models


class ResourceCalendar(models.Model):
    _name = "resource.calendar"
    _inherit = ["resource.calendar", "gendan.registry.cache.source"]


class ResourceCalendarAttendance(models.Model):
    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "gendan.registry.cache.source"]


class ResourceCalendarLeaves(models.Model):
    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "gendan.registry.cache.source"]
