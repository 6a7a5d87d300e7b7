import io

from openpyxl import load_workbook

from odoo.tests import tagged

from .common import MONTH_FROM, MONTH_TO, AppraisalCommon


@tagged("post_install", "-at_install")
class TestReports(AppraisalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        order = cls.make_order(commitment=cls.local(2025, 3, 10, 10))
        cls.deliver(order, 10, cls.local(2025, 3, 9, 10))
        Appraisal = cls.env["gendan.appraisal"]
        cls.scorecards = Appraisal._create_scorecards(
            MONTH_FROM, MONTH_TO, users=cls.merchandiser | cls.merchandiser2
        )
        cls.april = Appraisal._create_scorecards(
            MONTH_FROM.replace(month=4),
            MONTH_TO.replace(month=4, day=30),
            users=cls.merchandiser,
        )
        cls.mine = cls.scorecards.filtered(lambda a: a.user_id == cls.merchandiser)
        cls.mine.write(
            {
                "self_assessment": "Chased all suppliers on time",
                "reviewer_comment": "Keep the documents tidier",
            }
        )

    def test_scorecard_pdf_html(self):
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "gendan_appraisal.report_gendan_appraisal", self.mine.ids
            )[0]
            .decode()
        )
        self.assertIn("Merchandiser Scorecard", html)
        self.assertIn(self.merchandiser.name, html)
        self.assertIn("On-Time In-Full Delivery Rate", html)
        self.assertIn("Chased all suppliers on time", html)
        self.assertIn("Keep the documents tidier", html)
        self.assertIn("Merchandiser signature", html)
        self.assertIn("Reviewer signature", html)
        self.assertIn("N/A", html)
        # one presentation on the form and in the PDF: the line's value text
        for line in self.mine.line_ids:
            self.assertIn(line.value_display, html)
        na = self.mine.line_ids.filtered(lambda line: not line.applicable)[:1]
        self.assertEqual(na.value_display, "N/A")
        self.assertIn("%.2f" % self.mine.total_score, html)

    def test_team_xlsx(self):
        content, report_type = self.env["ir.actions.report"]._render_xlsx(
            "gendan_appraisal.team_xlsx", (self.scorecards | self.april).ids, {}
        )
        self.assertEqual(report_type, "xlsx")
        workbook = load_workbook(io.BytesIO(content))
        self.assertEqual(workbook.sheetnames, ["2025-03", "2025-04"])
        sheet = workbook["2025-03"]
        rows = list(sheet.iter_rows(values_only=True))
        header = rows[0]
        self.assertEqual(header[0], "Merchandiser")
        self.assertIn("On-Time In-Full Delivery Rate", header)
        self.assertIn("Initiative", header)
        self.assertEqual(header[-2:], ("Total Score", "Grade"))
        self.assertEqual(len(header), 3 + len(self.template.line_ids) + 2)
        by_user = {row[0]: row for row in rows[1:]}
        self.assertEqual(
            set(by_user), {self.merchandiser.name, self.merchandiser2.name}
        )
        mine = by_user[self.merchandiser.name]
        otif_col = header.index("On-Time In-Full Delivery Rate")
        self.assertEqual(mine[otif_col], 100.0)
        self.assertEqual(by_user[self.merchandiser2.name][otif_col], "N/A")
        self.assertAlmostEqual(mine[-2], self.mine.total_score, places=2)
        self.assertEqual(len(list(workbook["2025-04"].iter_rows())), 2)
