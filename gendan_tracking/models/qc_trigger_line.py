"""Whether any quality trigger line exists is cached (``qc.trigger.
_gendan_has_trigger_lines``): creating, changing or deleting one clears the
cache.

``quality_control_stock_oca`` looks up the trigger lines of every product of
every stock move that is confirmed, a few queries per move, even where no
trigger line exists at all (most databases: inspections are made by hand or
from the order's follow-up). The stock move skips that lookup then
(``stock_move.py``)."""

from odoo import api, models, tools

TRIGGER_LINE_MODELS = (
    "qc.trigger.product_category_line",
    "qc.trigger.product_template_line",
    "qc.trigger.product_line",
)


class QcTrigger(models.Model):
    _inherit = "qc.trigger"

    @api.model
    @tools.ormcache()
    def _gendan_has_trigger_lines(self):
        """True when any product, template or category trigger line exists."""
        return any(
            self.env[model]
            .sudo()
            .with_context(active_test=False)
            .search_count([], limit=1)
            for model in TRIGGER_LINE_MODELS
        )


class QcTriggerProductCategoryLine(models.Model):
    _name = "qc.trigger.product_category_line"
    _inherit = ["qc.trigger.product_category_line", "gendan.registry.cache.source"]


class QcTriggerProductTemplateLine(models.Model):
    _name = "qc.trigger.product_template_line"
    _inherit = ["qc.trigger.product_template_line", "gendan.registry.cache.source"]


class QcTriggerProductLine(models.Model):
    _name = "qc.trigger.product_line"
    _inherit = ["qc.trigger.product_line", "gendan.registry.cache.source"]
