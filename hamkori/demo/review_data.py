"""Demo experts: the register the draws of the demo calls are made from (issue 4).

Every expert signs in with the demo password. Directions are spread so that each area of the demo's
reviewed lots has at least six experts (a panel of three plus three reserves); two experts have a
known conflict with demo applicants (a membership, a declared relation), so the draw excludes
them."""

from __future__ import annotations

from dataclasses import dataclass

from hamkori.demo.data import DEMO_DOMAIN

KZ_AREAS = (
    "rights",
    "vulnerable-groups",
    "family-gender",
    "youth",
    "social-harmony",
    "children",
    "health",
)
TJ_AREAS = ("youth", "rights", "culture-art", "health")


@dataclass(frozen=True)
class ExpertSeed:
    email: str
    full_name: str
    jurisdiction: str
    language: str
    qualification: str
    languages: tuple[str, ...] = ("kk", "ru")
    areas: tuple[str, ...] = ()
    member_of: str = ""  # an organisation key: an active membership (a known conflict)
    relation: tuple[str, str, str] | None = None  # (organisation key, kind, description)


def _kz_areas(index: int) -> tuple[str, ...]:
    return tuple(KZ_AREAS[(index + step) % len(KZ_AREAS)] for step in (0, 2, 4))


def _tj_areas(index: int) -> tuple[str, ...]:
    return tuple(TJ_AREAS[(index + step) % len(TJ_AREAS)] for step in (0, 1, 2))


_KZ = (
    ("a.bekova", "Айнур Бекова", "ru", "Юрист, 12 лет в правозащитных НПО."),
    ("d.nurlanov", "Данияр Нурланов", "kk", "Социолог, оценка социальных программ."),
    ("m.sadykova", "Мадина Садыкова", "ru", "Социальный работник, супервизор служб ухода."),
    ("k.abenov", "Канат Абенов", "kk", "Экономист, бюджетирование социальных проектов."),
    ("s.ivanova", "Светлана Иванова", "ru", "Психолог, кризисное консультирование."),
    ("e.tokhtarov", "Ержан Тохтаров", "kk", "Руководитель молодёжных программ, 10 лет."),
    ("g.alieva", "Гаухар Алиева", "ru", "Специалист по гендерному равенству."),
    ("b.seitkali", "Бекзат Сейткали", "kk", "Этнолог, межэтнический диалог."),
    ("n.kim", "Наталья Ким", "ru", "Педиатр, программы раннего развития."),
    ("a.zhaksylyk", "Асель Жаксылык", "kk", "Специалист по инклюзии людей с инвалидностью."),
    ("t.omarov", "Тимур Омаров", "ru", "Аудитор, финансовый контроль грантов."),
    ("z.mukhanova", "Зарина Муханова", "kk", "Преподаватель социальной работы, КазНУ."),
    ("r.akhmetov", "Руслан Ахметов", "ru", "Эксперт по общественному здоровью."),
)
_TJ = (
    ("f.saidov", "Фаррух Саидов", "tg", "Ҳуқуқшинос, 9 сол дар созмонҳои ҷамъиятӣ."),
    ("z.nazarova", "Зарина Назарова", "tg", "Мутахассиси барномаҳои ҷавонон."),
    ("sh.rahimov", "Шерали Раҳимов", "tg", "Фарҳангшинос, мероси фарҳангӣ."),
    ("m.karimova", "Малика Каримова", "ru", "Врач, общественное здравоохранение."),
    ("d.olimov", "Далер Олимов", "tg", "Иқтисодчӣ, арзёбии лоиҳаҳо."),
    ("n.sharipova", "Нилуфар Шарипова", "tg", "Корманди иҷтимоӣ, ҳимояи кӯдакон."),
    ("b.yusufov", "Бахтиёр Юсуфов", "ru", "Социолог, мониторинг и оценка."),
    ("g.mirzoeva", "Гулноза Мирзоева", "tg", "Мутахассиси гендер ва ҳуқуқи занон."),
)

EXPERT_DOMAIN = f"experts.{DEMO_DOMAIN}"

EXPERTS = (
    # The demo's signed-in expert (data.PEOPLE): on the panel of the review under way.
    ExpertSeed(
        email=f"expert@{DEMO_DOMAIN}",
        full_name="Гульнара Есенова",
        jurisdiction="KZ",
        language="kk",
        qualification="Социальный работник и исследователь, 15 лет в сфере социальных услуг.",
        areas=("vulnerable-groups", "rights", "family-gender", "youth"),
    ),
    *(
        ExpertSeed(
            email=f"{key}@{EXPERT_DOMAIN}",
            full_name=name,
            jurisdiction="KZ",
            language=language,
            qualification=about,
            areas=_kz_areas(index),
            member_of="adilet-zholy" if key == "a.bekova" else "",
            relation=("senim", "family", "Сестра работает бухгалтером в «Сенім».")
            if key == "s.ivanova"
            else None,
        )
        for index, (key, name, language, about) in enumerate(_KZ)
    ),
    *(
        ExpertSeed(
            email=f"{key}@{EXPERT_DOMAIN}",
            full_name=name,
            jurisdiction="TJ",
            language=language,
            qualification=about,
            languages=("tg", "ru"),
            areas=_tj_areas(index),
        )
        for index, (key, name, language, about) in enumerate(_TJ)
    ),
)


# The competition commissions: (e-mail, name, language, role). Not experts, so that nobody who
# scored approves the awards.
COMMISSIONS = {
    "KZ": (
        (f"kz1@commission.{DEMO_DOMAIN}", "Бахыт Жунусов", "kk", "chair"),
        (f"kz2@commission.{DEMO_DOMAIN}", "Елена Ли", "ru", "secretary"),
        (f"kz3@commission.{DEMO_DOMAIN}", "Нурлан Байжанов", "kk", "member"),
        (f"kz4@commission.{DEMO_DOMAIN}", "Айжан Тулегенова", "ru", "member"),
        (f"kz5@commission.{DEMO_DOMAIN}", "Марат Сулейменов", "kk", "member"),
    ),
    "TJ": (
        (f"tj1@commission.{DEMO_DOMAIN}", "Рустам Назаров", "tg", "chair"),
        (f"tj2@commission.{DEMO_DOMAIN}", "Мунира Ҳасанова", "tg", "secretary"),
        (f"tj3@commission.{DEMO_DOMAIN}", "Ҷамшед Бобоев", "tg", "member"),
        (f"tj4@commission.{DEMO_DOMAIN}", "Светлана Павлова", "ru", "member"),
        (f"tj5@commission.{DEMO_DOMAIN}", "Парвиз Ғаниев", "tg", "member"),
    ),
}
