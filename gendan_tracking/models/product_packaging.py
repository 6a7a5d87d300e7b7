from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class ProductPackaging(models.Model):
    _inherit = "product.packaging"

    gendan_tare_weight = fields.Float(
        string="Carton Tare Weight",
        digits="Stock Weight",
        help="Weight of one empty carton, added to the net weight on packing lists.",
    )
    gendan_carton_volume = fields.Float(
        string="Carton Volume",
        digits="Volume",
        help="Outer volume of one carton, used on packing lists.",
    )

    @api.constrains("gendan_tare_weight", "gendan_carton_volume")
    def _check_gendan_carton_measures(self):
        for packaging in self:
            if packaging.gendan_tare_weight < 0 or packaging.gendan_carton_volume < 0:
                raise ValidationError(
                    _(
                        "Packaging %(name)s: carton weight and volume cannot be "
                        "negative.",
                        name=packaging.name,
                    )
                )
