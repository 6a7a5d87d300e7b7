from odoo import api, models


class ClearsWorkingCalendars(models.AbstractModel):
    """Working days are cached per company (``res.company.
    _gendan_working_calendars``): a change of a calendar, its attendances or
    its leaves clears the cache."""

    _name = "gendan.working.calendar.source"
    _description = "Source of the Working Calendars"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        result = super().write(vals)
        self.env.registry.clear_cache()
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()
        return result


class ResourceCalendar(models.Model):
    _name = "resource.calendar"
    _inherit = ["resource.calendar", "gendan.working.calendar.source"]


class ResourceCalendarAttendance(models.Model):
    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "gendan.working.calendar.source"]


class ResourceCalendarLeaves(models.Model):
    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "gendan.working.calendar.source"]
