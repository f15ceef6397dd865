"""The saved similarity index: read back, it ranks exactly as the index it was saved from; a
process's first search reads it and applies the problems changed since instead of building
the index from every fingerprint; the worker saves a new one when enough has changed."""

from __future__ import annotations

import zlib

import pytest

from hamkori.problems import services, similarity
from hamkori.problems.models import Problem, SimilaritySnapshot
from hamkori.problems.similarity import Index, fingerprint, parse
from hamkori.problems.tests.factories import problem_make
from hamkori.problems.tests.similarity_corpus import (
    DISTRACTORS,
    KK_ORIGINAL_RU_DUPLICATE,
    RU_ORIGINAL_KK_DUPLICATE,
    TG_DUPLICATE_OF_RU,
)

ORIGINALS = [(t, d) for t, d, _, _ in RU_ORIGINAL_KK_DUPLICATE + KK_ORIGINAL_RU_DUPLICATE]
QUERIES = [(t, d) for _, _, t, d in RU_ORIGINAL_KK_DUPLICATE + KK_ORIGINAL_RU_DUPLICATE] + [
    (t, d) for _, t, d in TG_DUPLICATE_OF_RU
]


def _corpus() -> list[tuple[int, str]]:
    texts = ORIGINALS + list(DISTRACTORS)
    return [(pk, fingerprint(t, d)) for pk, (t, d) in enumerate(texts, start=1)]


def _results(index: Index) -> list[list[tuple[int, float]]]:
    return [index.search(t, d, limit=10) for t, d in QUERIES]


def test_a_saved_index_reads_back_and_ranks_identically_also_after_changes():
    built = Index(_corpus())
    loaded = Index.from_bytes(built.to_bytes())

    assert loaded is not None
    assert _results(loaded) == _results(built)
    for index in (built, loaded):
        index.update(500, fingerprint("Мектепте пандус жоқ", "Арбадағы балалар кіре алмайды"))
        index.update(1, fingerprint("Нет уличного освещения", "Темно на улицах села"))
    assert _results(loaded) == _results(built)
    assert loaded.frequency == built.frequency and loaded.ids == built.ids


def test_a_change_without_the_previous_fingerprint_reads_it_back_from_the_postings():
    entries = _corpus()
    given, read_back = Index(entries), Index(entries)
    changed = fingerprint("Нет уличного освещения", "Темно на улицах села")

    given.update(1, changed, entries[0][1])
    read_back.update(1, changed)

    assert +read_back.frequency["g"] == +given.frequency["g"]
    assert +read_back.frequency["c"] == +given.frequency["c"]
    assert read_back._terms_at(read_back.slot[1]) == parse(changed)


def test_unreadable_data_or_another_layout_is_not_used():
    saved = Index(_corpus()).to_bytes()
    raw = zlib.decompress(saved)
    size = int.from_bytes(raw[:8], "little")
    other = raw[8 : 8 + size].replace(b'"layout": [1,', b'"layout": [0,', 1)

    assert Index.from_bytes(b"not an index") is None
    assert Index.from_bytes(saved[: len(saved) // 2]) is None
    assert Index.from_bytes(zlib.compress(len(other).to_bytes(8, "little") + other)) is None


@pytest.fixture
def cold_process():
    """A process that has not searched yet (the index cache is per process)."""
    similarity._cache.clear()
    yield
    similarity._cache.clear()


def _forbid_builds(monkeypatch) -> None:
    def build(self, entries):
        raise AssertionError("the index was built from every fingerprint")

    monkeypatch.setattr(Index, "__init__", build)


@pytest.mark.usefixtures("reference_data", "cold_process")
def test_the_first_search_reads_the_saved_index_and_adds_the_newer_problems(monkeypatch):
    water = problem_make(title="Нет питьевой воды в селе", description="Воду возят раз в неделю")
    problem_make(title="Сломан лифт", description="Люди на колясках не выходят из дома")
    assert services.problems_similarity_snapshot() == 1
    assert services.problems_similarity_snapshot() == 0  # nothing changed since
    kindergarten = problem_make(title="Балабақшада орын жоқ", description="Кезек үш жыл")
    _forbid_builds(monkeypatch)

    found = similarity.problem_index().search("Не хватает мест в детском саду")

    assert found[0][0] == kindergarten.pk
    assert similarity.problem_index().search("Ауылда ауыз су жоқ")[0][0] == water.pk


@pytest.mark.usefixtures("reference_data", "cold_process")
def test_the_worker_saves_a_new_index_after_enough_changes_and_keeps_one(monkeypatch):
    monkeypatch.setattr(services, "SNAPSHOT_AFTER_CHANGES", 2)
    problem_make()
    assert services.problems_similarity_snapshot() == 1
    problem_make()
    assert services.problems_similarity_snapshot() == 0
    problem_make()

    assert services.problems_similarity_snapshot() == 1
    [saved] = SimilaritySnapshot.objects.all()
    assert saved.problems == Problem.objects.count() == 3


@pytest.mark.usefixtures("reference_data", "cold_process")
def test_a_saved_index_holding_a_deleted_problem_is_not_used():
    kept = problem_make(title="Нет пандуса у школы")
    deleted = problem_make(title="Нет пандуса у поликлиники")
    services.problems_similarity_snapshot()
    Problem.objects.filter(pk=deleted.pk).delete()

    index = similarity.problem_index()

    assert index.built_size == 1 and kept.pk in index.slot and deleted.pk not in index.slot
