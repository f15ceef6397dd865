"""Similar problems, found without any external service, across Kazakh, Russian, Tajik and
English.

A text becomes two sparse vectors:

- character 3- and 4-grams of its words after `fold_for_search` (casefold, Kazakh and Tajik
  letters folded onto Russian ones), the title counted twice: this finds near-duplicates in
  the same language and tolerates inflection, typos and the same word in sister alphabets;
- concept tokens from a small built-in lexicon (LEXICON) that maps word stems of the four
  languages to shared concepts ("мүгедек", "инвалид", "маъюб", "disab…" → disability): this
  lets a Kazakh report meet its Russian original, which shares few n-grams.

Both are weighted TF-IDF (log-scaled term frequency × smoothed inverse document frequency
over the problems indexed) and compared by cosine; the score is
CONCEPT_WEIGHT × concept cosine + (1 − CONCEPT_WEIGHT) × n-gram cosine.

The fingerprint stored on each problem is the two term-frequency lists as text
("gram:count … #concept:count"), so the index is built from one column without
re-normalising the texts. The index lives in the process and follows the problems changed
since its last use (one cheap aggregate query per search). Building it from every
fingerprint touches every (term, problem) pair (seconds at 10,000 problems), so the worker
saves the built index in the database (`SimilaritySnapshot`) and a process's first search
reads that instead, then applies the problems changed since (docs/problems.md, Benchmark).
"""

from __future__ import annotations

import json
import math
import re
import sys
import threading
import time
import zlib
from array import array
from bisect import bisect_left
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from itertools import repeat
from operator import itemgetter, mul

from hamkori.core.i18n import fold_for_search

NGRAM_SIZES = (3, 4)
TITLE_REPEAT = 2
CONCEPT_WEIGHT = 0.6
# n-grams present in more than this share of problems carry almost no information and make
# the search slow (every posting list read); they are skipped at query time.
COMMON_GRAM_SHARE = 0.3

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

# Concept → stems in kk, ru, tg, en (written as people type them; folded at import).
# A stem matches a word that starts with it; a stem written "=word" matches that word only
# (short words such as Kazakh "су", water, would otherwise match "суд", court).
# fmt: off
LEXICON: dict[str, tuple[str, ...]] = {
    "disability": ("мүгедек", "инвалид", "ограниченными возможност", "ерекше қажеттіл", "маъюб",
        "имконияти маҳдуд", "disab", "handicap", "wheelchair", "арба", "коляск", "пандус",
        "ногиронӣ"),
    "child": ("бала", "балалар", "ребён", "ребен", "дет", "кӯдак", "кудак", "тифл", "child",
        "kid", "бачаҳо", "бачагон", "=бача", "сәби", "малыш", "младен", "infant"),
    "orphan": ("жетім", "сирот", "ятим", "orphan", "интернат", "детский дом", "балалар үйі"),
    "youth": ("жастар", "молод", "ҷавонон", "youth", "young", "жасөспір", "подрост", "наврас"),
    "elderly": ("қарт", "егде", "зейнет", "пожил", "пенсион", "престарел", "пиронсол",
        "нафақа", "elder", "older", "pension", "aged", "ақсақал", "ветеран"),
    "school": ("мектеп", "школ", "мактаб", "school", "оқушы", "учени", "хонанда", "pupil"),
    "kindergarten": ("балабақша", "детский сад", "детсад", "детского сада", "детском саду",
        "кӯдакистон", "kindergarten", "preschool", "мектепке дейін", "дошкол"),
    "education": ("білім", "оқу", "образован", "обучен", "учеб", "таҳсил", "маориф", "educat",
        "learn", "training", "курс", "мұғалім", "учител", "омӯзгор", "муаллим", "teacher"),
    "water": ("=су", "=суы", "=суға", "=судың", "=сумен", "=сусыз", "ауызсу", "вод", "=об",
        "=оби", "обнӯшокӣ", "water", "drinking", "құбыр", "водопровод", "кран"),
    "road": ("жол", "дорог", "роҳ", "road", "street", "көше", "улиц", "кӯча", "асфальт",
        "тротуар", "sidewalk", "көпір", "мост", "bridge"),
    "transport": ("көлік", "автобус", "транспорт", "нақлиёт", "bus", "transport", "аялдама",
        "остановк", "истгоҳ"),
    "hospital": ("аурухана", "больниц", "госпитал", "бемористон", "hospital", "емхана",
        "поликлин", "клиник", "clinic", "дәрігер", "врач", "духтур", "табиб", "doctor", "медицин",
        "медпункт", "фельдшер", "тиб", "medical", "health", "денсаулық", "здоров", "саломат"),
    "medicine": ("дәрі", "лекарств", "медикамент", "дору", "medicine", "drug", "аптек"),
    "violence": ("зорлық", "насили", "зӯрварӣ", "зуровар", "violence", "abuse", "ұру", "избиен",
        "жәбірлен", "пострадавш", "кризис", "buller", "bully", "буллинг", "қорлау", "травл"),
    "domestic": ("отбасы", "семей", "семь", "оила", "famil", "domestic", "тұрмыстық", "бытов"),
    "woman": ("әйел", "женщин", "=зан", "занон", "woman", "women", "=ана",
        "=анасы", "аналар", "матер", "модар", "mother"),
    "unemployment": ("жұмыссыз", "безработ", "бекор", "бекорӣ", "unemploy", "jobless", "жұмыс",
        "работ", "трудоустр", "=кор", "корҳо", "шуғл", "employ", "job", "вакан"),
    "poverty": ("кедей", "бедн", "малообеспечен", "малоимущ", "камбизоат", "камдаромад", "poor",
        "poverty", "аз қамтылған", "табысы төмен", "нужда"),
    "housing": ("тұрғын үй", "баспана", "жиль", "жилищ", "квартир", "манзил",
        "=хона", "хонаҳо", "housing", "apartment", "homeless", "бездомн", "пәтер"),
    "heating": ("жылу", "отоп", "тепл", "гармидиҳ", "heating", "heat", "қазандық", "котель",
        "көмір", "уголь", "ангишт"),
    "electricity": ("электр", "свет", "барқ", "=барк", "electric", "power", "жарық", "освещ",
        "фонар", "лампа", "=нур", "рӯшноӣ"),
    "gas": ("газ", "gas"),
    "sanitation": ("канализац", "кәріз", "санитар", "дәретхана", "туалет", "ҳоҷатхона",
        "sanitation", "sewage", "toilet"),
    "waste": ("қоқыс", "мусор", "отход", "свалк", "партов", "ахлот", "waste", "garbage", "trash",
        "landfill"),
    "ecology": ("экология", "экологи", "ластан", "загрязн", "ифлос", "pollut", "ауа", "воздух",
        "ҳаво", "=air", "смог", "smog", "түтін", "дым"),
    "migrant": ("мигрант", "көшіп", "муҳоҷир", "мухочир", "migrant", "migrat", "қандас",
        "оралман", "переселен", "возвращен", "returnee"),
    "drugs": ("нашақор", "наркоман", "нарко", "нашъа", "addict", "алкогол", "ішімдік", "маст"),
    "food": ("тамақ", "тағам", "питан", "еда", "продукт", "ғизо", "хӯрок", "food", "meal",
        "nutrition"),
    "rural": ("ауыл", "село", "сель", "=селе", "=села", "=сел", "=аул", "=ауле", "=аула",
        "деревн", "деҳа", "=деҳ", "деҳот", "rural", "village", "кишлак", "қишлоқ"),
    "sport": ("спорт", "sport", "ойын алаң", "площадк", "майдонча", "playground", "стадион"),
    "culture": ("мәдениет", "культур", "фарҳанг", "culture", "кітапхана", "библиотек",
        "китобхона", "library"),
    "psychology": ("психолог", "психик", "равон", "mental", "депресс", "суицид", "suicid",
        "стресс", "stress"),
    "legal": ("заң", "юрид", "право", "ҳуқуқ", "legal", "lawyer", "адвокат", "консульт"),
    "documents": ("құжат", "документ", "ҳуҷҷат", "document", "паспорт", "passport", "тіркеу",
        "прописк", "регистрац"),
    "safety": ("қауіпсіз", "безопас", "бехатар", "safety", "safe", "қылмыс", "преступ", "ҷиноят",
        "crime", "полиц"),
    "accessibility": ("қолжетім", "доступн", "дастрас", "access", "лифт", "elevator", "барьер",
        "кедергі"),
    "blind": ("соқыр", "көзі көрмейт", "слеп", "незряч", "нобино", "blind", "visually", "брайл"),
    "deaf": ("саңырау", "глух", "=кар", "нашунав", "deaf", "сурдо", "ымдау", "жест"),
    "autism": ("аутизм", "аутист", "autis", "аутис"),
    "care": ("күтім", "уход", "нигоҳуб", "care", "патронаж", "сиделк", "соцработ"),
    "internet": ("интернет", "internet", "байланыс", "связ", "алоқа", "мобиль", "online",
        "онлайн", "цифр", "digital"),
    "flood": ("су тасқын", "тасқын", "паводк", "затоп", "су басқан", "наводнен", "обхезӣ",
        "селоб", "flood"),
    "prison": ("бас бостандығынан", "түрме", "тюрм", "освобожден", "заключен", "зиндон", "prison",
        "inmate", "колони"),
}
# fmt: on


def _fold_stem(stem: str) -> tuple[str, bool]:
    exact = stem.startswith("=")
    return fold_for_search(stem.lstrip("=")), exact


# Multi-word stems are matched on the whole folded text; single-word ones per word.
_PREFIXES: list[tuple[str, str]] = []
_EXACT: dict[str, list[str]] = defaultdict(list)
_PHRASES: list[tuple[str, str]] = []
for _concept, _stems in LEXICON.items():
    for _stem in _stems:
        _folded, _exact = _fold_stem(_stem)
        if " " in _folded:
            _PHRASES.append((_folded, _concept))
        elif _exact:
            _EXACT[_folded].append(_concept)
        else:
            _PREFIXES.append((_folded, _concept))
# Prefix lookup by the first three letters keeps concept extraction linear in the words.
_BY_HEAD: dict[str, list[tuple[str, str]]] = defaultdict(list)
for _stem, _concept in _PREFIXES:
    _BY_HEAD[_stem[:3]].append((_stem, _concept))


def normalise(text: str) -> list[str]:
    """The words of a text, folded: case and Kazakh/Tajik letters do not matter."""
    return _WORD.findall(fold_for_search(text))


def concepts(words: list[str]) -> Counter[str]:
    found: Counter[str] = Counter()
    for word in words:
        for concept in _EXACT.get(word, ()):
            found[concept] += 1
        for stem, concept in _BY_HEAD.get(word[:3], ()):
            if word.startswith(stem):
                found[concept] += 1
    joined = " " + " ".join(words) + " "
    for phrase, concept in _PHRASES:
        hits = joined.count(" " + phrase)
        if hits:
            found[concept] += hits
    return found


def ngrams(words: Iterable[str]) -> Counter[str]:
    grams: Counter[str] = Counter()
    for word in words:
        padded = f"_{word}_"
        for size in NGRAM_SIZES:
            for start in range(len(padded) - size + 1):
                grams[padded[start : start + size]] += 1
    return grams


@dataclass(frozen=True)
class Terms:
    grams: dict[str, int]
    concepts: dict[str, int]


def terms(title: str, description: str = "") -> Terms:
    title_words = normalise(title)
    words = title_words * TITLE_REPEAT + normalise(description)
    return Terms(grams=dict(ngrams(words)), concepts=dict(concepts(words)))


def fingerprint(title: str, description: str = "") -> str:
    """The text stored on a problem (Problem.fingerprint)."""
    found = terms(title, description)
    parts = [f"{gram}:{count}" for gram, count in sorted(found.grams.items())]
    parts += [f"#{concept}:{count}" for concept, count in sorted(found.concepts.items())]
    return " ".join(parts)


def _pairs(text: str) -> dict[str, int]:
    # Grams are letters, digits and "_", concepts are lexicon names: ":" and " " only ever
    # separate a term from its count and one pair from the next (split in C, not term by term).
    flat = text.replace(":", " ").split()
    return dict(zip(flat[::2], map(int, flat[1::2]), strict=True))


def parse(stored: str) -> Terms:
    # "#" starts the concepts, which follow every gram.
    grams, _, found = stored.partition("#")
    return Terms(grams=_pairs(grams), concepts=_pairs(found.replace("#", "")))


def _tf(count: int) -> float:
    return 1.0 + math.log(count)


class _TFTable(dict):
    """1 + log(count), computed once per count (documents share small counts)."""

    def __missing__(self, count: int) -> float:
        self[count] = value = _tf(count)
        return value


_TF = _TFTable()
_tf_of = _TF.__getitem__
_SPACES = ("g", "c")

# A snapshot is only read by a process whose arrays have the same layout.
SNAPSHOT_FORMAT = 1
_LAYOUT = (SNAPSHOT_FORMAT, sys.byteorder, *(array(code).itemsize for code in "iIqd"))


def _posting() -> tuple[array, array]:
    """The slots of the documents holding a term (ascending) and the term's count in each."""
    return array("i"), array("I")


def _digest(stored: str) -> int:
    return zlib.crc32(stored.encode())


class Index:
    """An in-memory index of problem fingerprints: postings of term frequencies per space
    (two compact arrays per term: slots and counts).

    The inverse document frequencies are applied at query time, so adding a problem is cheap
    (its postings are appended); a changed problem gets a new slot and its old one is marked
    dead. Document norms use the frequencies known when the document was added; the index is
    rebuilt from scratch when a fifth of it has changed since the last full build. An index
    is saved whole as bytes (`to_bytes`) and read back in a fraction of the time a build
    takes (`from_bytes`): see `problem_index`."""

    def __init__(self, entries: list[tuple[int, str]]):
        self.ids: list[int | None] = []
        self.slot: dict[int, int] = {}
        self.digest: dict[int, int] = {}
        self.dead = 0
        self.total = 0
        self.frequency: dict[str, Counter[str]] = {"g": Counter(), "c": Counter()}
        self.postings: dict[str, dict[str, tuple[array, array]]] = {
            "g": defaultdict(_posting),
            "c": defaultdict(_posting),
        }
        self.norms: dict[str, array] = {"g": array("d"), "c": array("d")}
        parsed = [(pk, parse(stored)) for pk, stored in entries]
        for _, found in parsed:
            self._count(found, +1)
        # One table of weights for the whole build instead of a logarithm per posting.
        idf = {space: self._idf_table(space) for space in _SPACES}
        for pk, found in parsed:
            self._append(pk, found, idf)
        self.digest = {pk: _digest(stored) for pk, stored in entries}
        self.built_size = len(entries)

    def _idf_table(self, space: str) -> dict[str, float]:
        total = self.total
        return {
            t: math.log((1 + total) / (1 + df)) + 1.0 for t, df in self.frequency[space].items()
        }

    def _count(self, found: Terms, sign: int) -> None:
        self.total += sign
        if sign > 0:
            self.frequency["g"].update(found.grams.keys())
            self.frequency["c"].update(found.concepts.keys())
        else:
            self.frequency["g"].subtract(found.grams.keys())
            self.frequency["c"].subtract(found.concepts.keys())

    def idf(self, space: str, term: str) -> float:
        return math.log((1 + self.total) / (1 + self.frequency[space][term])) + 1.0

    def _append(
        self, pk: int, found: Terms, idf: dict[str, dict[str, float]] | None = None
    ) -> None:
        index = len(self.ids)
        self.ids.append(pk)
        self.slot[pk] = index
        for space, document in (("g", found.grams), ("c", found.concepts)):
            postings = self.postings[space]
            terms_, counts = document.keys(), document.values()
            # Postings and norms by C-level maps: a build touches millions of (term, document)
            # pairs, and a Python loop over them was most of the first search's 9 s.
            lists = list(map(postings.__getitem__, terms_))
            _drain(map(array.append, map(itemgetter(0), lists), repeat(index)))
            _drain(map(array.append, map(itemgetter(1), lists), counts))
            weights_of = idf[space].__getitem__ if idf is not None else partial(self.idf, space)
            weights = list(map(mul, map(_tf_of, counts), map(weights_of, terms_)))
            squares = sum(map(mul, weights, weights))
            self.norms[space].append(math.sqrt(squares) or 1.0)

    def _terms_at(self, slot: int) -> Terms:
        """The terms of the document in `slot`, read back from the postings."""
        found: dict[str, dict[str, int]] = {"g": {}, "c": {}}
        for space in _SPACES:
            for term, (slots, counts) in self.postings[space].items():
                at = bisect_left(slots, slot)
                if at < len(slots) and slots[at] == slot:
                    found[space][term] = counts[at]
        return Terms(grams=found["g"], concepts=found["c"])

    def update(self, pk: int, stored: str, previous: str | None = None) -> None:
        """Put a new or changed problem's fingerprint in the index (`previous`, its former
        fingerprint, is read back from the postings when not given)."""
        if pk in self.slot:
            old = self.slot[pk]
            self._count(parse(previous) if previous is not None else self._terms_at(old), -1)
            self.ids[old] = None
            self.dead += 1
        found = parse(stored)
        self._count(found, +1)
        self._append(pk, found)
        self.digest[pk] = _digest(stored)

    def changed(self, pk: int, stored: str) -> bool:
        return self.digest.get(pk) != _digest(stored)

    @property
    def stale(self) -> bool:
        return self.dead + (self.total - self.built_size) > max(100, self.built_size // 5)

    def _scores(self, space: str, query: dict[str, int], skip_over: int | None) -> dict[int, float]:
        weights = {t: _tf(c) * self.idf(space, t) for t, c in query.items()}
        weights = {t: w for t, w in weights.items() if self.frequency[space][t] > 0}
        norm = math.sqrt(sum(w * w for w in weights.values()))
        if not norm:
            return {}
        totals: dict[int, float] = defaultdict(float)
        postings = self.postings[space]
        for term, weight in weights.items():
            if term not in postings:
                continue
            slots, counts = postings[term]
            if skip_over is not None and len(slots) > skip_over:
                continue
            idf = self.idf(space, term)
            factor = weight * idf
            for index, tf in zip(slots, map(_tf_of, counts), strict=True):
                totals[index] += factor * tf
        norms = self.norms[space]
        return {index: total / (norm * norms[index]) for index, total in totals.items()}

    def search(self, title: str, description: str = "", limit: int = 10) -> list[tuple[int, float]]:
        """(problem id, score between 0 and 1) of the best matches, best first."""
        query = terms(title, description)
        skip = max(50, int(self.total * COMMON_GRAM_SHARE))
        combined: dict[int, float] = defaultdict(float)
        for index, score in self._scores("g", query.grams, skip).items():
            combined[index] += (1 - CONCEPT_WEIGHT) * score
        for index, score in self._scores("c", query.concepts, None).items():
            combined[index] += CONCEPT_WEIGHT * score
        alive = ((i, s) for i, s in combined.items() if self.ids[i] is not None)
        best = sorted(alive, key=lambda item: (-item[1], item[0]))[:limit]
        return [(self.ids[index], round(score, 4)) for index, score in best]  # type: ignore[misc]

    def to_bytes(self) -> bytes:
        """The whole index as bytes: a JSON header (counters, document frequencies, the terms
        with their postings' lengths) and the arrays' raw bytes, compressed (zlib level 1).
        Plain data only: reading it back runs no code from the database."""
        terms_of = {space: list(self.postings[space].items()) for space in _SPACES}
        arrays = [
            array("q", (-1 if pk is None else pk for pk in self.ids)),
            array("q", self.digest.keys()),
            array("I", self.digest.values()),
            *(self.norms[space] for space in _SPACES),
        ]
        sections: list[tuple[str, int, bytes]] = [
            (values.typecode, len(values), values.tobytes()) for values in arrays
        ]
        for space in _SPACES:
            postings = [posting for _, posting in terms_of[space]]
            for part, code in ((0, "i"), (1, "I")):
                chunks = [posting[part] for posting in postings]
                length = sum(map(len, chunks))
                sections.append((code, length, b"".join(c.tobytes() for c in chunks)))
        header = json.dumps(
            {
                "layout": _LAYOUT,
                "counters": [self.dead, self.total, self.built_size],
                "frequency": self.frequency,
                "terms": {
                    space: [[term, len(slots)] for term, (slots, _) in terms_of[space]]
                    for space in _SPACES
                },
                "sections": [[code, length] for code, length, _ in sections],
            },
            ensure_ascii=False,
        ).encode()
        body = b"".join(raw for _, _, raw in sections)
        return zlib.compress(len(header).to_bytes(8, "little") + header + body, 1)

    @classmethod
    def from_bytes(cls, data: bytes | memoryview) -> Index | None:
        """The index saved by `to_bytes`, or None when it was written in another layout or
        cannot be read."""
        try:
            raw = zlib.decompress(data)
            size = int.from_bytes(raw[:8], "little")
            header = json.loads(raw[8 : 8 + size])
            if header.get("layout") != list(_LAYOUT):
                return None
            sections, offset = [], 8 + size
            for code, length in header["sections"]:
                values = array(code)
                end = offset + length * values.itemsize
                values.frombytes(raw[offset:end])
                sections.append(values)
                offset = end
        except (ValueError, KeyError, TypeError, zlib.error):
            return None
        ids, digest_keys, digest_values, *rest = sections
        index = cls.__new__(cls)
        index.ids = [None if pk == -1 else pk for pk in ids]
        index.slot = {pk: slot for slot, pk in enumerate(index.ids) if pk is not None}
        index.digest = dict(zip(digest_keys, digest_values, strict=True))
        index.dead, index.total, index.built_size = header["counters"]
        index.frequency = {space: Counter(header["frequency"][space]) for space in _SPACES}
        index.norms = dict(zip(_SPACES, rest[:2], strict=True))
        index.postings = {}
        for number, space in enumerate(_SPACES):
            slots, counts = rest[2 + 2 * number], rest[3 + 2 * number]
            postings: dict[str, tuple[array, array]] = defaultdict(_posting)
            start = 0
            for term, length in header["terms"][space]:
                postings[term] = (slots[start : start + length], counts[start : start + length])
                start += length
            index.postings[space] = postings
        return index


def _drain(iterator: Iterable) -> None:
    deque(iterator, maxlen=0)


_cache: dict[str, tuple[tuple, Index]] = {}
_lock = threading.Lock()


def _caught_up(index: Index, since, problems: int) -> bool:
    """Bring `index` up to date with the problems changed since `since` (their fingerprint
    is compared with the one indexed); True when it then holds exactly the problems there
    are and is not due for a full rebuild."""
    from hamkori.problems.models import Problem

    if since is not None:
        changed = Problem.objects.filter(updated_at__gte=since).values_list("pk", "fingerprint")
        for pk, stored in changed:
            if index.changed(pk, stored):
                index.update(pk, stored)
    return len(index.slot) == problems and not index.stale


def _from_snapshot(problems: int) -> Index | None:
    """The latest saved index brought up to date, or None when there is none usable."""
    from hamkori.problems.models import SimilaritySnapshot

    snapshot = SimilaritySnapshot.objects.filter(format=SNAPSHOT_FORMAT).order_by("-pk").first()
    if snapshot is None:
        return None
    index = Index.from_bytes(snapshot.data)
    if index is None or not _caught_up(index, snapshot.latest, problems):
        return None
    return index


def problem_index() -> Index:
    """The index of every problem's fingerprint, brought up to date with the problems
    changed since it was last used (one aggregate query when nothing changed).

    A process's first search (and one whose index went stale) reads the latest saved index
    (`SimilaritySnapshot`, written by the worker: `services.problems_similarity_snapshot`)
    and applies the problems changed since it was saved; it builds the index from every
    fingerprint only when no saved index is usable."""
    from django.db.models import Count, Max

    from hamkori.problems.models import Problem

    state = Problem.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    signature = (state["n"], state["latest"])
    with _lock:
        cached = _cache.get("problems")
        if cached is not None and cached[0] == signature:
            return cached[1]
        if cached is not None and _caught_up(cached[1], cached[0][1], state["n"]):
            _cache["problems"] = (signature, cached[1])
            return cached[1]
        index = _from_snapshot(state["n"])
        if index is None:
            index = Index(list(Problem.objects.order_by("pk").values_list("pk", "fingerprint")))
        _cache["problems"] = (signature, index)
        return index


def synthetic_text_maker(rng) -> Callable[[int], str]:
    """`text(words)`: synthetic problem text in kk, ru, tg and en, a third lexicon stems with
    endings, the rest common words (for the benchmark)."""
    vocabulary = [stem for stems in LEXICON.values() for stem in stems if " " not in stem]
    filler_text = (
        "в нашем районе уже давно нет никакой помощи жители просят решить вопрос "
        "біздің ауданда көптен бері көмек жоқ тұрғындар мәселені шешуді сұрайды "
        "дар ноҳияи мо кайҳо боз ёрӣ нест сокинон хоҳиш мекунанд in our district there is "
        "no help residents ask to solve the problem"
    )
    fillers = filler_text.split()

    def text(words: int) -> str:
        picked = [
            rng.choice(vocabulary).lstrip("=") + rng.choice(("", "ы", "ов", "ҳо", "s"))
            for _ in range(words // 3)
        ]
        picked += [rng.choice(fillers) for _ in range(words - len(picked))]
        rng.shuffle(picked)
        return " ".join(picked)

    return text


def similarity_bench(count: int = 10_000, queries: int = 50) -> dict[str, float]:
    """Build an index of `count` synthetic problems in kk, ru, tg and en and time `queries`
    searches (milliseconds). No database: it measures the method, not the storage. A cold
    first search is the index's load (a build from the fingerprints, or reading a saved
    index) plus one query."""
    import random

    text = synthetic_text_maker(random.Random(7))

    def ms(since: float) -> float:
        return (time.perf_counter() - since) * 1000

    started = time.perf_counter()
    entries = [(pk, fingerprint(text(8), text(60))) for pk in range(count)]
    fingerprint_ms = ms(started)
    searches = [(text(8), text(40)) for _ in range(queries)]
    start = time.perf_counter()
    index = Index(entries)
    build_ms = ms(start)
    start = time.perf_counter()
    index.search(*searches[0])
    first_after_build_ms = build_ms + ms(start)
    start = time.perf_counter()
    saved = index.to_bytes()
    save_ms = ms(start)
    start = time.perf_counter()
    loaded = Index.from_bytes(saved)
    assert loaded is not None
    load_ms = ms(start)
    start = time.perf_counter()
    loaded.search(*searches[0])
    first_after_load_ms = load_ms + ms(start)
    added = [(count + n, fingerprint(text(8), text(60))) for n in range(20)]
    add_start = time.perf_counter()
    for pk, stored in added:
        index.update(pk, stored)
    add_ms = ms(add_start) / len(added)
    timings = []
    for title, description in searches:
        start = time.perf_counter()
        index.search(title, description)
        timings.append(ms(start))
    timings.sort()
    return {
        "problems": float(count),
        "fingerprint_ms_total": fingerprint_ms,
        "index_build_ms": build_ms,
        "cold_search_build_ms": first_after_build_ms,
        "snapshot_mb": len(saved) / 1e6,
        "snapshot_save_ms": save_ms,
        "snapshot_load_ms": load_ms,
        "cold_search_saved_ms": first_after_load_ms,
        "add_one_ms": add_ms,
        "query_median_ms": timings[len(timings) // 2],
        "query_p95_ms": timings[min(len(timings) - 1, int(len(timings) * 0.95))],
    }
