"""Quality on the judged set: the targets of issue 11 stay met (docs/matching.md, Measurements).

The set lives in the workplace's shared folder, beside the repository (``../shared/judged``);
without it there is nothing to measure.
"""

from pathlib import Path

import pytest

from benchmarks.quality import evaluate_judged
from matching.engine import Weights

JUDGED = Path(__file__).resolve().parents[3].parent / "shared" / "judged" / "dev.json"


@pytest.mark.skipif(not JUDGED.exists(), reason=f"no judged set at {JUDGED}")
def test_default_weights_rank_like_the_coordinator():
    result = evaluate_judged(Weights(), JUDGED)
    assert result["ndcg_at_5"] >= 0.82
    assert result["p_at_1"] >= 0.95
    assert result["rule_breaks"] == 0
