from odoo.tests import BaseCase, tagged

from odoo.addons.gendan_appraisal import scoring


@tagged("post_install", "-at_install")
class TestScoring(BaseCase):
    def test_linear_higher_is_better(self):
        self.assertAlmostEqual(scoring.linear_score(95, target=95, floor=60), 100.0)
        self.assertAlmostEqual(scoring.linear_score(60, target=95, floor=60), 0.0)
        self.assertAlmostEqual(scoring.linear_score(77.5, target=95, floor=60), 50.0)

    def test_linear_lower_is_better(self):
        # lower is better: floor above target, same formula
        self.assertAlmostEqual(scoring.linear_score(0, target=0, floor=10), 100.0)
        self.assertAlmostEqual(scoring.linear_score(2.5, target=0, floor=10), 75.0)
        self.assertAlmostEqual(scoring.linear_score(10, target=0, floor=10), 0.0)

    def test_linear_clamps(self):
        self.assertEqual(scoring.linear_score(120, target=95, floor=60), 100.0)
        self.assertEqual(scoring.linear_score(10, target=95, floor=60), 0.0)
        self.assertEqual(scoring.linear_score(-5, target=0, floor=10), 100.0)
        self.assertEqual(scoring.linear_score(40, target=0, floor=10), 0.0)

    def test_linear_target_equal_floor(self):
        with self.assertRaises(ValueError):
            scoring.linear_score(5, target=5, floor=5)

    def test_bands_higher(self):
        bands = [(80, 60), (90, 80), (98, 100)]
        self.assertEqual(scoring.band_score(99, bands, "higher"), 100)
        self.assertEqual(scoring.band_score(90, bands, "higher"), 80)
        self.assertEqual(scoring.band_score(85, bands, "higher"), 60)
        self.assertEqual(scoring.band_score(50, bands, "higher"), 0)

    def test_bands_lower(self):
        bands = [(4, 100), (24, 80), (48, 50), (72, 20)]
        self.assertEqual(scoring.band_score(3, bands, "lower"), 100)
        self.assertEqual(scoring.band_score(24, bands, "lower"), 80)
        self.assertEqual(scoring.band_score(30, bands, "lower"), 50)
        self.assertEqual(scoring.band_score(100, bands, "lower"), 0)

    def test_bands_monotonic(self):
        self.assertTrue(scoring.bands_are_monotonic([(4, 100), (24, 80)], "lower"))
        self.assertFalse(scoring.bands_are_monotonic([(4, 100), (24, 80)], "higher"))
        self.assertTrue(scoring.bands_are_monotonic([(80, 60), (90, 80)], "higher"))
        self.assertFalse(scoring.bands_are_monotonic([(80, 60), (80, 80)], "higher"))

    def test_renormalisation(self):
        lines = [
            scoring.LineInput("a", 50, 80.0, True),
            scoring.LineInput("b", 30, 100.0, True),
            scoring.LineInput("c", 20, 0.0, False),
        ]
        total, results = scoring.weighted_scores(lines)
        # (50 × 80 + 30 × 100) ÷ 80
        self.assertAlmostEqual(total, 87.5)
        weighted = {result.key: result.weighted_score for result in results}
        self.assertAlmostEqual(weighted["a"], 50.0)
        self.assertAlmostEqual(weighted["b"], 37.5)
        self.assertEqual(weighted["c"], 0.0)
        self.assertAlmostEqual(sum(weighted.values()), total)

    def test_nothing_applicable(self):
        total, results = scoring.weighted_scores(
            [scoring.LineInput("a", 100, 50.0, False)]
        )
        self.assertEqual(total, 0.0)
        self.assertEqual(results[0].weighted_score, 0.0)

    def test_grades(self):
        self.assertEqual(scoring.grade_for(95), "S")
        self.assertEqual(scoring.grade_for(94.99), "A")
        self.assertEqual(scoring.grade_for(85), "A")
        self.assertEqual(scoring.grade_for(70), "B")
        self.assertEqual(scoring.grade_for(60), "C")
        self.assertEqual(scoring.grade_for(59.9), "D")
        self.assertEqual(scoring.grade_for(50, [("Pass", 50), ("Fail", 0)]), "Pass")

    def test_outlier(self):
        self.assertTrue(scoring.is_outlier(100, [100, 50, 50]))
        self.assertFalse(scoring.is_outlier(70, [70, 60, 65]))
        self.assertFalse(scoring.is_outlier(100, [100]))
