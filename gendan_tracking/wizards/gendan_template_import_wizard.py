from odoo import Command, _, api, fields, models
from odoo.exceptions import UserError

from ..models.gendan_milestone_template import (
    AUTO_RULE_SELECTION,
    CATEGORY_SELECTION,
    RESPONSIBLE_SELECTION,
)
from ..tools import planner, ta_sheet
from .gendan_ta_import_wizard import read_workbook

SELECTION_COLUMNS = ("category", "anchor", "responsible", "auto_rule")
INTEGER_COLUMNS = ("offset_days", "lag_days")
ANCHOR_SELECTION = [
    ("order_date", "Order date"),
    ("commitment_date", "Commitment date"),
]


class GendanTemplateImportWizard(models.TransientModel):
    """Create a T&A template from a sheet with one row per line (the layout of
    ``report.gendan_tracking.template_xlsx``, whose export is the sample):
    *Preview* checks every row, *Import* creates the template, its lines and
    their predecessors, only when no row has an error."""

    _name = "gendan.template.import.wizard"
    _description = "Import a T&A Template"

    file = fields.Binary(string="Excel File", attachment=False)
    filename = fields.Char()
    name = fields.Char(
        string="Template Name", help="Default: the name of the sheet's tab."
    )
    company_id = fields.Many2one(
        "res.company", default=lambda self: self.env.company, required=True
    )
    state = fields.Selection(
        [("upload", "Upload"), ("preview", "Preview")],
        default="upload",
        required=True,
    )
    line_ids = fields.One2many(
        "gendan.template.import.wizard.line",
        "wizard_id",
        string="Preview",
        readonly=True,
    )
    error_count = fields.Integer(compute="_compute_error_count")

    @api.depends("line_ids.error")
    def _compute_error_count(self):
        for wizard in self:
            wizard.error_count = len(wizard.line_ids.filtered("error"))

    @api.onchange("file")
    def _onchange_file(self):
        self.state = "upload"
        self.line_ids = [Command.clear()]

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_preview(self):
        self.ensure_one()
        title, rows = self._template_check()
        self.line_ids.unlink()
        self.env["gendan.template.import.wizard.line"].create(
            [self._template_line_preview(row) for row in rows]
        )
        self.write({"state": "preview", "name": self.name or title})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Import a T&A Template"),
            "context": dict(self.env.context, dialog_size="extra-large"),
        }

    def action_import(self):
        """The template, its lines and their predecessors, or nothing."""
        self.ensure_one()
        title, rows = self._template_check()
        errors = [row for row in rows if row["errors"]]
        if errors:
            raise UserError(
                _(
                    "The sheet has %(count)s row(s) with errors; nothing was "
                    "created. First: row %(row)s: %(message)s",
                    count=len(errors),
                    row=errors[0]["row"],
                    message="; ".join(errors[0]["errors"]),
                )
            )
        if not rows:
            raise UserError(_("The sheet has no line to import."))
        Template = self.env["gendan.milestone.template"]
        Template.check_access("create")
        template = Template.create(
            {
                "name": self.name or title,
                "company_id": self.company_id.id,
                "line_ids": [
                    Command.create(self._template_line_values(row, sequence))
                    for sequence, row in enumerate(rows, start=1)
                ],
            }
        )
        lines = template.line_ids.sorted("sequence")
        for row, line in zip(rows, lines, strict=True):
            if row["predecessors"]:
                line.predecessor_ids = [
                    Command.set([lines[index].id for index in row["predecessors"]])
                ]
        return {
            "type": "ir.actions.act_window",
            "res_model": "gendan.milestone.template",
            "res_id": template.id,
            "view_mode": "form",
            "target": "current",
        }

    def action_download_sample(self):
        """The sample sheet: the export of the company's default template
        (else the first one), in the very format this wizard reads."""
        template = self.env.company.gendan_default_template_id or self.env[
            "gendan.milestone.template"
        ].search([], limit=1)
        if not template:
            raise UserError(_("There is no T&A template to export as a sample."))
        return self.env.ref(
            "gendan_tracking.gendan_template_xlsx_action"
        ).report_action(template, config=False)

    # ------------------------------------------------------------------
    # Reading the sheet
    # ------------------------------------------------------------------

    def _template_line_values(self, row, sequence):
        values = {
            "name": row["name"],
            "sequence": sequence * 10,
            "category": row["category"] or "order",
            "anchor": row["anchor"] or "order_date",
            "offset_days": row["offset_days"] or 0,
            "responsible": row["responsible"] or "merchandiser",
            "lag_days": row["lag_days"] or 0,
            "auto_rule": row["auto_rule"] or "none",
        }
        if row["customer_visible"] is not None:
            values["customer_visible"] = row["customer_visible"]
        return values

    def _template_line_preview(self, row):
        return {
            "wizard_id": self.id,
            "row": row["row"],
            "name": row["name"],
            "category": row["category"],
            "anchor": row["anchor"],
            "offset_days": row["offset_days"] or 0,
            "responsible": row["responsible"],
            "predecessors": row["predecessor_text"],
            "lag_days": row["lag_days"] or 0,
            "auto_rule": row["auto_rule"],
            "error": "; ".join(row["errors"]) or False,
        }

    def _template_vocabulary(self):
        """``{column: {normalized key or label: key}}`` of the selection
        columns, labels in English and in the user's language; and the
        column of each header (technical key or title, in either)."""
        Line = self.env["gendan.milestone.template.line"]
        report = self.env["report.gendan_tracking.template_xlsx"]
        vocabulary = {column: {} for column in SELECTION_COLUMNS}
        headers = {ta_sheet.normalize(key): key for key in ta_sheet.TEMPLATE_COLUMNS}
        headers[ta_sheet.normalize("offset")] = "offset_days"
        headers[ta_sheet.normalize("lag")] = "lag_days"
        for lang in {"en_US", self.env.lang or "en_US"}:
            env = self.with_context(lang=lang).env
            for column in SELECTION_COLUMNS:
                for key, label in Line._fields[column]._description_selection(env):
                    vocabulary[column][ta_sheet.normalize(key)] = key
                    vocabulary[column][ta_sheet.normalize(label)] = key
            for key, title, _width in report.with_env(env)._template_columns():
                headers[ta_sheet.normalize(title)] = key
            for yes in (env._("Yes"), "yes", "true", "1", "x", "y"):
                vocabulary.setdefault("yes", set()).add(ta_sheet.normalize(yes))
            for no in (env._("No"), "no", "false", "0", "n"):
                vocabulary.setdefault("no", set()).add(ta_sheet.normalize(no))
        return vocabulary, headers

    def _template_sheet(self):
        """``(tab title, [(row number, {column: value})])`` of the first sheet."""
        workbook = read_workbook(self.env, self.file)
        try:
            sheet = workbook.worksheets[0]
            title = sheet.title
            rows = list(sheet.iter_rows(values_only=True))
        finally:
            workbook.close()
        _vocabulary, headers = self._template_vocabulary()
        header = rows[0] if rows else ()
        columns = {
            col: headers[ta_sheet.normalize(value)]
            for col, value in enumerate(header)
            if not ta_sheet.is_empty(value) and ta_sheet.normalize(value) in headers
        }
        if "name" not in columns.values():
            raise UserError(
                _(
                    "The first row of the sheet must hold the column titles "
                    "(Name, Category, Anchor, Offset (days), Responsible, "
                    "Predecessors, Lag (working days), Auto Rule): download the "
                    "sample to see them."
                )
            )
        data = []
        for number, values in enumerate(rows[1:], start=2):
            cells = {
                key: values[col] if col < len(values) else None
                for col, key in columns.items()
            }
            if all(ta_sheet.is_empty(value) for value in cells.values()):
                continue
            data.append((number, cells))
        return title, data

    def _template_check(self):
        """Every row read and checked: ``(tab title, rows)``; a row is a dict
        with the line's values, ``predecessors`` (indexes of other rows) and
        ``errors`` (messages)."""
        self.ensure_one()
        title, data = self._template_sheet()
        vocabulary, _headers = self._template_vocabulary()
        rows = []
        for number, cells in data:
            row = {"row": number, "errors": [], "predecessors": []}
            name = cells.get("name")
            row["name"] = str(name).strip() if not ta_sheet.is_empty(name) else ""
            if not row["name"]:
                row["errors"].append(_("The name is missing."))
            for column in SELECTION_COLUMNS:
                value = cells.get(column)
                row[column] = False
                if ta_sheet.is_empty(value):
                    continue
                key = vocabulary[column].get(ta_sheet.normalize(value))
                if key:
                    row[column] = key
                else:
                    row["errors"].append(self._template_unknown(column, value))
            for column in INTEGER_COLUMNS:
                value = cells.get(column)
                row[column] = 0
                if ta_sheet.is_empty(value):
                    continue
                try:
                    number_value = float(str(value).strip())
                except ValueError:
                    number_value = None
                if number_value is None or number_value != int(number_value):
                    row["errors"].append(
                        _("%(value)s is not a whole number of days.", value=value)
                    )
                    continue
                row[column] = int(number_value)
            if row["lag_days"] < 0:
                row["errors"].append(_("The lag cannot be negative."))
            visible = cells.get("customer_visible")
            row["customer_visible"] = None
            if not ta_sheet.is_empty(visible):
                text = ta_sheet.normalize(visible)
                if visible is True or text in vocabulary["yes"]:
                    row["customer_visible"] = True
                elif visible is False or text in vocabulary["no"]:
                    row["customer_visible"] = False
                else:
                    row["errors"].append(
                        _(
                            "Customer visible: write Yes or No, not %(value)s.",
                            value=visible,
                        )
                    )
            row["predecessor_text"] = (
                ""
                if ta_sheet.is_empty(cells.get("predecessors"))
                else str(cells["predecessors"]).strip()
            )
            rows.append(row)
        self._template_check_predecessors(rows)
        return title, rows

    def _template_unknown(self, column, value):
        if column == "category":
            return _("Unknown category %(value)s.", value=value)
        if column == "anchor":
            return _("Unknown anchor %(value)s.", value=value)
        if column == "responsible":
            return _("Unknown responsible %(value)s.", value=value)
        return _("Unknown auto rule %(value)s.", value=value)

    def _template_check_predecessors(self, rows):
        """Predecessors named by other rows, unambiguous, without a cycle."""
        by_name = {}
        for index, row in enumerate(rows):
            by_name.setdefault(ta_sheet.normalize(row["name"]), []).append(index)
        for index, row in enumerate(rows):
            for name in ta_sheet.split_names(row["predecessor_text"]):
                found = by_name.get(ta_sheet.normalize(name), [])
                if not found:
                    row["errors"].append(
                        _(
                            "Unknown predecessor %(name)s: no row has this name.",
                            name=name,
                        )
                    )
                elif len(found) > 1:
                    row["errors"].append(
                        _(
                            "Several rows are named %(name)s: rename them to use "
                            "one as a predecessor.",
                            name=name,
                        )
                    )
                elif found[0] == index:
                    row["errors"].append(_("A line cannot be its own predecessor."))
                elif found[0] not in row["predecessors"]:
                    row["predecessors"].append(found[0])
        cycle = planner.find_cycle(
            {index: row["predecessors"] for index, row in enumerate(rows)}
        )
        if cycle:
            message = _(
                "The predecessors form a cycle: %(cycle)s.",
                cycle=" → ".join(rows[index]["name"] for index in cycle),
            )
            for index in set(cycle):
                rows[index]["errors"].append(message)


class GendanTemplateImportWizardLine(models.TransientModel):
    _name = "gendan.template.import.wizard.line"
    _description = "T&A Template Import Line"
    _order = "wizard_id, row, id"

    wizard_id = fields.Many2one(
        "gendan.template.import.wizard", required=True, ondelete="cascade", index=True
    )
    row = fields.Integer()
    name = fields.Char()
    category = fields.Selection(CATEGORY_SELECTION)
    anchor = fields.Selection(ANCHOR_SELECTION)
    offset_days = fields.Integer(string="Offset (days)")
    responsible = fields.Selection(RESPONSIBLE_SELECTION)
    predecessors = fields.Char()
    lag_days = fields.Integer(string="Lag (working days)")
    auto_rule = fields.Selection(AUTO_RULE_SELECTION)
    error = fields.Char()
