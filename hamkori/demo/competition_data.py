"""Demo funding competitions: calls of every instrument in both countries, their lots and the
applications of the demo CSOs. Windows are days relative to the moment the demo is loaded,
so the demo has open calls on any date; amounts of banded instruments are in MRP and converted
with the MRP of the call's financial year (so they stay inside the band whatever the year).

Instruments by country follow the rules: Kazakhstan has bands for grants and awards and
durations for the social order; Tajikistan's rules know only the state social order, so its
demo has social-order calls and a subsidy (a programme-specific instrument with no band in
either country's rules)."""

from __future__ import annotations

from dataclasses import dataclass, field

from hamkori.calls.models import Instrument
from hamkori.calls.workflow import CallState

KZ_ALL = ("*KZ",)
TJ_ALL = ("*TJ",)


@dataclass(frozen=True)
class LotSeed:
    titles: dict[str, str]
    descriptions: dict[str, str]
    area: str
    target_group: str
    regions: tuple[str, ...]  # "*KZ" / "*TJ": every region of the country
    amount: int  # MRP for grants and awards, the currency otherwise
    months: int
    max_awards: int = 1
    service_standard: str = ""


@dataclass(frozen=True)
class ApplicationSeed:
    organisation: str  # OrgSeed.key
    lot: int  # 1-based lot number within the call
    state: str  # draft, submitted, resubmitted, withdrawn
    language: str
    title: str
    share: str = "0.95"  # of the lot budget requested
    compliance: str = "pending"  # compliant, non_compliant (after the close)
    compliance_reason: str = ""
    author: str = ""  # e-mail of a demo person; else the organisation's contact person
    documents_missing: bool = False  # the project budget was not attached


@dataclass(frozen=True)
class AmendmentSeed:
    reason: str
    extend_days: int


@dataclass(frozen=True)
class CallSeed:
    key: str
    body: str
    instrument: str
    state: str
    closes_in_days: int  # negative: closed that many days ago
    titles: dict[str, str]
    descriptions: dict[str, str]
    lots: tuple[LotSeed, ...]
    applications: tuple[ApplicationSeed, ...] = ()
    amendment: AmendmentSeed | None = None
    window_days: int = 25
    planned_lots: tuple[LotSeed, ...] = field(default=())  # in the plan, not yet offered


S, INS = CallState, Instrument

CALLS = (
    CallSeed(
        key="GS",
        body="cscsi",
        instrument=INS.GRANT_SHORT,
        state=S.OPEN,
        closes_in_days=5,
        titles={
            "kk": "ҮЕҰ-ға арналған қысқа мерзімді мемлекеттік гранттар конкурсы",
            "ru": "Конкурс краткосрочных государственных грантов для НПО",
            "en": "Short-term state grants for NGOs",
        },
        descriptions={
            "ru": "Гранты на проекты сроком до 12 месяцев по приоритетным направлениям плана "
            "государственных грантов. Заявки принимаются на казахском или русском языке.",
            "kk": "Мемлекеттік гранттар жоспарының басым бағыттары бойынша 12 айға дейінгі "
            "жобаларға гранттар. Өтінімдер қазақ немесе орыс тілінде қабылданады.",
        },
        lots=(
            LotSeed(
                titles={
                    "kk": "Өңірлерде жастар арасында еріктілікті дамыту",
                    "ru": "Развитие волонтёрства среди молодёжи в регионах",
                    "en": "Youth volunteering in the regions",
                },
                descriptions={
                    "ru": "Вовлечение молодёжи 14–29 лет в волонтёрские проекты в малых "
                    "городах и сёлах; обучение координаторов.",
                    "kk": "Шағын қалалар мен ауылдардағы 14–29 жастағы жастарды еріктілік "
                    "жобаларына тарту; үйлестірушілерді оқыту.",
                },
                area="youth",
                target_group="youth",
                regions=KZ_ALL,
                amount=1_800,
                months=10,
            ),
            LotSeed(
                titles={
                    "kk": "Мүгедектігі бар балаларға арналған инклюзивті бос уақыт",
                    "ru": "Инклюзивный досуг для детей с инвалидностью",
                    "en": "Inclusive leisure for children with disabilities",
                },
                descriptions={
                    "ru": "Кружки, спорт и творчество для детей с инвалидностью вместе со "
                    "сверстниками в городах республиканского значения.",
                    "kk": "Республикалық маңызы бар қалаларда мүгедектігі бар балаларға "
                    "құрдастарымен бірге үйірмелер, спорт және шығармашылық.",
                },
                area="vulnerable-groups",
                target_group="disability",
                regions=("KZ-71", "KZ-75", "KZ-79"),
                amount=1_500,
                months=8,
            ),
            LotSeed(
                titles={
                    "kk": "Мектеп оқушыларына экологиялық ағарту",
                    "ru": "Экологическое просвещение школьников",
                    "en": "Environmental education for schoolchildren",
                },
                descriptions={
                    "ru": "Практические занятия по раздельному сбору отходов и охране воды.",
                    "kk": "Қалдықтарды бөлек жинау және суды қорғау бойынша практикалық сабақтар.",
                },
                area="environment",
                target_group="children",
                regions=KZ_ALL,
                amount=1_200,
                months=6,
            ),
        ),
        applications=(
            ApplicationSeed(
                "birge",
                2,
                "draft",
                "ru",
                "Клуб «Вместе» для детей с инвалидностью и их сверстников",
                author="cso.kz@demo.hamkori.org",
            ),
            ApplicationSeed("zhurek", 1, "submitted", "kk", "«Жүрек» ауылдық еріктілер мектебі"),
            ApplicationSeed(
                "bilim-bolashak",
                1,
                "submitted",
                "ru",
                "Школа молодёжных лидеров-волонтёров «Болашак»",
                share="0.9",
            ),
            ApplicationSeed(
                "mangystau-explorers",
                3,
                "submitted",
                "kk",
                "«Таза Каспий» мектеп экологиялық экспедициялары",
            ),
            ApplicationSeed("kaspii-tabigaty", 3, "draft", "ru", "Эко-уроки на берегу Каспия"),
            ApplicationSeed("shanyrak", 2, "submitted", "ru", "Семейные выходные «Шаңырақ»"),
            ApplicationSeed(
                "koz-nury", 2, "withdrawn", "ru", "Тактильный театр для незрячих детей"
            ),
            ApplicationSeed(
                "zhasyl-almaty",
                3,
                "resubmitted",
                "ru",
                "«Зелёная школа»: раздельный сбор отходов в школах Алматы",
                author="cso2.kz@demo.hamkori.org",
            ),
        ),
    ),
    CallSeed(
        key="GM",
        body="cscsi",
        instrument=INS.GRANT_MEDIUM,
        state=S.OPEN,
        closes_in_days=12,
        window_days=25,
        titles={
            "kk": "Орта мерзімді мемлекеттік гранттар конкурсы: отбасы және мұра",
            "ru": "Конкурс среднесрочных государственных грантов: семья и наследие",
            "en": "Medium-term state grants: families and heritage",
        },
        descriptions={
            "ru": "Проекты на 12–24 месяца: поддержка семей, воспитывающих детей с "
            "расстройствами аутистического спектра, и сохранение нематериального наследия.",
            "kk": "12–24 айлық жобалар: аутизм спектрі бұзылыстары бар балаларды тәрбиелеп "
            "отырған отбасыларды қолдау және материалдық емес мұраны сақтау.",
        },
        lots=(
            LotSeed(
                titles={
                    "kk": "Аутизмі бар балаларды тәрбиелеп отырған отбасыларды қолдау",
                    "ru": "Поддержка семей, воспитывающих детей с аутизмом",
                    "en": "Support for families raising children with autism",
                },
                descriptions={
                    "ru": "Ранняя помощь, группы поддержки родителей, обучение педагогов.",
                    "kk": "Ерте көмек, ата-аналарды қолдау топтары, педагогтарды оқыту.",
                },
                area="children",
                target_group="disability",
                regions=KZ_ALL,
                amount=6_000,
                months=18,
            ),
            LotSeed(
                titles={
                    "kk": "Материалдық емес мәдени мұраны сақтау",
                    "ru": "Сохранение нематериального культурного наследия",
                    "en": "Safeguarding intangible cultural heritage",
                },
                descriptions={
                    "ru": "Запись и передача традиций: айтыс, ремёсла, устная история.",
                    "kk": "Дәстүрлерді жазып алу және жеткізу: айтыс, қолөнер, ауызша тарих.",
                },
                area="heritage",
                target_group="general",
                regions=KZ_ALL,
                amount=4_500,
                months=15,
            ),
        ),
        applications=(
            ApplicationSeed(
                "ezhelgi-taraz",
                2,
                "submitted",
                "kk",
                "Жамбыл өңірінің ауызша тарихы: жазу және мұрағат",
            ),
            ApplicationSeed("abai-murasy", 2, "draft", "kk", "Абай елінің қолөнер шеберлері"),
            ApplicationSeed("senim", 1, "draft", "ru", "Ресурсный центр для родителей детей с РАС"),
        ),
        amendment=AmendmentSeed(
            reason="Срок подачи заявок продлён на 5 дней по просьбе организаций из сельских "
            "районов: в первые дни приёма не работала электронная подпись на портале.",
            extend_days=5,
        ),
    ),
    CallSeed(
        key="GL",
        body="cscsi",
        instrument=INS.GRANT_LONG,
        state=S.CLOSED,
        closes_in_days=-3,
        titles={
            "kk": "Ұзақ мерзімді мемлекеттік гранттар: құқықтық көмек желісі",
            "ru": "Долгосрочные государственные гранты: сеть правовой помощи",
            "en": "Long-term state grants: a network of legal aid",
        },
        descriptions={
            "ru": "Гранты на 24–36 месяцев для развития бесплатной правовой помощи.",
            "kk": "Тегін құқықтық көмекті дамытуға арналған 24–36 айлық гранттар.",
        },
        lots=(
            LotSeed(
                titles={
                    "kk": "Құқықтық көмек орталықтарының желісін дамыту",
                    "ru": "Развитие сети центров бесплатной правовой помощи",
                    "en": "A network of free legal aid centres",
                },
                descriptions={
                    "ru": "Консультации для малообеспеченных граждан во всех областях.",
                    "kk": "Барлық облыстарда аз қамтылған азаматтарға кеңес беру.",
                },
                area="rights",
                target_group="low_income",
                regions=KZ_ALL,
                amount=15_000,
                months=30,
            ),
        ),
        applications=(
            ApplicationSeed(
                "adilet-zholy", 1, "submitted", "ru", "Мобильные юридические приёмные «Әділет жолы»"
            ),
            ApplicationSeed(
                "tutynushy",
                1,
                "submitted",
                "ru",
                "Правовая грамотность потребителей финансовых услуг",
            ),
            ApplicationSeed(
                "senim",
                1,
                "submitted",
                "ru",
                "Правовая помощь женщинам, пострадавшим от насилия",
                compliance="compliant",
            ),
            ApplicationSeed(
                "zhetysu-aielderi",
                1,
                "submitted",
                "kk",
                "Ауыл әйелдеріне құқықтық кеңес беру желісі",
                compliance="non_compliant",
                compliance_reason="Годовой отчёт в базу данных НПО за прошлый год представлен "
                "после 31 марта.",
            ),
            ApplicationSeed("dostyk", 1, "draft", "ru", "Правовая помощь этническим общинам"),
        ),
    ),
    CallSeed(
        key="SO",
        body="enbek",
        instrument=INS.SSO,
        state=S.UNDER_REVIEW,
        closes_in_days=-18,
        titles={
            "kk": "Мемлекеттік әлеуметтік тапсырыс: үйде күтім және оңалту",
            "ru": "Государственный социальный заказ: уход на дому и реабилитация",
            "en": "State social order: home care and rehabilitation",
        },
        descriptions={
            "ru": "Специальные социальные услуги по стандартам Министерства.",
            "kk": "Министрлік стандарттары бойынша арнаулы әлеуметтік қызметтер.",
        },
        lots=(
            LotSeed(
                titles={
                    "kk": "Жалғыз тұратын қарт адамдарға үйде күтім жасау",
                    "ru": "Уход на дому за одинокими пожилыми людьми",
                    "en": "Home care for older people living alone",
                },
                descriptions={
                    "ru": "Не менее 60 получателей услуг в Петропавловске и районах.",
                    "kk": "Петропавл мен аудандарда кемінде 60 қызмет алушы.",
                },
                area="vulnerable-groups",
                target_group="elderly",
                regions=("KZ-59",),
                amount=38_000_000,
                months=24,
                service_standard="Стандарт оказания специальных социальных услуг в условиях "
                "ухода на дому",
            ),
            LotSeed(
                titles={
                    "kk": "Көру қабілеті бұзылған адамдарды әлеуметтік оңалту",
                    "ru": "Социальная реабилитация людей с нарушениями зрения",
                    "en": "Social rehabilitation of people with visual impairments",
                },
                descriptions={
                    "ru": "Обучение ориентированию, брайлю и цифровым навыкам.",
                    "kk": "Бағдарлауға, Брайль жазуына және цифрлық дағдыларға үйрету.",
                },
                area="vulnerable-groups",
                target_group="disability",
                regions=("KZ-55", "KZ-35"),
                amount=22_500_000,
                months=12,
                service_standard="Стандарт оказания специальных социальных услуг в условиях "
                "полустационара",
            ),
        ),
        applications=(
            ApplicationSeed(
                "ak-zhol", 1, "submitted", "ru", "Тёплый дом: уход на дому", compliance="compliant"
            ),
            ApplicationSeed(
                "umit", 1, "submitted", "ru", "Патронаж пожилых «Үміт»", compliance="compliant"
            ),
            ApplicationSeed(
                "ulytau-kenshileri",
                1,
                "submitted",
                "kk",
                "Қарт кеншілерге үйде күтім",
                compliance="non_compliant",
                compliance_reason="Организация находится в процессе ликвидации.",
            ),
            ApplicationSeed(
                "koz-nury", 2, "submitted", "ru", "Школа независимой жизни", compliance="compliant"
            ),
            ApplicationSeed(
                "kamkor",
                2,
                "submitted",
                "ru",
                "Реабилитация и цифровые навыки",
                compliance="non_compliant",
                compliance_reason="Годовой отчёт за прошлый год представлен с опозданием.",
            ),
            ApplicationSeed("zhurek", 1, "withdrawn", "kk", "Қарттарға еріктілер көмегі"),
        ),
    ),
    CallSeed(
        key="SA",
        body="almaty-akimat",
        instrument=INS.SSO,
        state=S.DECIDED,
        closes_in_days=-75,
        titles={
            "kk": "Алматы қаласының әлеуметтік тапсырысы: дағдарыс орталығы және жастар",
            "ru": "Социальный заказ города Алматы: кризисный центр и молодёжь",
            "en": "Almaty city social order: a crisis centre and young people",
        },
        descriptions={
            "ru": "Социальные проекты акимата города Алматы на следующий финансовый год.",
            "kk": "Алматы қаласы әкімдігінің келесі қаржы жылына арналған әлеуметтік жобалары.",
        },
        lots=(
            LotSeed(
                titles={
                    "kk": "Тұрмыстық зорлық-зомбылықтан зардап шеккен әйелдерге дағдарыс орталығы",
                    "ru": "Кризисный центр для женщин, пострадавших от бытового насилия",
                    "en": "A crisis centre for women who survived domestic violence",
                },
                descriptions={
                    "ru": "Круглосуточный приём, временное проживание, психолог и юрист.",
                    "kk": "Тәулік бойы қабылдау, уақытша тұру, психолог және заңгер.",
                },
                area="family-gender",
                target_group="violence",
                regions=("KZ-75",),
                amount=45_000_000,
                months=12,
                service_standard="Стандарт оказания специальных социальных услуг жертвам "
                "бытового насилия",
            ),
            LotSeed(
                titles={
                    "kk": "Жастарды аудандарды абаттандыруға тарту",
                    "ru": "Вовлечение молодёжи в благоустройство районов",
                    "en": "Young people improving their neighbourhoods",
                },
                descriptions={
                    "ru": "Молодёжные инициативы по озеленению дворов и общественных пространств.",
                    "kk": "Аулалар мен қоғамдық кеңістіктерді көгалдандыру бойынша "
                    "жастар бастамалары.",
                },
                area="youth",
                target_group="youth",
                regions=("KZ-75",),
                amount=18_000_000,
                months=12,
            ),
        ),
        applications=(
            ApplicationSeed(
                "senim", 1, "submitted", "ru", "Кризисный центр «Сенім»", compliance="compliant"
            ),
            ApplicationSeed(
                "shanyrak",
                1,
                "submitted",
                "ru",
                "Безопасный дом для матерей с детьми",
                compliance="compliant",
            ),
            ApplicationSeed(
                "sakhna",
                2,
                "submitted",
                "kk",
                "Аула-театр: жастар ауласын безендіреді",
                compliance="compliant",
            ),
            ApplicationSeed(
                "zhasyl-almaty",
                2,
                "submitted",
                "ru",
                "Зелёные дворы Алмалинского района",
                compliance="non_compliant",
                compliance_reason="Годовой отчёт за прошлый год представлен после 31 марта.",
                author="cso2.kz@demo.hamkori.org",
            ),
        ),
    ),
    CallSeed(
        key="AW",
        body="mci",
        instrument=INS.AWARD,
        state=S.DECIDED,
        closes_in_days=-100,
        titles={
            "kk": "Үкіметтік емес ұйымдарға арналған мемлекеттік сыйлық",
            "ru": "Государственная премия для неправительственных организаций",
            "en": "State award for non-governmental organisations",
        },
        descriptions={
            "ru": "Премия за значительный вклад в решение социальных вопросов; номинации ниже.",
            "kk": "Әлеуметтік мәселелерді шешуге елеулі үлесі үшін сыйлық; номинациялар төменде.",
        },
        lots=(
            LotSeed(
                titles={
                    "kk": "Әлеуметтік осал топтарды қолдаудағы үздік жоба",
                    "ru": "Лучший проект в сфере поддержки социально уязвимых групп",
                    "en": "Best project supporting vulnerable groups",
                },
                descriptions={"ru": "Номинация для организаций, работающих не менее 3 лет."},
                area="vulnerable-groups",
                target_group="general",
                regions=KZ_ALL,
                amount=2_500,
                months=12,
                max_awards=2,
            ),
            LotSeed(
                titles={
                    "kk": "Қоғамдық келісімді нығайтуға қосқан үлесі үшін",
                    "ru": "За вклад в укрепление общественного согласия",
                    "en": "For strengthening social harmony",
                },
                descriptions={"ru": "Номинация для этнокультурных и сельских объединений."},
                area="social-harmony",
                target_group="general",
                regions=KZ_ALL,
                amount=2_500,
                months=12,
            ),
        ),
        applications=(
            ApplicationSeed(
                "koz-nury",
                1,
                "submitted",
                "ru",
                "20 лет независимой жизни незрячих",
                share="1",
                compliance="compliant",
            ),
            ApplicationSeed(
                "birge",
                1,
                "submitted",
                "ru",
                "Родители — за инклюзию",
                share="1",
                compliance="compliant",
                author="cso.kz@demo.hamkori.org",
            ),
            ApplicationSeed(
                "dostyk",
                2,
                "submitted",
                "kk",
                "«Достық» үйі: 20 жыл бірлікте",
                share="1",
                compliance="compliant",
            ),
            ApplicationSeed(
                "auyl-damuy",
                2,
                "submitted",
                "ru",
                "Сельские советы согласия",
                share="1",
                compliance="compliant",
            ),
        ),
    ),
    CallSeed(
        key="SU",
        body="edu",
        instrument=INS.SUBSIDY,
        state=S.OPEN,
        closes_in_days=20,
        titles={
            "kk": "Көпбалалы отбасылардың балаларының жазғы демалысына субсидиялар",
            "ru": "Субсидии на летний отдых детей из многодетных семей",
            "en": "Subsidies for summer camps for children of large families",
        },
        descriptions={
            "ru": "Субсидирование смен летних лагерей, организуемых НПО.",
            "kk": "ҮЕҰ ұйымдастыратын жазғы лагерь ауысымдарын субсидиялау.",
        },
        lots=(
            LotSeed(
                titles={
                    "kk": "Астанадағы жазғы лагерь ауысымдары",
                    "ru": "Смены летних лагерей в Астане",
                    "en": "Summer camp sessions in Astana",
                },
                descriptions={"ru": "Не менее 300 детей из многодетных семей за лето."},
                area="children",
                target_group="large_families",
                regions=("KZ-71",),
                amount=30_000_000,
                months=6,
            ),
        ),
        applications=(
            ApplicationSeed("bilim-bolashak", 1, "submitted", "ru", "Лагерь «Білім» для 320 детей"),
            ApplicationSeed("ana-meirimi", 1, "draft", "kk", "«Ана мейірімі» жазғы лагері"),
        ),
    ),
    CallSeed(
        key="SP",
        body="almaty-akimat",
        instrument=INS.SSO,
        state=S.ANNOUNCED,
        closes_in_days=29,
        titles={
            "kk": "Үйдегі паллиативтік көмек",
            "ru": "Паллиативная помощь на дому",
            "en": "Palliative care at home",
        },
        descriptions={"ru": "Объявлен; приём заявок начнётся через несколько дней."},
        lots=(
            LotSeed(
                titles={
                    "kk": "Үйдегі паллиативтік көмек көрсету",
                    "ru": "Оказание паллиативной помощи на дому",
                    "en": "Palliative care at home",
                },
                descriptions={"ru": "Выездные бригады для 40 пациентов."},
                area="health",
                target_group="elderly",
                regions=("KZ-75",),
                amount=26_000_000,
                months=12,
            ),
        ),
    ),
    CallSeed(
        key="SE",
        body="enbek",
        instrument=INS.SSO,
        state=S.DRAFT,
        closes_in_days=40,
        titles={
            "kk": "Мүгедектігі бар адамдарды сүйемелденетін жұмысқа орналастыру",
            "ru": "Сопровождаемое трудоустройство людей с инвалидностью",
            "en": "Supported employment of people with disabilities",
        },
        descriptions={"ru": "Черновик: условия ещё обсуждаются."},
        lots=(
            LotSeed(
                titles={
                    "kk": "Сүйемелденетін жұмысқа орналастыру",
                    "ru": "Сопровождаемое трудоустройство",
                    "en": "Supported employment",
                },
                descriptions={"ru": "Наставники на рабочем месте."},
                area="vulnerable-groups",
                target_group="disability",
                regions=("KZ-71",),
                amount=20_000_000,
                months=12,
            ),
        ),
    ),
    # Tajikistan.
    CallSeed(
        key="SO",
        body="asp-tj",
        instrument=INS.SSO,
        state=S.OPEN,
        closes_in_days=6,
        titles={
            "tg": "Фармоиши иҷтимоии давлатӣ: хизматрасонӣ ба кӯдакони дорои маъюбӣ ва пиронсолон",
            "ru": "Государственный социальный заказ: услуги детям с инвалидностью и пожилым",
            "en": "State social order: services for children with disabilities and older people",
        },
        descriptions={
            "tg": "Хизматрасониҳои иҷтимоӣ аз ҷониби ташкилотҳои ҷамъиятӣ дар Душанбе ва Суғд.",
            "ru": "Социальные услуги общественных организаций в Душанбе и Согдийской области.",
        },
        lots=(
            LotSeed(
                titles={
                    "tg": "Маркази рӯзонаи кӯдакони дорои маъюбӣ",
                    "ru": "Центр дневного пребывания для детей с инвалидностью",
                    "en": "A day centre for children with disabilities",
                },
                descriptions={
                    "tg": "На камтар аз 40 кӯдак; логопед, массажист, машғулиятҳои эҷодӣ.",
                    "ru": "Не менее 40 детей; логопед, массажист, творческие занятия.",
                },
                area="vulnerable-groups",
                target_group="disability",
                regions=("TJ-DU",),
                amount=180_000,
                months=12,
            ),
            LotSeed(
                titles={
                    "tg": "Хизматрасонии иҷтимоӣ дар хона ба пиронсолони танҳо",
                    "ru": "Социальное обслуживание на дому одиноких пожилых людей",
                    "en": "Home care for older people living alone",
                },
                descriptions={
                    "tg": "Хизматрасонӣ ба 50 нафар пиронсол дар Хуҷанд.",
                    "ru": "Обслуживание 50 пожилых людей в Худжанде.",
                },
                area="vulnerable-groups",
                target_group="elderly",
                regions=("TJ-SU",),
                amount=140_000,
                months=12,
            ),
        ),
        applications=(
            ApplicationSeed(
                "mehr",
                1,
                "draft",
                "tg",
                "Маркази рӯзонаи «Меҳр» барои кӯдакон",
                author="cso.tj@demo.hamkori.org",
            ),
            ApplicationSeed("shifo", 1, "submitted", "tg", "Тавонбахшии рӯзона дар «Шифо»"),
            ApplicationSeed("ghamkhori", 2, "submitted", "ru", "Забота на дому в Худжанде"),
            ApplicationSeed("zanoni-sughd", 2, "withdrawn", "tg", "Ёрии ҳамсоягон ба пиронсолон"),
        ),
    ),
    CallSeed(
        key="SK",
        body="asp-tj",
        instrument=INS.SSO,
        state=S.CLOSED,
        closes_in_days=-2,
        titles={
            "tg": "Тавонбахшии кӯдакони дорои маъюбӣ дар вилояти Хатлон",
            "ru": "Реабилитация детей с инвалидностью в Хатлонской области",
            "en": "Rehabilitation of children with disabilities in Khatlon",
        },
        descriptions={
            "tg": "Хизматрасонии дусола дар ноҳияҳои Бохтар ва Кӯлоб.",
            "ru": "Двухлетние услуги в Бохтаре и Кулябе.",
        },
        lots=(
            LotSeed(
                titles={
                    "tg": "Тавонбахшии кӯдакони дорои маъюбӣ дар Хатлон",
                    "ru": "Реабилитация детей с инвалидностью в Хатлоне",
                    "en": "Rehabilitation of children with disabilities in Khatlon",
                },
                descriptions={"tg": "Ҳадди ақал 60 кӯдак.", "ru": "Не менее 60 детей."},
                area="vulnerable-groups",
                target_group="disability",
                regions=("TJ-KT",),
                amount=260_000,
                months=24,
            ),
        ),
        applications=(
            ApplicationSeed("ghamkhori", 1, "submitted", "tg", "Ғамхорӣ ба кӯдакони Бохтар"),
            ApplicationSeed(
                "nuri-hayot",
                1,
                "submitted",
                "ru",
                "Реабилитация «Нури ҳаёт» в Хатлоне",
                compliance="compliant",
            ),
            ApplicationSeed(
                "mehr",
                1,
                "submitted",
                "tg",
                "Филиали «Меҳр» дар Кӯлоб",
                author="cso.tj@demo.hamkori.org",
            ),
        ),
    ),
    CallSeed(
        key="SD",
        body="dushanbe-hukumat",
        instrument=INS.SSO,
        state=S.DECIDED,
        closes_in_days=-60,
        titles={
            "tg": "Фармоиши иҷтимоии шаҳри Душанбе: ҷавонон ва муҳоҷирон",
            "ru": "Социальный заказ города Душанбе: молодёжь и мигранты",
            "en": "Dushanbe social order: young people and migrants",
        },
        descriptions={
            "tg": "Лоиҳаҳои иҷтимоии Ҳукумати шаҳри Душанбе.",
            "ru": "Социальные проекты хукумата города Душанбе.",
        },
        lots=(
            LotSeed(
                titles={
                    "tg": "Омодасозии касбии ҷавонони бекор",
                    "ru": "Профессиональная подготовка безработной молодёжи",
                    "en": "Vocational training for unemployed young people",
                },
                descriptions={"tg": "Курсҳои касбомӯзӣ барои 80 ҷавон."},
                area="youth",
                target_group="unemployed",
                regions=("TJ-DU",),
                amount=120_000,
                months=12,
            ),
            LotSeed(
                titles={
                    "tg": "Дастгирии ҳуқуқии муҳоҷирони меҳнатии баргашта",
                    "ru": "Правовая поддержка вернувшихся трудовых мигрантов",
                    "en": "Legal support for returning labour migrants",
                },
                descriptions={"tg": "Машваратҳои ҳуқуқӣ ва кӯмак дар ҳуҷҷатгузорӣ."},
                area="rights",
                target_group="migrants",
                regions=("TJ-DU",),
                amount=90_000,
                months=12,
            ),
        ),
        applications=(
            ApplicationSeed(
                "marifat",
                1,
                "submitted",
                "tg",
                "Касбомӯзӣ барои ҷавонони Душанбе",
                compliance="compliant",
            ),
            ApplicationSeed(
                "javononi-badakhshon",
                1,
                "submitted",
                "ru",
                "Профессии для молодёжи Бадахшана",
                compliance="non_compliant",
                compliance_reason="Мероприятия проекта проводятся вне территории лота (Душанбе).",
            ),
            ApplicationSeed(
                "huquq-adolat",
                2,
                "submitted",
                "tg",
                "Ёрии ҳуқуқӣ ба муҳоҷирон",
                compliance="compliant",
            ),
            ApplicationSeed(
                "zanoni-sughd",
                2,
                "submitted",
                "ru",
                "Правовая школа для семей мигрантов",
                compliance="compliant",
            ),
        ),
    ),
    CallSeed(
        key="SB",
        body="dushanbe-hukumat",
        instrument=INS.SUBSIDY,
        state=S.UNDER_REVIEW,
        closes_in_days=-15,
        titles={
            "tg": "Субсидия барои чорабиниҳои фарҳангии ҷавонон",
            "ru": "Субсидии на культурные мероприятия для молодёжи",
            "en": "Subsidies for cultural events for young people",
        },
        descriptions={
            "tg": "Фестивалҳо ва устохонаҳои ҳунарҳои мардумӣ дар шаҳри Душанбе.",
            "ru": "Фестивали и мастерские народных ремёсел в Душанбе.",
        },
        lots=(
            LotSeed(
                titles={
                    "tg": "Устохонаҳои ҳунарҳои мардумӣ барои ҷавонон",
                    "ru": "Мастерские народных ремёсел для молодёжи",
                    "en": "Folk craft workshops for young people",
                },
                descriptions={"tg": "Ҳадди ақал 12 устохона."},
                area="culture-art",
                target_group="youth",
                regions=("TJ-DU",),
                amount=60_000,
                months=6,
            ),
        ),
        applications=(
            ApplicationSeed(
                "hunarhoi-mardumi",
                1,
                "submitted",
                "tg",
                "Устохонаи зардӯзӣ",
                compliance="compliant",
            ),
            ApplicationSeed(
                "merosi-hisor",
                1,
                "submitted",
                "tg",
                "Ҳунарҳои Ҳисор барои ҷавонон",
                compliance="compliant",
            ),
            ApplicationSeed(
                "tabiati-pomir",
                1,
                "submitted",
                "ru",
                "Ремёсла Памира в Душанбе",
                compliance="non_compliant",
                compliance_reason="Не приложен обязательный документ: смета расходов.",
                documents_missing=True,
            ),
        ),
    ),
)

# Topics in the plans that no call offers yet (a call can be made from them).
PLANNED_LOTS = {
    "cscsi": LotSeed(
        titles={
            "kk": "Қазақ тілін оқыту бойынша медиа жобалар",
            "ru": "Медиапроекты по изучению казахского языка",
            "en": "Media projects for learning Kazakh",
        },
        descriptions={"ru": "Подкасты и видеоуроки для взрослых."},
        area="culture-art",
        target_group="general",
        regions=KZ_ALL,
        amount=2_000,
        months=9,
    ),
    "asp-tj": LotSeed(
        titles={
            "tg": "Хизматрасонии паллиативӣ дар хона",
            "ru": "Паллиативная помощь на дому",
            "en": "Palliative care at home",
        },
        descriptions={"tg": "Дастаҳои сайёр барои 30 бемор."},
        area="health",
        target_group="elderly",
        regions=("TJ-DU",),
        amount=110_000,
        months=12,
    ),
}

# Programme codes of the budget lines plans draw on (KZ: programme and subprogramme of the
# republican or local budget; TJ: functional classification).
BUDGET_PROGRAMMES = {
    "cscsi": ("001 105", "Проведение государственных грантов для неправительственных организаций"),
    "mci": ("001 106", "Присуждение премий для неправительственных организаций"),
    "enbek": ("050 104", "Государственный социальный заказ в сфере социальной защиты"),
    "edu": ("099 103", "Субсидирование летнего отдыха детей"),
    "almaty-akimat": ("258 011", "Социальный заказ акимата города Алматы"),
    "asp-tj": ("10.9.1", "Фармоиши иҷтимоии давлатӣ дар соҳаи ҳифзи иҷтимоӣ"),
    "dushanbe-hukumat": ("08.1.4", "Дастгирии ташкилотҳои ҷамъиятии шаҳри Душанбе"),
}

DOCUMENTS = (
    (
        {
            "kk": "Ұйымның жарғысы",
            "ru": "Устав организации",
            "tg": "Оинномаи ташкилот",
            "en": "Charter of the organisation",
        },
        ["pdf"],
        True,
    ),
    (
        {
            "kk": "Жоба сметасы",
            "ru": "Смета расходов проекта",
            "tg": "Сметаи хароҷоти лоиҳа",
            "en": "Project budget",
        },
        ["pdf", "xlsx"],
        True,
    ),
    (
        {
            "kk": "Серіктестердің қолдау хаттары",
            "ru": "Письма поддержки партнёров",
            "tg": "Мактубҳои дастгирии шарикон",
            "en": "Letters of support from partners",
        },
        ["pdf", "image"],
        False,
    ),
)

# (names, descriptions, max points, weight)
CRITERIA = (
    (
        {
            "kk": "Өзектілігі",
            "ru": "Актуальность",
            "tg": "Мубрамият",
            "en": "Relevance",
        },
        {
            "en": "How well the project answers the problem and the needs of the target group "
            "of the lot.",
            "ru": "Насколько проект отвечает проблеме и потребностям целевой группы лота.",
            "kk": "Жоба лоттың мәселесі мен нысаналы тобының қажеттіліктеріне қаншалықты жауап "
            "береді.",
            "tg": "Лоиҳа то чӣ андоза ба мушкилот ва ниёзҳои гурӯҳи мақсадноки лот ҷавоб медиҳад.",
        },
        25,
        "1.0",
    ),
    (
        {
            "kk": "Жобаның сапасы",
            "ru": "Качество проекта",
            "tg": "Сифати тарҳрезӣ",
            "en": "Quality of design",
        },
        {
            "en": "Clear objectives, activities and indicators that lead to them, a realistic "
            "work plan.",
            "ru": "Ясные цели, ведущие к ним мероприятия и индикаторы, реалистичный план работ.",
            "kk": "Нақты мақсаттар, оларға жеткізетін іс-шаралар мен индикаторлар, шынайы жұмыс "
            "жоспары.",
            "tg": "Ҳадафҳои равшан, чорабиниҳо ва нишондиҳандаҳое, ки ба онҳо мебаранд, нақшаи "
            "воқеии корҳо.",
        },
        25,
        "1.0",
    ),
    (
        {
            "kk": "Ұйымның әлеуеті",
            "ru": "Потенциал организации",
            "tg": "Иқтидори ташкилот",
            "en": "Capacity",
        },
        {
            "en": "Experience of the organisation and the team with similar work.",
            "ru": "Опыт организации и команды в подобной работе.",
            "kk": "Ұйым мен команданың осыған ұқсас жұмыстағы тәжірибесі.",
            "tg": "Таҷрибаи ташкилот ва гурӯҳ дар корҳои монанд.",
        },
        20,
        "0.8",
    ),
    (
        {
            "kk": "Бюджеттің тиімділігі",
            "ru": "Эффективность бюджета",
            "tg": "Самаранокии буҷет",
            "en": "Budget efficiency",
        },
        {
            "en": "Costs justified and in proportion to the results; co-financing.",
            "ru": "Обоснованность расходов и их соразмерность результатам; софинансирование.",
            "kk": "Шығындардың негізділігі және нәтижелерге сәйкестігі; қосымша қаржыландыру.",
            "tg": "Асоснокии хароҷот ва мутаносибии онҳо ба натиҷаҳо; маблағгузории муштарак.",
        },
        15,
        "1.2",
    ),
    (
        {
            "kk": "Тұрақтылығы",
            "ru": "Устойчивость",
            "tg": "Устуворӣ",
            "en": "Sustainability",
        },
        {
            "en": "What continues after the funding ends and who pays for it.",
            "ru": "Что продолжится после окончания финансирования и за чей счёт.",
            "kk": "Қаржыландыру аяқталғаннан кейін не жалғасады және кімнің есебінен.",
            "tg": "Пас аз анҷоми маблағгузорӣ чӣ идома меёбад ва аз ҳисоби кӣ.",
        },
        15,
        "1.0",
    ),
)
