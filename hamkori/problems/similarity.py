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
("gram:count … #concept:count"), so the index is rebuilt from one column without
re-normalising the texts. The index lives in the process and is rebuilt when the number of
problems or the latest change differs (one cheap aggregate query per search).
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

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


def parse(stored: str) -> Terms:
    grams: dict[str, int] = {}
    found: dict[str, int] = {}
    for part in stored.split():
        term, _, count = part.rpartition(":")
        if term.startswith("#"):
            found[term[1:]] = int(count)
        else:
            grams[term] = int(count)
    return Terms(grams=grams, concepts=found)


def _tf(count: int) -> float:
    return 1.0 + math.log(count)


_TF = [0.0] + [_tf(count) for count in range(1, 64)]


class Index:
    """An in-memory index of problem fingerprints: postings of term frequencies per space.

    The inverse document frequencies are applied at query time, so adding a problem is cheap
    (its postings are appended); a changed problem gets a new slot and its old one is marked
    dead. Document norms use the frequencies known when the document was added; the index is
    rebuilt from scratch when a fifth of it has changed since the last full build."""

    def __init__(self, entries: list[tuple[int, str]]):
        self.ids: list[int | None] = []
        self.slot: dict[int, int] = {}
        self.dead = 0
        self.total = 0
        self.frequency: dict[str, Counter[str]] = {"g": Counter(), "c": Counter()}
        self.postings: dict[str, dict[str, list[tuple[int, int]]]] = {
            "g": defaultdict(list),
            "c": defaultdict(list),
        }
        self.norms: dict[str, list[float]] = {"g": [], "c": []}
        parsed = [(pk, parse(stored)) for pk, stored in entries]
        for _, found in parsed:
            self._count(found, +1)
        # One table of weights for the whole build instead of a logarithm per posting.
        idf = {space: self._idf_table(space) for space in ("g", "c")}
        for pk, found in parsed:
            self._append(pk, found, idf)
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
            squares = 0.0
            postings = self.postings[space]
            weights = idf[space] if idf is not None else None
            for term, count in document.items():
                postings[term].append((index, count))
                term_idf = weights[term] if weights is not None else self.idf(space, term)
                weight = (_TF[count] if count < len(_TF) else _tf(count)) * term_idf
                squares += weight * weight
            self.norms[space].append(math.sqrt(squares) or 1.0)

    def update(self, pk: int, stored: str, previous: str | None) -> None:
        """Put a new or changed problem's fingerprint in the index."""
        if pk in self.slot:
            self.ids[self.slot[pk]] = None
            self.dead += 1
            if previous is not None:
                self._count(parse(previous), -1)
        found = parse(stored)
        self._count(found, +1)
        self._append(pk, found)

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
            posting = postings.get(term, ())
            if skip_over is not None and len(posting) > skip_over:
                continue
            idf = self.idf(space, term)
            factor = weight * idf
            for index, count in posting:
                totals[index] += factor * (_TF[count] if count < 64 else _tf(count))
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


_cache: dict[str, tuple[tuple, Index, dict[int, str]]] = {}
_lock = threading.Lock()


def problem_index() -> Index:
    """The index of every problem's fingerprint, brought up to date with the problems
    changed since it was last used (one aggregate query when nothing changed)."""
    from django.db.models import Count, Max

    from hamkori.problems.models import Problem

    state = Problem.objects.aggregate(n=Count("pk"), latest=Max("updated_at"))
    signature = (state["n"], state["latest"])
    with _lock:
        cached = _cache.get("problems")
        if cached is not None and cached[0] == signature:
            return cached[1]
        if cached is not None and cached[0][1] is not None:
            _, index, stored = cached
            changed = Problem.objects.filter(updated_at__gte=cached[0][1]).values_list(
                "pk", "fingerprint"
            )
            for pk, fingerprint_text in changed:
                if stored.get(pk) != fingerprint_text:
                    index.update(pk, fingerprint_text, stored.get(pk))
                    stored[pk] = fingerprint_text
            if len(stored) == state["n"] and not index.stale:
                _cache["problems"] = (signature, index, stored)
                return index
        entries = list(Problem.objects.order_by("pk").values_list("pk", "fingerprint"))
        index = Index(entries)
        _cache["problems"] = (signature, index, dict(entries))
        return index


def similarity_bench(count: int = 10_000, queries: int = 50) -> dict[str, float]:
    """Build an index of `count` synthetic problems in kk, ru, tg and en and time `queries`
    searches (milliseconds). No database: it measures the method, not the storage."""
    import random

    rng = random.Random(7)
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

    started = time.perf_counter()
    entries = [(pk, fingerprint(text(8), text(60))) for pk in range(count)]
    fingerprinted = time.perf_counter()
    index = Index(entries)
    built = time.perf_counter()
    added = [(count + n, fingerprint(text(8), text(60))) for n in range(20)]
    add_start = time.perf_counter()
    for pk, stored in added:
        index.update(pk, stored, None)
    add_ms = (time.perf_counter() - add_start) * 1000 / len(added)
    timings = []
    for _ in range(queries):
        title, description = text(8), text(40)
        start = time.perf_counter()
        index.search(title, description)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {
        "problems": float(count),
        "fingerprint_ms_total": (fingerprinted - started) * 1000,
        "index_build_ms": (built - fingerprinted) * 1000,
        "add_one_ms": add_ms,
        "query_median_ms": timings[len(timings) // 2],
        "query_p95_ms": timings[min(len(timings) - 1, int(len(timings) * 0.95))],
    }
