"""Synthetic data at national scale for `hamkori generate`: organisations, their areas,
annual reports and members, in bulk.

Each step is one function registered with @generator_step: it reads its knob from
GenerateOptions, inserts its rows in batches and returns how many it made. A later capability
(calls, applications ...) adds a knob to GenerateOptions and one step, nothing else.

Every kind of random choice has its own stream derived from the seed, so the names of a run do
not shift when, say, an identifier has to be drawn again because it is already taken."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from itertools import islice
from typing import Any, TypeVar

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from hamkori.accounts.models import Membership, MembershipRole, MembershipStatus, User
from hamkori.core.audit import audit_record
from hamkori.demo.data import PASSWORD
from hamkori.registry.identifiers import make_kz_bin
from hamkori.registry.models import AnnualReport, Organisation, OrganisationStatus

T = TypeVar("T")

# ---------------------------------------------------------------------------------------------
# Word lists. Names combine a legal form, an activity and a "brand" word, as real CSO names do:
# Общественное объединение «Центр волонтёров «Жүрек»».

KZ_FORMS = {
    "public_association": ("Общественное объединение", "қоғамдық бірлестігі"),
    "foundation": ("Общественный фонд", "қоғамдық қоры"),
    "institution": ("Учреждение", "мекемесі"),
    "union": ("Объединение юридических лиц", "заңды тұлғалар бірлестігі"),
}
KZ_KIND_WEIGHTS = {"public_association": 64, "foundation": 24, "institution": 8, "union": 4}
TJ_FORMS = {
    "public_association": ("Иттиҳодияи ҷамъиятии", "Общественное объединение"),
    "foundation": ("Фонди ҷамъиятии", "Общественный фонд"),
    "institution": ("Муассисаи ҷамъиятии", "Общественное учреждение"),
}
TJ_KIND_WEIGHTS = {"public_association": 80, "foundation": 12, "institution": 8}

# (Russian, Kazakh, areas of activity)
KZ_ACTIVITIES = (
    ("Центр поддержки молодёжи", "жастарды қолдау орталығы", ("youth",)),
    (
        "Ассоциация родителей детей с инвалидностью",
        "мүгедектігі бар балалардың ата-аналары қауымдастығы",
        ("vulnerable-groups", "children"),
    ),
    ("Экологическое общество", "экологиялық қоғамы", ("environment",)),
    ("Центр правовой помощи", "құқықтық көмек орталығы", ("rights",)),
    ("Общество помощи пожилым", "қарттарға көмек қоғамы", ("vulnerable-groups",)),
    ("Спортивный клуб", "спорт клубы", ("education-science-sport",)),
    ("Центр поддержки семей", "отбасыларды қолдау орталығы", ("family-gender",)),
    ("Кризисный центр", "дағдарыс орталығы", ("family-gender", "rights")),
    ("Центр волонтёров", "еріктілер орталығы", ("vulnerable-groups", "youth")),
    ("Театр-студия", "театр-студиясы", ("culture-art",)),
    ("Центр сохранения наследия", "мұраны сақтау орталығы", ("heritage",)),
    ("Клуб юных исследователей", "жас зерттеушілер клубы", ("education-science-sport", "youth")),
    ("Женский совет", "әйелдер кеңесі", ("family-gender",)),
    ("Этнокультурный центр", "этномәдени орталығы", ("social-harmony", "culture-art")),
    ("Реабилитационный центр", "оңалту орталығы", ("health", "vulnerable-groups")),
    ("Общество здорового образа жизни", "салауатты өмір салты қоғамы", ("health",)),
    ("Центр поддержки детей-сирот", "жетім балаларды қолдау орталығы", ("children",)),
    ("Центр сельских инициатив", "ауылдық бастамалар орталығы", ("other", "social-harmony")),
    ("Союз ветеранов", "ардагерлер одағы", ("vulnerable-groups",)),
    ("Медиацентр", "медиаорталығы", ("education-science-sport",)),
    ("Общество защиты прав потребителей", "тұтынушылар құқығын қорғау қоғамы", ("rights",)),
    ("Фольклорный ансамбль", "фольклорлық ансамблі", ("culture-art", "heritage")),
    ("Школа лидерства", "көшбасшылық мектебі", ("youth",)),
    (
        "Центр инклюзивного образования",
        "инклюзивті білім беру орталығы",
        ("education-science-sport", "vulnerable-groups"),
    ),
)
# (Tajik, Russian, areas of activity)
TJ_ACTIVITIES = (
    ("Маркази дастгирии ҷавонон", "Центр поддержки молодёжи", ("youth",)),
    (
        "Маркази дастгирии кӯдакони маъюб",
        "Центр поддержки детей с инвалидностью",
        ("vulnerable-groups", "children"),
    ),
    ("Ҷамъияти экологӣ", "Экологическое общество", ("environment",)),
    ("Маркази кӯмаки ҳуқуқӣ", "Центр правовой помощи", ("rights",)),
    ("Ҷамъияти ёрӣ ба пиронсолон", "Общество помощи пожилым", ("vulnerable-groups",)),
    ("Клуби варзишӣ", "Спортивный клуб", ("education-science-sport",)),
    ("Маркази дастгирии оила", "Центр поддержки семьи", ("family-gender",)),
    ("Маркази бӯҳронӣ", "Кризисный центр", ("family-gender", "rights")),
    ("Маркази ихтиёриён", "Центр волонтёров", ("vulnerable-groups", "youth")),
    ("Маркази ҳифзи мерос", "Центр сохранения наследия", ("heritage",)),
    ("Шӯрои занон", "Женский совет", ("family-gender",)),
    ("Маркази тавонбахшӣ", "Реабилитационный центр", ("health", "vulnerable-groups")),
    ("Маркази ташаббусҳои деҳот", "Центр сельских инициатив", ("other", "social-harmony")),
    ("Маркази таълимӣ", "Образовательный центр", ("education-science-sport",)),
    ("Ҷамъияти тарзи ҳаёти солим", "Общество здорового образа жизни", ("health",)),
    ("Маркази ҳунарҳои мардумӣ", "Центр народных ремёсел", ("culture-art", "heritage")),
)
KZ_BRANDS = (
    "Болашақ", "Жарық", "Сенім", "Үміт", "Мейірім", "Шапағат", "Бірлік", "Достық",
    "Жігер", "Қамқор", "Ақниет", "Нұр", "Самал", "Арман", "Талап", "Өркен",
    "Шұғыла", "Алау", "Дарын", "Береке", "Ырыс", "Асыл", "Серпін", "Көктем",
    "Бәйтерек", "Жұлдыз", "Тұмар", "Ынтымақ", "Мирас", "Шаңырақ", "Атамекен", "Кемел",
    *(
        f"{adjective} {noun.lower()}"
        for adjective in (
            "Ақ", "Жас", "Алтын", "Жаңа", "Нұрлы", "Жарқын", "Көк", "Ұлы", "Асыл", "Мөлдір",
            "Кең", "Шуақты",
        )
        for noun in (
            "Жол", "Қанат", "Бұлақ", "Көпір", "Әлем", "Арман", "Таң", "Дала", "Шуақ", "Өзен",
            "Жұлдыз", "Тау", "Көл", "Бесік", "Ұя", "Дән", "Күн", "Жүрек", "Белес", "Болашақ",
        )
    ),
)  # fmt: skip
TJ_BRANDS = (
    "Меҳр", "Умед", "Нур", "Ситора", "Саодат", "Бахт", "Дӯстӣ", "Ватан",
    "Ҳамдилӣ", "Ободӣ", "Рушд", "Ояндасоз", "Шукуфа", "Гулистон", "Баҳор", "Зиё",
    "Имконият", "Ҳамкорӣ", "Пайванд", "Сомон", "Ганҷ", "Хуршед", "Кӯҳсор", "Ҷаҳон",
    "Мадад", "Эҳё", "Тавоно", "Дилафрӯз",
    *(
        f"{noun} {adjective}"
        for noun in (
            "Роҳи", "Насими", "Чашмаи", "Нури", "Ояндаи", "Гулзори", "Ситораи", "Боғи", "Шамъи",
        )
        for adjective in (
            "нав", "субҳ", "умед", "ҳаёт", "дурахшон", "сабз", "ободӣ", "меҳр", "дониш",
            "зиндагӣ", "ватан",
        )
    ),
)  # fmt: skip

# Rough shares of registered NGOs by region (the two capitals hold about a quarter of them).
KZ_REGIONS = {
    "KZ-75": ("Алматы", 16),
    "KZ-71": ("Астана", 11),
    "KZ-35": ("Караганда", 7),
    "KZ-79": ("Шымкент", 6),
    "KZ-63": ("Усть-Каменогорск", 5),
    "KZ-61": ("Туркестан", 5),
    "KZ-19": ("Конаев", 5),
    "KZ-55": ("Павлодар", 4),
    "KZ-39": ("Костанай", 4),
    "KZ-15": ("Актобе", 4),
    "KZ-11": ("Кокшетау", 4),
    "KZ-31": ("Тараз", 4),
    "KZ-27": ("Уральск", 3),
    "KZ-23": ("Атырау", 3),
    "KZ-47": ("Актау", 3),
    "KZ-43": ("Кызылорда", 3),
    "KZ-59": ("Петропавловск", 3),
    "KZ-10": ("Семей", 3),
    "KZ-33": ("Талдыкорган", 3),
    "KZ-62": ("Жезказган", 1),
}
TJ_REGIONS = {
    "TJ-DU": ("Душанбе", 40),
    "TJ-SU": ("Хуҷанд", 25),
    "TJ-KT": ("Бохтар", 20),
    "TJ-RA": ("Ваҳдат", 10),
    "TJ-GB": ("Хоруғ", 5),
}
KZ_STREETS = (
    "ул. Абая", "ул. Желтоксан", "пр. Республики", "ул. Байтурсынова", "ул. Толе би",
    "ул. Кабанбай батыра", "ул. Ауэзова", "пр. Независимости", "ул. Сатпаева", "ул. Гагарина",
)  # fmt: skip
TJ_STREETS = (
    "кӯчаи Айнӣ", "хиёбони Рӯдакӣ", "кӯчаи Бохтар", "кӯчаи Фирдавсӣ", "кӯчаи Сино",
    "кӯчаи Исмоили Сомонӣ", "кӯчаи Шотемур",
)  # fmt: skip
STATUS_WEIGHTS = {
    OrganisationStatus.ACTIVE: 90,
    OrganisationStatus.SUSPENDED: 2,
    OrganisationStatus.LIQUIDATING: 3,
    OrganisationStatus.LIQUIDATED: 5,
}

KZ_MEN = (
    "Нурлан", "Ерлан", "Данияр", "Асхат", "Бауыржан", "Ержан", "Тимур", "Арман",
    "Серик", "Азамат", "Андрей", "Сергей",
)  # fmt: skip
KZ_WOMEN = (
    "Айгерим", "Асель", "Дана", "Жанар", "Гульмира", "Мадина", "Алия", "Сауле",
    "Динара", "Ботагоз", "Ольга", "Елена",
)  # fmt: skip
# Male forms; the female form adds "а".
KZ_SURNAMES = (
    "Ахметов", "Бекенов", "Жумабаев", "Сапаров", "Оспанов", "Мукашев", "Есенов", "Исаев",
    "Нурланов", "Касымов", "Абенов", "Сейтказин", "Муратов", "Иванов", "Петров", "Смагулов",
    "Тулегенов", "Ибраев", "Кенжебаев", "Байжанов",
)  # fmt: skip
TJ_MEN = (
    "Фарҳод", "Рустам", "Ҷамшед", "Баҳодур", "Фирдавс", "Суҳроб", "Шерзод", "Исмоил",
    "Далер", "Манучеҳр",
)  # fmt: skip
TJ_WOMEN = (
    "Нигина", "Мадина", "Зарина", "Шаҳноза", "Гулрухсор", "Малика", "Дилнура", "Фарзона",
    "Меҳрангез", "Сабрина",
)  # fmt: skip
# The -зода surnames are the same for men and women.
TJ_SURNAMES = (
    "Раҳимов", "Саидов", "Қодиров", "Назаров", "Шарипов", "Каримов", "Ҳасанов", "Юсуфов",
    "Сафаров", "Мирзоев", "Раҳимзода", "Саидзода", "Назарзода", "Шарифзода", "Каримзода",
)  # fmt: skip

CURRENCY = {"KZ": "KZT", "TJ": "TJS"}
# Most CSOs are in Kazakhstan (about 23,000 registered against about 3,000 in Tajikistan).
JURISDICTION_WEIGHTS = {"KZ": 88, "TJ": 12}


# ---------------------------------------------------------------------------------------------
# The run.


@dataclass(frozen=True)
class GenerateOptions:
    orgs: int = 25_000
    members_per_org: int = 2
    seed: int = 1
    jurisdictions: tuple[str, ...] = ("KZ", "TJ")
    batch_size: int = 2_000
    # Funding competitions (generate_competitions.py); 0 calls keeps the registry-only run.
    plans_per_body: int = 1
    calls: int = 0
    lots_per_call: int = 3
    applications: int = 0
    applications_in_one_call: int = 0
    # Contracts, payments and reports (generate_contracts.py); None: one per lot of the
    # decided and final calls that has a compliant application.
    contracts: int | None = None


@dataclass(slots=True)
class GeneratedOrganisation:
    """What later steps need to know of an organisation without reading it back."""

    pk: int
    jurisdiction: str
    identifier: str
    registered_on: date
    status: str
    areas: tuple[str, ...]
    name: str = ""


class Progress:
    """A one-line progress bar (no dependency): label, bar, count; redrawn on each percent."""

    def __init__(self, write: Callable[[str], None] | None, label: str, total: int) -> None:
        self.write, self.label, self.total, self.done, self._shown = write, label, total, 0, -1
        self._draw()

    def advance(self, count: int) -> None:
        self.done += count
        self._draw()

    def close(self) -> None:
        if self.write is not None:
            self.write("\n")

    def _draw(self) -> None:
        if self.write is None:
            return
        percent = 100 * self.done // self.total if self.total else 100
        if percent == self._shown:
            return
        self._shown = percent
        bar = ("#" * (percent // 4)).ljust(25, ".")
        self.write(f"\r{self.label:<16} [{bar}] {percent:3d}%  {self.done:,}/{self.total:,}")


@dataclass
class GenerateRun:
    options: GenerateOptions
    write: Callable[[str], None] | None = None
    organisations: list[GeneratedOrganisation] = field(default_factory=list)
    today: date = field(default_factory=timezone.localdate)
    now: datetime = field(default_factory=timezone.now)
    # The first member of each organisation: organisation pk → (user pk, full name).
    members: dict[int, tuple[int, str]] = field(default_factory=dict)
    # Filled by the competition steps (generate_competitions.py).
    bodies: list = field(default_factory=list)
    calls: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    created: dict[str, int] = field(default_factory=dict)
    plans: Any = None
    rules: Any = None
    pool: dict = field(default_factory=dict)
    big_call: Any = None

    def rng(self, stream: str) -> random.Random:
        return random.Random(f"{self.options.seed}:{stream}")

    def progress(self, label: str, total: int) -> Progress:
        return Progress(self.write, label, total)


# A step returns the number of rows it inserted per table.
Step = Callable[[GenerateRun], dict[str, int]]
STEPS: list[tuple[str, Step]] = []


def generator_step(name: str) -> Callable[[Step], Step]:
    """Register a step; steps run in the order they are defined."""

    def register(step: Step) -> Step:
        STEPS.append((name, step))
        return step

    return register


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _weighted(rng: random.Random, weights: dict) -> Callable[[], object]:
    keys, cumulative = list(weights), []
    total = 0
    for value in weights.values():
        total += value[1] if isinstance(value, tuple) else value
        cumulative.append(total)
    return lambda: rng.choices(keys, cum_weights=cumulative)[0]


def generate(
    options: GenerateOptions,
    *,
    write: Callable[[str], None] | None = None,
    notes: list[str] | None = None,
) -> dict[str, int]:
    """Run every step in one transaction, record one audit event with the counts and return
    the rows inserted per table. `write` receives the progress bar; None draws nothing;
    `notes` receives lines worth telling (where the large call is)."""
    run = GenerateRun(options=options, write=write)
    if notes is not None:
        run.notes = notes
    counts: dict[str, int] = {}
    with transaction.atomic():
        for _name, step in STEPS:
            counts.update(step(run))
        if run.organisations:
            audit_record(
                actor=None,
                action="portal.generate",
                obj=Organisation.objects.get(pk=run.organisations[0].pk),
                changes={"options": asdict(options), "rows": counts},
            )
    return counts


# ---------------------------------------------------------------------------------------------
# The steps.


def _identifiers(run: GenerateRun) -> Callable[[str, date], str]:
    """Draws identifiers that are valid and not yet taken in the database or in this run."""
    rng = run.rng("identifiers")
    taken = {
        code: set(
            Organisation.objects.filter(jurisdiction_id=code).values_list("identifier", flat=True)
        )
        for code in ("KZ", "TJ")
    }

    def draw(jurisdiction: str, registered_on: date) -> str:
        while True:
            if jurisdiction == "KZ":
                # Digit 6 = 0: a head organisation rather than a branch.
                value = make_kz_bin(
                    registered_on.year, registered_on.month, "4", rng.randrange(100_000)
                )
            else:
                value = f"{rng.randrange(10_000_000, 1_000_000_000):09d}"
            if value is not None and value not in taken[jurisdiction]:
                taken[jurisdiction].add(value)
                return value

    return draw


@generator_step("organisations")
def organisations_generate(run: GenerateRun) -> int:
    options = run.options
    rng = run.rng("organisations")
    identifier_for = _identifiers(run)
    jurisdiction_of = _weighted(
        rng, {j: w for j, w in JURISDICTION_WEIGHTS.items() if j in options.jurisdictions}
    )
    kind = {"KZ": _weighted(rng, KZ_KIND_WEIGHTS), "TJ": _weighted(rng, TJ_KIND_WEIGHTS)}
    region = {"KZ": _weighted(rng, KZ_REGIONS), "TJ": _weighted(rng, TJ_REGIONS)}
    status_of = _weighted(rng, STATUS_WEIGHTS)
    first_day = date(1995, 1, 1).toordinal()
    last_day = date(run.today.year - 1, 12, 31).toordinal()

    def build() -> tuple[Organisation, tuple[str, ...]]:
        jurisdiction = jurisdiction_of()
        form = kind[jurisdiction]()
        region_code = region[jurisdiction]()
        registered_on = date.fromordinal(rng.randint(first_day, last_day))
        if jurisdiction == "KZ":
            activity_ru, activity_kk, areas = rng.choice(KZ_ACTIVITIES)
            brand = rng.choice(KZ_BRANDS)
            form_ru, form_kk = KZ_FORMS[form]
            names = {
                "name_ru": f"{form_ru} «{activity_ru} «{brand}»»",
                "name_kk": f"««{brand}» {activity_kk}» {form_kk}",
            }
            city = KZ_REGIONS[region_code][0]
            street = rng.choice(KZ_STREETS)
        else:
            activity_tg, activity_ru, areas = rng.choice(TJ_ACTIVITIES)
            brand = rng.choice(TJ_BRANDS)
            form_tg, form_ru = TJ_FORMS[form]
            names = {
                "name_tg": f"{form_tg} «{activity_tg} «{brand}»»",
                "name_ru": f"{form_ru} «{activity_ru} «{brand}»»",
            }
            city = TJ_REGIONS[region_code][0]
            street = rng.choice(TJ_STREETS)
        if rng.random() < 0.3:
            areas = (*areas, rng.choice(("youth", "children", "vulnerable-groups", "other")))
        identifier = identifier_for(jurisdiction, registered_on)
        organisation = Organisation(
            jurisdiction_id=jurisdiction,
            kind=form,
            identifier=identifier,
            region_id=region_code,
            address=f"{city}, {street}, {rng.randint(1, 240)}",
            registered_on=registered_on,
            status=status_of(),
            email=f"info-{identifier}@example.org",
            **names,
        )
        organisation.refresh_derived()
        return organisation, tuple(dict.fromkeys(areas))

    progress = run.progress("organisations", options.orgs)
    for batch in batched((build() for _ in range(options.orgs)), options.batch_size):
        Organisation.objects.bulk_create([org for org, _ in batch])
        run.organisations.extend(
            GeneratedOrganisation(
                org.pk,
                org.jurisdiction_id,
                org.identifier,
                org.registered_on,
                org.status,
                areas,
                org.name_ru,
            )
            for org, areas in batch
        )
        progress.advance(len(batch))
    progress.close()
    return {"organisations": len(run.organisations)}


@generator_step("areas")
def areas_generate(run: GenerateRun) -> int:
    Through = Organisation.areas.through
    links = (
        Through(organisation_id=org.pk, area_id=code)
        for org in run.organisations
        for code in org.areas
    )
    count = 0
    for batch in batched(links, run.options.batch_size):
        Through.objects.bulk_create(batch)
        count += len(batch)
    return {"area links": count}


@generator_step("annual reports")
def annual_reports_generate(run: GenerateRun) -> int:
    """Reports for the last three years. About a third of CSOs report reliably on time, a third
    now and then (often late), the rest rarely: on the order of the few thousand of 18,000 active
    KZ NGOs that filed on time for 2022 (DOMAIN.md §5)."""
    rng = run.rng("annual reports")
    years = range(run.today.year - 3, run.today.year)
    habits = ((0.95, 0.95), (0.6, 0.5), (0.15, 0.2))  # (files at all, on time when it files)

    def reports_of(org: GeneratedOrganisation) -> Iterator[AnnualReport]:
        files, on_time = rng.choices(habits, weights=(35, 35, 30))[0]
        for year in years:
            if year < org.registered_on.year or rng.random() >= files:
                continue
            if org.status == OrganisationStatus.LIQUIDATED and year == years[-1]:
                continue
            # Dates either side of the KZ deadline (31 March); whether a report is late is
            # decided by the registry from the rule set, not here.
            deadline = date(year + 1, 3, 31)
            if rng.random() < on_time:
                submitted = deadline - timedelta(days=rng.randint(0, 80))
            else:
                submitted = min(deadline + timedelta(days=rng.randint(1, 240)), run.today)
            staff = rng.randint(1, 40)
            income = rng.randint(0, 60_000) * (1_000 if org.jurisdiction == "KZ" else 10)
            yield AnnualReport(
                organisation_id=org.pk,
                year=year,
                submitted_on=submitted,
                staff_count=staff,
                volunteer_count=rng.randint(0, 5 * staff),
                beneficiary_count=rng.randint(20, 5_000),
                income=Decimal(income),
                currency=CURRENCY[org.jurisdiction],
            )

    progress = run.progress("annual reports", len(run.organisations))
    count = 0
    for chunk in batched(run.organisations, run.options.batch_size):
        batch = [report for org in chunk for report in reports_of(org)]
        AnnualReport.objects.bulk_create(batch, batch_size=run.options.batch_size)
        count += len(batch)
        progress.advance(len(chunk))
    progress.close()
    return {"annual reports": count}


@generator_step("members")
def members_generate(run: GenerateRun) -> int:
    """Members of every organisation: its first member administers it. Users share one
    precomputed password hash (the demo password): hashing is slow by design."""
    per_org = run.options.members_per_org
    if per_org <= 0:
        return {"users": 0, "memberships": 0}
    rng = run.rng("members")
    password_hash = make_password(PASSWORD)
    now = timezone.now()

    def person(org: GeneratedOrganisation, number: int) -> tuple[User, Membership]:
        woman = rng.random() < 0.55
        if org.jurisdiction == "KZ":
            first = rng.choice(KZ_WOMEN if woman else KZ_MEN)
            surname = rng.choice(KZ_SURNAMES)
            language = rng.choice(("kk", "ru"))
        else:
            first = rng.choice(TJ_WOMEN if woman else TJ_MEN)
            surname = rng.choice(TJ_SURNAMES)
            language = rng.choice(("tg", "tg", "ru"))
        if woman and not surname.endswith("зода"):
            surname += "а"
        user = User(
            email=f"m{number}.{org.identifier}@{org.jurisdiction.lower()}.example.org",
            full_name=f"{first} {surname}",
            preferred_language=language,
            password=password_hash,
            date_joined=now,
        )
        membership = Membership(
            organisation_id=org.pk,
            role=MembershipRole.ADMIN if number == 1 else MembershipRole.MEMBER,
            status=MembershipStatus.ACTIVE,
            created_at=now,
        )
        return user, membership

    people = (person(org, number) for org in run.organisations for number in range(1, per_org + 1))
    progress = run.progress("members", len(run.organisations) * per_org)
    count = 0
    for batch in batched(people, run.options.batch_size):
        users = User.objects.bulk_create([user for user, _ in batch])
        for user, (_, membership) in zip(users, batch, strict=True):
            membership.user_id = user.pk
            if membership.role == MembershipRole.ADMIN:
                run.members[membership.organisation_id] = (user.pk, user.full_name)
        Membership.objects.bulk_create([membership for _, membership in batch])
        count += len(batch)
        progress.advance(len(batch))
    progress.close()
    return {"users": count, "memberships": count}


# The competition steps register after the registry's: they use its organisations and members.
from hamkori.demo import generate_competitions  # noqa: E402, F401
