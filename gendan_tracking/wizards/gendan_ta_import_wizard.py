import base64
import io
import zipfile
from collections import defaultdict

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..models.gendan_milestone import DELAY_REASONS, OPEN_STATES
from ..tools import dates, ta_sheet

LINE_KINDS = [
    ("change", "Change"),
    ("push", "Pushed"),
    ("warning", "Warning"),
    ("error", "Error"),
]


def read_workbook(env, data):
    """An openpyxl workbook (read-only, values not formulas) from the bytes
    of an upload, or a clear error."""
    if not data:
        raise UserError(env._("Choose the Excel file (.xlsx) to import."))
    try:
        return load_workbook(
            io.BytesIO(base64.b64decode(data)), read_only=True, data_only=True
        )
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise UserError(
            env._("This file cannot be read: save it as an Excel workbook (.xlsx).")
        ) from None


class GendanTaImportWizard(models.TransientModel):
    """Import the buyer's T&A calendar (``report.gendan_tracking.ta_calendar_xlsx``)
    back: *Preview* lists every change the sheet makes, the successors they
    push and every error; *Apply*, offered only without error, replans all
    the changes at once through ``gendan.milestone._gendan_replan`` (as the
    timeline's drag does). Only planned dates are applied: actual dates come
    from the events, a changed one is a warning."""

    _name = "gendan.ta.import.wizard"
    _description = "Import a T&A Calendar"

    file = fields.Binary(string="Excel File", attachment=False)
    filename = fields.Char()
    state = fields.Selection(
        [("upload", "Upload"), ("preview", "Preview")],
        default="upload",
        required=True,
    )
    line_ids = fields.One2many(
        "gendan.ta.import.wizard.line", "wizard_id", string="Preview", readonly=True
    )
    change_count = fields.Integer(compute="_compute_counts")
    push_count = fields.Integer(compute="_compute_counts")
    warning_count = fields.Integer(compute="_compute_counts")
    error_count = fields.Integer(compute="_compute_counts")
    needs_reason = fields.Boolean(
        readonly=True,
        help="A milestone shown to the customer moves later: the reason of the "
        "delay is required.",
    )
    delay_reason = fields.Selection(DELAY_REASONS)
    delay_note = fields.Text()

    @api.depends("line_ids.kind")
    def _compute_counts(self):
        for wizard in self:
            kinds = defaultdict(int)
            for line in wizard.line_ids:
                kinds[line.kind] += 1
            wizard.change_count = kinds["change"]
            wizard.push_count = kinds["push"]
            wizard.warning_count = kinds["warning"]
            wizard.error_count = kinds["error"]

    @api.onchange("file")
    def _onchange_file(self):
        self.state = "upload"
        self.line_ids = [fields.Command.clear()]
        self.needs_reason = False

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------

    def action_preview(self):
        self.ensure_one()
        _changes, lines, needs_reason = self._ta_check()
        self.line_ids.unlink()
        self.env["gendan.ta.import.wizard.line"].create(
            [dict(line, wizard_id=self.id) for line in lines]
        )
        self.write({"state": "preview", "needs_reason": needs_reason})
        return self._ta_reopen()

    def action_apply(self):
        """Replan every change of the sheet, or nothing: refused while the
        sheet has an error, or when it no longer gives the changes previewed."""
        self.ensure_one()
        changes, lines, needs_reason = self._ta_check()
        errors = [line for line in lines if line["kind"] == "error"]
        if errors:
            raise UserError(
                _(
                    "The sheet has %(count)s error(s); nothing was saved. Correct "
                    "them and preview again. First: row %(row)s: %(message)s",
                    count=len(errors),
                    row=errors[0]["row"],
                    message=errors[0]["message"],
                )
            )
        checked = {
            (line["milestone_id"], line.get("old_date") or False, line["new_date"])
            for line in lines
            if line["kind"] in ("change", "push")
        }
        previewed = {
            (line.milestone_id.id, line.old_date, line.new_date)
            for line in self.line_ids
            if line.kind in ("change", "push")
        }
        if self.state != "preview" or checked != previewed:
            raise UserError(
                _("The plans changed since the preview: preview the sheet again.")
            )
        if not changes:
            raise UserError(_("The sheet changes no planned date."))
        if needs_reason and not self.delay_reason:
            raise UserError(
                _(
                    "Milestones shown to the customer move later: give the reason "
                    "of the delay."
                )
            )
        moves = self.env["gendan.milestone"]._gendan_replan(
            changes,
            delay_reason=self.delay_reason or False,
            delay_note=self.delay_note or False,
        )
        orders = self.env["sale.order"].union(*(m.order_id for m in moves))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "message": _(
                    "%(milestones)s milestone(s) of %(orders)s order(s) replanned.",
                    milestones=len(moves),
                    orders=len(orders),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _ta_reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": _("Import T&A Calendar"),
            "context": dict(self.env.context, dialog_size="extra-large"),
        }

    # ------------------------------------------------------------------
    # Reading the sheet
    # ------------------------------------------------------------------

    def _ta_worksheet_rows(self):
        """``(order column, {column: milestone column key}, {milestone key:
        title}, [(row number, values)])`` of the sheet: the columns found by
        the hidden key row (``tools.ta_sheet``), wherever the buyer moved it."""
        workbook = read_workbook(self.env, self.file)
        try:
            for sheet in workbook.worksheets:
                rows = sheet.iter_rows(values_only=True)
                for index, values in enumerate(rows, start=1):
                    if index > 10:
                        break
                    if ta_sheet.MARKER in values:
                        return self._ta_sheet_layout(index, values, rows)
        finally:
            workbook.close()
        raise UserError(
            _(
                "This sheet is not a T&A calendar exported from Gendan (its hidden "
                "first row is missing): export the orders' T&A Calendar (Excel) "
                "and fill that sheet."
            )
        )

    def _ta_sheet_layout(self, key_row, keys, rows):
        order_col = keys.index(ta_sheet.MARKER)
        columns = {}
        for col, value in enumerate(keys):
            parts = ta_sheet.split_column_key(value)
            if parts:
                columns[col] = parts
        titles, data = {}, []
        for number, values in enumerate(rows, start=key_row + 1):
            if number == key_row + ta_sheet.TITLE_ROW - ta_sheet.KEY_ROW:
                for col, (kind, key) in columns.items():
                    if kind == ta_sheet.PLANNED and col < len(values) and values[col]:
                        titles[key] = str(values[col]).strip()
            elif number >= key_row + ta_sheet.FIRST_DATA_ROW - ta_sheet.KEY_ROW:
                if order_col < len(values) and not ta_sheet.is_empty(values[order_col]):
                    data.append((number, values))
        return order_col, columns, titles, data

    def _ta_date_formats(self):
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        return [lang.date_format] if lang and lang.date_format else []

    def _ta_load(self, names):
        """The orders named in the sheet that the user may see, and their
        milestones by (order id, milestone key): two queries."""
        orders = self.env["sale.order"].search_fetch(
            [("name", "in", list(names))], ["name", "date_order", "company_id"]
        )
        by_name = defaultdict(list)
        for order in orders:
            by_name[order.name].append(order)
        # keys of milestones without template line from their English name
        milestones = (
            self.env["gendan.milestone"]
            .with_context(lang="en_US")
            .search_fetch(
                [("order_id", "in", orders.ids)],
                [
                    "order_id",
                    "name",
                    "template_line_id",
                    "planned_date",
                    "actual_date",
                    "state",
                    "customer_visible",
                ],
                order="order_id, sequence, id",
            )
        )
        by_key = {}
        for milestone in milestones:
            key = ta_sheet.milestone_key(milestone.template_line_id.id, milestone.name)
            by_key.setdefault(
                (milestone.order_id.id, key), milestone.with_env(self.env)
            )
        return by_name, by_key

    def _ta_check(self):
        """Every cell of the sheet checked against the orders' plans:
        ``(changes {milestone: new date}, line values, needs a delay reason)``.
        Nothing is written."""
        self.ensure_one()
        order_col, columns, titles, data = self._ta_worksheet_rows()
        names = {str(values[order_col]).strip() for _number, values in data}
        by_name, by_key = self._ta_load(names)
        date_formats = self._ta_date_formats()
        changes, lines, seen = {}, [], {}
        order_days, order_rows = {}, {}

        def line(number, order_name, kind, message, **values):
            lines.append(
                dict(
                    values,
                    sequence=len(lines),
                    row=number,
                    order_name=order_name,
                    kind=kind,
                    message=message,
                )
            )

        for number, values in data:
            order_name = str(values[order_col]).strip()
            found = by_name.get(order_name, [])
            if len(found) != 1:
                line(
                    number,
                    order_name,
                    "error",
                    _(
                        "Unknown order %(order)s, or one you do not follow.",
                        order=order_name,
                    )
                    if not found
                    else _("Several orders are named %(order)s.", order=order_name),
                )
                continue
            order = found[0]
            if order_name in seen:
                line(
                    number,
                    order_name,
                    "error",
                    _(
                        "The order %(order)s is also on row %(row)s.",
                        order=order_name,
                        row=seen[order_name],
                    ),
                    order_id=order.id,
                )
                continue
            seen[order_name] = number
            order_rows[order.id] = number
            if order.id not in order_days:
                order_days[order.id] = order._gendan_order_day()
            for col, (kind, key) in columns.items():
                value = values[col] if col < len(values) else None
                self._ta_check_cell(
                    order,
                    order_days[order.id],
                    kind,
                    value,
                    by_key.get((order.id, key)),
                    titles.get(key) or key,
                    date_formats,
                    changes,
                    lambda kind, message, n=number, o=order_name, **v: line(
                        n, o, kind, message, **v
                    ),
                )
        moves = (
            self.env["gendan.milestone"]._gendan_replan_preview(changes)
            if changes
            else {}
        )
        for milestone_line in lines:
            milestone = milestone_line.get("milestone_id")
            if milestone_line["kind"] == "change" and milestone in moves:
                milestone_line["new_date"] = moves[milestone][1]
        pushed_label = self.env._("Pushed by its predecessors.")
        for milestone, (old, new) in moves.items():
            if milestone not in changes:
                lines.append(
                    {
                        "sequence": len(lines),
                        "row": order_rows.get(milestone.order_id.id, 0),
                        "order_name": milestone.order_id.name,
                        "order_id": milestone.order_id.id,
                        "milestone_id": milestone,
                        "milestone_name": milestone.name,
                        "old_date": old,
                        "new_date": new,
                        "kind": "push",
                        "message": pushed_label,
                    }
                )
        needs_reason = any(
            milestone.customer_visible and old and new > old
            for milestone, (old, new) in moves.items()
        )
        # each order's pushed milestones under its row's changes
        lines.sort(key=lambda line: (line["row"], line["sequence"]))
        for sequence, milestone_line in enumerate(lines):
            milestone_line["sequence"] = sequence
            if milestone_line.get("milestone_id"):
                milestone_line["milestone_id"] = milestone_line["milestone_id"].id
        return changes, lines, needs_reason

    def _ta_check_cell(
        self,
        order,
        order_day,
        kind,
        value,
        milestone,
        title,
        date_formats,
        changes,
        line,
    ):
        """One milestone cell: a change (added to ``changes``), a warning, an
        error, or nothing when the date is the one planned."""
        values = {"order_id": order.id, "milestone_name": title}
        if milestone:
            values["milestone_id"] = milestone
        try:
            day = ta_sheet.read_date(value, date_formats)
        except ta_sheet.UnreadableDate:
            if kind == ta_sheet.ACTUAL:
                line(
                    "warning",
                    _("Unreadable actual date %(value)s: not imported.", value=value),
                    **values,
                )
            else:
                line(
                    "error",
                    _(
                        "Unreadable date %(value)s: write a date, e.g. %(example)s.",
                        value=value,
                        example=fields.Date.to_string(order_day or dates.today(order)),
                    ),
                    **values,
                )
            return
        if not milestone:
            if day:
                line(
                    "error",
                    _(
                        "Unknown milestone %(milestone)s for the order %(order)s.",
                        milestone=title,
                        order=order.name,
                    ),
                    new_date=day if not dates.out_of_range(day) else False,
                    **values,
                )
            return
        if kind == ta_sheet.ACTUAL:
            # an empty cell says nothing (the sheet may be older than the event)
            if day and day != milestone.actual_date:
                line(
                    "warning",
                    _(
                        "Actual dates are recorded by the events, not imported: "
                        "this change is ignored."
                    ),
                    old_date=milestone.actual_date,
                    new_date=day if not dates.out_of_range(day) else False,
                    **values,
                )
            return
        old = milestone.planned_date or None
        if day is None:
            if old:
                line(
                    "warning",
                    _("The planned date was erased: it is kept."),
                    old_date=old,
                    **values,
                )
            return
        if day == old:
            return
        values["old_date"] = old
        if dates.out_of_range(day):
            line(
                "error",
                _(
                    "%(date)s is out of range: use a year between %(first)s and "
                    "%(last)s.",
                    date=day,
                    first=dates.MIN_YEAR,
                    last=dates.MAX_YEAR,
                ),
                **values,
            )
        elif order_day and day < order_day:
            line(
                "error",
                _(
                    "%(date)s is before the order date (%(order_date)s).",
                    date=day,
                    order_date=order_day,
                ),
                new_date=day,
                **values,
            )
        elif milestone.state not in OPEN_STATES:
            line(
                "error",
                _("This milestone is already done: its date cannot change.")
                if milestone.state == "done"
                else _("This milestone is skipped: its date cannot change."),
                new_date=day,
                **values,
            )
        else:
            changes[milestone] = day
            line("change", "", new_date=day, **values)


class GendanTaImportWizardLine(models.TransientModel):
    _name = "gendan.ta.import.wizard.line"
    _description = "T&A Calendar Import Line"
    _order = "wizard_id, sequence, id"

    wizard_id = fields.Many2one(
        "gendan.ta.import.wizard", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer()
    row = fields.Integer(
        help="Row of the sheet; a pushed milestone is shown on its order's row."
    )
    order_name = fields.Char(string="Order Reference")
    order_id = fields.Many2one("sale.order", string="Order")
    milestone_name = fields.Char(string="Milestone")
    milestone_id = fields.Many2one("gendan.milestone", string="Milestone Record")
    old_date = fields.Date(string="Old Date")
    new_date = fields.Date(string="New Date")
    kind = fields.Selection(LINE_KINDS, string="Status", required=True)
    message = fields.Char()
