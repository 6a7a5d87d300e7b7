from odoo import _, api, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    _inherit = "product.template"

    @api.constrains("weight", "volume")
    def _check_gendan_weight_volume(self):
        for template in self:
            if template.weight < 0 or template.volume < 0:
                raise ValidationError(
                    _(
                        "Product %(name)s: weight and volume cannot be negative.",
                        name=template.name,
                    )
                )
