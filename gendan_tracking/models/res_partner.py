from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        result = super().write(vals)
        # the companies' timezones are cached (res.company._gendan_tz_name)
        if "tz" in vals:
            self.env.registry.clear_cache()
        return result
