"""Follow-up questions made whole by rules before retrieval (answer.followup)."""
from __future__ import annotations

import pytest

from answer import answer, rewrite_followup
from answer.followup import subject

PROCEDURE = [("村庄规划报批前要经过什么程序？", "村庄规划在报送审批前，应当经村民会议或者村民代表会议讨论同意。")]


@pytest.mark.parametrize(("question", "rewritten"), [
    ("那宅基地呢？", "宅基地报批前要经过什么程序？"),                 # a new topic, the rest of the question kept
    ("要公示多久？", "村庄规划要公示多久？"),                         # no subject: the earlier one goes in front
    ("由谁审批？", "村庄规划由谁审批？"),
    ("它要报谁批准", "村庄规划要报谁批准？"),                         # a pronoun stands for the subject
    ("它的期限是多少年", "村庄规划的期限是多少年？"),
    ("浙江呢？", "浙江村庄规划报批前要经过什么程序？"),               # a place alone adds the place
])
def test_a_follow_up_takes_the_earlier_questions_subject(question, rewritten):
    assert rewrite_followup(question, PROCEDURE) == rewritten


def test_a_place_replaces_the_earlier_place():
    history = [("绍兴村庄规划批准后多久要公布成果？", "")]
    assert rewrite_followup("那宁波呢？", history) == "宁波村庄规划批准后多久要公布成果？"
    assert rewrite_followup("那传统村落保护发展规划呢？", history) == "绍兴传统村落保护发展规划批准后多久要公布成果？"


@pytest.mark.parametrize("question", ["集体经营性建设用地可以出租吗？", "历史文化名村保护规划由谁编制？",
                                      "征地补偿安置方案要公告多久？"])
def test_a_question_with_its_own_subject_is_searched_as_asked(question):
    assert rewrite_followup(question, PROCEDURE) == question


def test_without_history_nothing_changes():
    assert rewrite_followup("那宅基地呢？", []) == "那宅基地呢？"


def test_follow_ups_chain_through_the_conversation():
    history = PROCEDURE + [("那宅基地呢？", "…")]
    assert rewrite_followup("要公示多久？", history) == "宅基地要公示多久？"


def test_subject_is_the_leading_nouns_with_the_place_apart():
    assert subject("绍兴村庄规划批准后多久要公布成果？") == ("绍兴", "村庄规划")
    assert subject("村庄规划报批前要经过什么程序？") == ("", "村庄规划")
    assert subject("要公示多久？") == ("", "")


def test_answer_searches_the_rewritten_follow_up(index):
    result = answer(index, "那宅基地呢？", history=PROCEDURE)
    assert result.question == "那宅基地呢？" and result.rewritten == "宅基地报批前要经过什么程序？"
    assert result.mode == "extractive"
    assert any("宅基地" in s.text for s in result.sentences)
    assert any("宅基地" in h.clause.text for h in result.hits[:3])
