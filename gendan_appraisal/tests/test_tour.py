import datetime

from odoo.tests import HttpCase, tagged

from odoo.addons.mail.tests.common import mail_new_test_user


@tagged("post_install", "-at_install", "gendan_browser")
class TestAppraisalTour(HttpCase):
    def test_merchandiser_self_review(self):
        merchandiser = mail_new_test_user(
            self.env,
            login="tour_appraisal_merch",
            password="tour_appraisal_merch",
            name="Tour Merchandiser",
            groups="gendan_tracking.group_merchandiser",
        )
        scorecard = self.env["gendan.appraisal"]._create_scorecards(
            datetime.date(2025, 3, 1), datetime.date(2025, 3, 31), users=merchandiser
        )
        self.start_tour(
            "/odoo/action-gendan_appraisal.gendan_appraisal_action_my",
            "gendan_appraisal_self_review_tour",
            login="tour_appraisal_merch",
        )
        self.assertEqual(scorecard.state, "review")
        self.assertEqual(
            scorecard.self_assessment, "Every order shipped on time this month."
        )
