"""Cross-module end-to-end scenarios (only pytest-odoo runs this folder)."""

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestModulesInstalled(TransactionCase):
    def test_both_modules_installed(self):
        modules = self.env["ir.module.module"].search(
            [("name", "in", ("gendan_tracking", "gendan_appraisal"))]
        )
        self.assertEqual(set(modules.mapped("state")), {"installed"})
        self.assertEqual(len(modules), 2)
