"""The claims registry: unique ids, every claim re-drawn on another plan, a changed verdict fails the CLI."""

import pytest

from lrdecay_lessons.errors import InvalidParameterError
from lrdecay_lessons.experiments import CHAPTER_PLAN, CHECK_PLAN, Claim, all_claims, recheck
from lrdecay_lessons.experiments import claims as claims_module


def test_the_check_plan_shares_no_seed_with_the_chapters():
    chapter = set(CHAPTER_PLAN.tuning) | set(CHAPTER_PLAN.evaluation)
    check = set(CHECK_PLAN.tuning) | set(CHECK_PLAN.evaluation)
    assert not chapter & check


def test_every_claim_is_complete():
    registry = all_claims()
    assert registry, "no claim registered"
    for claim_id, claim in registry.items():
        assert claim.id == claim_id and claim.chapter.isdigit() and len(claim.chapter) == 2
        assert claim.statement and claim.verdict and callable(claim.check)


def test_recheck_reports_held_and_changed(monkeypatch):
    fake = {"a": Claim("a", "01", "A is lower", "A lower", lambda plan: "A lower"),
            "b": Claim("b", "01", "B is lower", "B lower", lambda plan: "not separated")}
    monkeypatch.setattr(claims_module, "all_claims", lambda: fake)
    results = recheck(CHECK_PLAN)
    assert [r.held for r in results] == [True, False]
    assert claims_module.main(["--tuning", "100", "--evaluation", "1", "2", "3", "4", "5"]) == 1
    assert claims_module.main(["a", "--tuning", "100", "--evaluation", "1", "2", "3", "4", "5"]) == 0


def test_unknown_ids_and_too_few_seeds_are_named(monkeypatch, capsys):
    with pytest.raises(InvalidParameterError, match="ids must be claims of the course"):
        recheck(CHECK_PLAN, ["no-such-claim"])
    assert claims_module.main(["--evaluation", "1", "2"]) == 2
    assert "evaluation must hold at least 5 different seeds" in capsys.readouterr().err
