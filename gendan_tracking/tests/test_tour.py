from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install", "gendan_browser")
class TestMenuTour(HttpCase):
    def test_merchandiser_reaches_menu(self):
        mail_new_test_user(
            self.env,
            login="tour_merch",
            password="tour_merch",
            name="Tour Merchandiser",
            groups="gendan_tracking.group_merchandiser",
        )
        self.start_tour("/odoo", "gendan_tracking_menu_tour", login="tour_merch")
