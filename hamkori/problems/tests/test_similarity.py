"""Similarity across Kazakh, Russian, Tajik and English: near-duplicates rank their original
in the top 3 among distractors; hidden problems and duplicates never appear."""

from __future__ import annotations

import pytest

from hamkori.problems.selectors import problems_similar
from hamkori.problems.services import problem_hide, problem_mark_duplicate
from hamkori.problems.similarity import Index, concepts, fingerprint, normalise, parse, terms
from hamkori.problems.tests.factories import problem_make, state_official_make
from hamkori.problems.tests.similarity_corpus import (
    DISTRACTORS,
    KK_ORIGINAL_RU_DUPLICATE,
    RU_ORIGINAL_KK_DUPLICATE,
    TG_DUPLICATE_OF_RU,
)


def _corpus_index() -> Index:
    entries = [(i, fingerprint(t, d)) for i, (t, d, _, _) in enumerate(RU_ORIGINAL_KK_DUPLICATE)]
    entries += [
        (100 + i, fingerprint(t, d)) for i, (t, d, _, _) in enumerate(KK_ORIGINAL_RU_DUPLICATE)
    ]
    entries += [(1000 + i, fingerprint(t, d)) for i, (t, d) in enumerate(DISTRACTORS)]
    return Index(entries)


PAIRS = [(i, t, d) for i, (_, _, t, d) in enumerate(RU_ORIGINAL_KK_DUPLICATE)] + [
    (100 + i, t, d) for i, (_, _, t, d) in enumerate(KK_ORIGINAL_RU_DUPLICATE)
]


def test_corpus_is_big_enough():
    assert len(PAIRS) >= 30 and len(DISTRACTORS) >= 60 and len(TG_DUPLICATE_OF_RU) >= 3


@pytest.mark.parametrize(("original", "title", "description"), PAIRS)
def test_kazakh_and_russian_duplicates_rank_their_original_in_top_3(original, title, description):
    found = [pk for pk, _ in _INDEX.search(title, description, limit=3)]
    assert original in found


@pytest.mark.parametrize(("original", "title", "description"), TG_DUPLICATE_OF_RU)
def test_tajik_duplicates_rank_their_russian_original_in_top_3(original, title, description):
    found = [pk for pk, _ in _INDEX.search(title, description, limit=3)]
    assert original in found


def test_most_duplicates_rank_their_original_first():
    first = sum(_INDEX.search(t, d, limit=1)[0][0] == pk for pk, t, d in PAIRS)
    assert first >= 0.8 * len(PAIRS)


def test_normalise_folds_case_and_kazakh_tajik_letters():
    assert normalise("ҚАЗАҚ тілі, Ҳамкорӣ!") == ["казак", "тили", "хамкори"]
    assert concepts(normalise("Мүгедектерге пандус")) == {"disability": 2}
    # An exact stem does not swallow longer words: "су" (water) is not "суд" (court).
    assert "water" in concepts(normalise("ауылда су жоқ"))
    assert "water" not in concepts(normalise("суд отказал"))


def test_fingerprint_round_trips():
    stored = fingerprint("Нет воды", "В селе нет питьевой воды")
    assert parse(stored) == terms("Нет воды", "В селе нет питьевой воды")
    assert "#water:" in stored and "#rural:" in stored


def test_index_follows_added_and_changed_problems():
    index = Index([(1, fingerprint("Нет воды в селе")), (2, fingerprint("Сломан лифт"))])
    index.update(3, fingerprint("Балабақшада орын жоқ"), None)
    assert index.search("Не хватает мест в детском саду")[0][0] == 3
    index.update(3, fingerprint("Көшеде жарық жоқ"), fingerprint("Балабақшада орын жоқ"))
    assert index.ids.count(3) == 1  # the old version is dead, not searched
    assert dict(index.search("Не хватает мест в детском саду")).get(3, 0) < 0.2
    assert index.search("Нет уличного освещения")[0][0] == 3


@pytest.mark.django_db
def test_similar_problems_never_show_hidden_or_duplicates(reference_data):
    moderator = state_official_make()
    original = problem_make(
        title="Нет пандуса у поликлиники", description="Люди на колясках не попадут внутрь."
    )
    duplicate = problem_make(title="Нет пандуса у поликлиники №2", description="То же самое.")
    hidden = problem_make(title="Пандус у поликлиники — оскорбления", description="Пандус")
    problem_mark_duplicate(actor=moderator, problem=duplicate, original=original, reason="Повтор")
    problem_hide(actor=moderator, problem=hidden, reason="Оскорбления")
    found = problems_similar(user=None, title="Емханада пандус жоқ", description="арбадағы")
    assert [item.problem for item in found] == [original]
    assert problems_similar(user=None, title="Емханада пандус", jurisdiction="TJ") == []


_INDEX = _corpus_index()
