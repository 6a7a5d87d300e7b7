from contextlib import contextmanager

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.float_utils import float_compare

from .. import scoring

# Templates whose weights are checked at the end of the change in progress
# (in the transaction's scratch data, which no client can set).
PENDING_WEIGHTS = "gendan_appraisal.template_weights_pending"


class GendanAppraisalTemplate(models.Model):
    _name = "gendan.appraisal.template"
    _description = "Appraisal Template"
    _inherit = ["mail.thread"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    is_default = fields.Boolean(
        string="Default",
        tracking=True,
        help="The monthly scheduled action creates scorecards with the default "
        "template of each company.",
    )
    company_id = fields.Many2one("res.company", tracking=True, index=True)
    line_ids = fields.One2many(
        "gendan.appraisal.template.line", "template_id", string="Indicators", copy=True
    )
    grade_ids = fields.One2many(
        "gendan.appraisal.template.grade", "template_id", string="Grades", copy=True
    )
    competency_ids = fields.One2many(
        "gendan.appraisal.template.competency",
        "template_id",
        string="Expected Competencies",
        copy=True,
    )
    total_weight = fields.Float(compute="_compute_total_weight")

    @api.depends("line_ids.weight")
    def _compute_total_weight(self):
        for template in self:
            template.total_weight = sum(template.line_ids.mapped("weight"))

    @api.constrains("line_ids")
    def _check_weights(self):
        for template in self:
            if not template.line_ids:
                raise ValidationError(
                    _(
                        "The appraisal scheme %(name)s has no indicators: add "
                        "indicators whose weights add up to 100.",
                        name=template.name,
                    )
                )
            total = sum(template.line_ids.mapped("weight"))
            if float_compare(total, 100.0, precision_digits=2):
                raise ValidationError(
                    _(
                        "The weights of template %(name)s add up to %(total)s; "
                        "they must add up to 100.",
                        name=template.name,
                        total=round(total, 2),
                    )
                )

    def _check_weights_soon(self):
        """Check the weights now, or at the end of the template change in
        progress when there is one (see :meth:`_weights_checked_at_end`)."""
        pending = self.env.cr.precommit.data.get(PENDING_WEIGHTS)
        if pending is None:
            self._check_weights()
        else:
            pending.update(self.ids)

    @contextmanager
    def _weights_checked_at_end(self):
        """Defer the line-level weight checks to the end of the outermost
        change: a template saved with its lines changes, adds and removes them
        one by one, and the sums in between do not add up to 100."""
        data = self.env.cr.precommit.data
        outermost = PENDING_WEIGHTS not in data
        if outermost:
            data[PENDING_WEIGHTS] = set()
        try:
            yield
        finally:
            pending = data.pop(PENDING_WEIGHTS, ()) if outermost else ()
        if pending:
            self.browse(pending).exists()._check_weights()

    @api.model_create_multi
    def create(self, vals_list):
        with self._weights_checked_at_end():
            templates = super().create(vals_list)
            # the constraint on line_ids does not run when no line is given
            templates.filtered(lambda template: not template.line_ids)._check_weights()
        return templates

    def write(self, vals):
        with self._weights_checked_at_end():
            return super().write(vals)

    @api.model
    def _get_default(self, company):
        """Default template of ``company`` (its own first, then a shared one)."""
        return self.search(
            [("is_default", "=", True), ("company_id", "in", [company.id, False])],
            order="company_id, sequence, id",
            limit=1,
        )

    def _grade(self, total):
        self.ensure_one()
        grades = [(grade.grade, grade.minimum) for grade in self.grade_ids]
        return scoring.grade_for(total, grades or scoring.DEFAULT_GRADES)
