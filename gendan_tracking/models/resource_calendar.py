"""Working days are cached per company (``res.company.
_gendan_working_calendars``): a change of a calendar, its attendances or its
leaves clears the cache."""

from odoo import api, models


def _cleared(records):
    records.env.registry.clear_cache()
    return records


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    @api.model_create_multi
    def create(self, vals_list):
        return _cleared(super().create(vals_list))

    def write(self, vals):
        _cleared(self)
        return super().write(vals)

    def unlink(self):
        _cleared(self)
        return super().unlink()


class ResourceCalendarAttendance(models.Model):
    _inherit = "resource.calendar.attendance"

    @api.model_create_multi
    def create(self, vals_list):
        return _cleared(super().create(vals_list))

    def write(self, vals):
        _cleared(self)
        return super().write(vals)

    def unlink(self):
        _cleared(self)
        return super().unlink()


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    @api.model_create_multi
    def create(self, vals_list):
        return _cleared(super().create(vals_list))

    def write(self, vals):
        _cleared(self)
        return super().write(vals)

    def unlink(self):
        _cleared(self)
        return super().unlink()
