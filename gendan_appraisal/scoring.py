"""Pure scoring functions of the merchandiser appraisal.

No ORM here: the models pass plain values in and store what comes out, so the
arithmetic can be unit-tested on its own (see ``tests/test_scoring.py``).
"""

from collections import namedtuple

HIGHER = "higher"
LOWER = "lower"

DEFAULT_GRADES = (("S", 95.0), ("A", 85.0), ("B", 70.0), ("C", 60.0), ("D", 0.0))

LineInput = namedtuple("LineInput", "key weight score applicable")
LineResult = namedtuple("LineResult", "key score weighted_score")


def clamp(value, lower=0.0, upper=1.0):
    """Bound ``value`` to ``[lower, upper]``."""
    return max(lower, min(upper, value))


def linear_score(value, target, floor):
    """100 × clamp((value − floor) ÷ (target − floor), 0, 1).

    The same formula serves "lower is better" indicators, whose floor is above
    their target. ``target == floor`` is meaningless and rejected.
    """
    if target == floor:
        raise ValueError("target equals floor")
    return 100.0 * clamp((value - floor) / (target - floor))


def bands_are_monotonic(bands, direction):
    """``bands`` is an iterable of (threshold, score). True when thresholds are
    distinct and the score never gets worse as the threshold gets better."""
    ordered = sorted(bands, key=lambda band: band[0])
    thresholds = [threshold for threshold, _score in ordered]
    if len(set(thresholds)) != len(thresholds):
        return False
    scores = [score for _threshold, score in ordered]
    if direction == LOWER:
        scores.reverse()
    return all(low <= high for low, high in zip(scores, scores[1:], strict=False))


def band_score(value, bands, direction):
    """Score of the best threshold ``value`` reaches (``value >= threshold`` when
    higher is better, ``value <= threshold`` when lower is better); 0 if none."""
    if direction == LOWER:
        reached = [score for threshold, score in bands if value <= threshold]
    else:
        reached = [score for threshold, score in bands if value >= threshold]
    return clamp(float(max(reached)), 0.0, 100.0) if reached else 0.0


def indicator_score(value, scoring, direction, target=None, floor=None, bands=()):
    """Score 0–100 of one indicator value with its scoring rule."""
    if scoring == "bands":
        return band_score(value, bands, direction)
    return linear_score(value, target, floor)


def weighted_scores(lines):
    """Re-normalise the weights over the applicable lines.

    ``lines`` are :class:`LineInput`. Returns ``(total, [LineResult])`` where a
    line's weighted score is score × weight ÷ Σ(applicable weights), 0 for lines
    that do not apply, so that the weighted scores add up to the total.
    """
    applicable_weight = sum(line.weight for line in lines if line.applicable)
    results = []
    total = 0.0
    for line in lines:
        if line.applicable and applicable_weight:
            weighted = line.score * line.weight / applicable_weight
            score = line.score
        else:
            weighted = 0.0
            score = line.score if line.applicable else 0.0
        total += weighted
        results.append(LineResult(line.key, score, weighted))
    return total, results


def grade_for(total, grades=DEFAULT_GRADES):
    """Grade of ``total``: the grade with the highest minimum ``total`` reaches.
    ``grades`` are (grade, minimum) pairs in any order."""
    for grade, minimum in sorted(grades, key=lambda item: item[1], reverse=True):
        if total >= minimum:
            return grade
    return False


def is_outlier(score, team_scores, tolerance=20.0):
    """True when ``score`` is more than ``tolerance`` points from the mean of
    ``team_scores`` (which include it). No team, no outlier."""
    if len(team_scores) < 2:
        return False
    mean = sum(team_scores) / len(team_scores)
    return abs(score - mean) > tolerance
