"""The demo data set: state bodies of both countries, CSOs and a person for every role.

Organisations, addresses and people are invented; e-mail addresses and websites use reserved
example domains and phone numbers the 555 range, so nothing here reaches a real person."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

PASSWORD = "hamkori-demo-2026"  # noqa: S105 (published: the demo prints it)
REPORT_YEARS = (2023, 2024, 2025)


@dataclass(frozen=True)
class OrgSeed:
    key: str
    jurisdiction: str
    kind: str
    region: str
    registered_on: date
    names: dict[str, str]
    descriptions: dict[str, str] = field(default_factory=dict)
    areas: tuple[str, ...] = ()
    address: str = ""
    parent: str = ""
    status: str = "active"
    # One letter per year of REPORT_YEARS: o on time, l late, - missing.
    reports: str = "ooo"
    # BIN digit 5: 4 resident legal entity, 5 non-resident (a foreign organisation's branch).
    entity_type: str = "4"

    @property
    def domain(self) -> str:
        return f"{self.key}.example.{'kz' if self.jurisdiction == 'KZ' else 'tj'}"


@dataclass(frozen=True)
class PersonSeed:
    email: str
    full_name: str
    role_label: str  # a lazy translation, shown when `hamkori demo` prints the sign-ins
    language: str = "ru"
    superuser: bool = False
    grant: str = ""  # platform role: administrator, auditor, expert
    grant_jurisdiction: str | None = None
    organisation: str = ""  # OrgSeed.key
    membership_role: str = "member"
    membership_status: str = "active"
    position: str = ""
    message: str = ""


STATE_BODIES = (
    OrgSeed(
        key="mci",
        jurisdiction="KZ",
        kind="ministry",
        region="KZ-71",
        registered_on=date(2023, 9, 1),
        names={
            "kk": "Қазақстан Республикасы Мәдениет және ақпарат министрлігі",
            "ru": "Министерство культуры и информации Республики Казахстан",
            "en": "Ministry of Culture and Information of the Republic of Kazakhstan",
        },
        descriptions={
            "ru": "Уполномоченный орган в сфере взаимодействия с неправительственными "
            "организациями: формирует план государственных грантов и ведёт базу данных НПО.",
            "kk": "Үкіметтік емес ұйымдармен өзара іс-қимыл саласындағы уәкілетті орган: "
            "мемлекеттік гранттар жоспарын қалыптастырады және ҮЕҰ дерекқорын жүргізеді.",
            "en": "The authorised body for cooperation with NGOs: it plans state grants and "
            "keeps the NGO database.",
        },
        areas=("culture-art", "social-harmony", "youth"),
        address="Астана, пр. Мәңгілік Ел, 8, подъезд 15",
    ),
    OrgSeed(
        key="enbek",
        jurisdiction="KZ",
        kind="ministry",
        region="KZ-71",
        registered_on=date(2013, 5, 14),
        names={
            "kk": "Қазақстан Республикасы Еңбек және халықты әлеуметтік қорғау министрлігі",
            "ru": "Министерство труда и социальной защиты населения Республики Казахстан",
            "en": "Ministry of Labour and Social Protection of the Population of the Republic "
            "of Kazakhstan",
        },
        descriptions={
            "ru": "Заказчик социальных услуг для людей с инвалидностью и пожилых граждан.",
            "kk": "Мүгедектігі бар адамдар мен қарт азаматтарға арналған әлеуметтік "
            "қызметтердің тапсырыс берушісі.",
        },
        areas=("vulnerable-groups",),
        address="Астана, пр. Мәңгілік Ел, 8, подъезд 10",
    ),
    OrgSeed(
        key="edu",
        jurisdiction="KZ",
        kind="ministry",
        region="KZ-71",
        registered_on=date(2022, 6, 17),
        names={
            "kk": "Қазақстан Республикасы Оқу-ағарту министрлігі",
            "ru": "Министерство просвещения Республики Казахстан",
            "en": "Ministry of Education (Ministry of Enlightenment) of the Republic of Kazakhstan",
        },
        descriptions={
            "ru": "Дошкольное и среднее образование, защита прав детей.",
            "kk": "Мектепке дейінгі және орта білім беру, балалар құқықтарын қорғау.",
        },
        areas=("education-science-sport", "children"),
        address="Астана, пр. Мәңгілік Ел, 8, подъезд 11",
    ),
    OrgSeed(
        key="minfin",
        jurisdiction="KZ",
        kind="ministry",
        region="KZ-71",
        registered_on=date(1999, 2, 3),
        names={
            "kk": "Қазақстан Республикасы Қаржы министрлігі",
            "ru": "Министерство финансов Республики Казахстан",
            "en": "Ministry of Finance of the Republic of Kazakhstan",
        },
        descriptions={
            "ru": "Бюджетное планирование и государственные закупки, в том числе закупки "
            "способом государственного социального заказа.",
            "kk": "Бюджеттік жоспарлау және мемлекеттік сатып алу, оның ішінде мемлекеттік "
            "әлеуметтік тапсырыс тәсілімен сатып алу.",
        },
        address="Астана, пр. Мәңгілік Ел, 8, подъезд 4",
    ),
    OrgSeed(
        key="almaty-akimat",
        jurisdiction="KZ",
        kind="local_executive",
        region="KZ-75",
        registered_on=date(1999, 3, 11),
        names={
            "kk": "Алматы қаласының әкімдігі",
            "ru": "Акимат города Алматы",
            "en": "Akimat of Almaty city",
        },
        descriptions={
            "ru": "Местный исполнительный орган; заказчик социального заказа города.",
            "kk": "Жергілікті атқарушы орган; қаланың әлеуметтік тапсырысының тапсырыс берушісі.",
        },
        areas=("vulnerable-groups", "youth", "environment"),
        address="Алматы, пл. Республики, 4",
    ),
    OrgSeed(
        key="cscsi",
        jurisdiction="KZ",
        kind="grant_operator",
        region="KZ-71",
        registered_on=date(2015, 12, 8),
        parent="mci",
        names={
            "kk": "«Азаматтық бастамаларды қолдау орталығы» коммерциялық емес акционерлік қоғамы",
            "ru": "Некоммерческое акционерное общество «Центр поддержки гражданских инициатив»",
            "en": "NJSC Center for Support of Civil Initiatives",
        },
        descriptions={
            "ru": "Оператор государственных грантов для неправительственных организаций.",
            "kk": "Үкіметтік емес ұйымдарға арналған мемлекеттік гранттар операторы.",
            "en": "The operator of state grants for non-governmental organisations.",
        },
        address="Астана, ул. Сыганак, 70",
    ),
    OrgSeed(
        key="moh-tj",
        jurisdiction="TJ",
        kind="ministry",
        region="TJ-DU",
        registered_on=date(2013, 11, 26),
        names={
            "tg": "Вазорати тандурустӣ ва ҳифзи иҷтимоии аҳолии Ҷумҳурии Тоҷикистон",
            "ru": "Министерство здравоохранения и социальной защиты населения Республики "
            "Таджикистан",
            "en": "Ministry of Health and Social Protection of the Population of the Republic "
            "of Tajikistan",
        },
        descriptions={
            "tg": "Банақшагирии фармоиши иҷтимоии давлатӣ барои шаҳрвандони дар вазъи "
            "душвори ҳаётӣ қарордошта.",
            "ru": "Планирует государственный социальный заказ для граждан в трудной "
            "жизненной ситуации.",
        },
        areas=("health", "vulnerable-groups"),
        address="Душанбе, кӯчаи Шевченко, 69",
    ),
    OrgSeed(
        key="asp-tj",
        jurisdiction="TJ",
        kind="agency",
        region="TJ-DU",
        registered_on=date(2014, 3, 5),
        parent="moh-tj",
        names={
            "tg": "Агентии ҳифзи иҷтимоии назди Вазорати тандурустӣ ва ҳифзи иҷтимоии аҳолии "
            "Ҷумҳурии Тоҷикистон",
            "ru": "Агентство социальной защиты при Министерстве здравоохранения и социальной "
            "защиты населения Республики Таджикистан",
            "en": "Agency for Social Protection under the Ministry of Health and Social "
            "Protection of the Population",
        },
        descriptions={
            "tg": "Маблағгузории хизматрасониҳои иҷтимоии ташкилотҳои ҷамъиятӣ барои "
            "кӯдакони маъюб ва пиронсолон.",
            "ru": "Финансирует социальные услуги общественных организаций для детей с "
            "инвалидностью и пожилых людей.",
        },
        areas=("vulnerable-groups", "children"),
        address="Душанбе, кӯчаи Шевченко, 69",
    ),
    OrgSeed(
        key="dushanbe-hukumat",
        jurisdiction="TJ",
        kind="local_executive",
        region="TJ-DU",
        registered_on=date(2001, 4, 2),
        names={
            "tg": "Мақомоти иҷроияи ҳокимияти давлатии шаҳри Душанбе",
            "ru": "Исполнительный орган государственной власти города Душанбе",
            "en": "Dushanbe city hukumat",
        },
        descriptions={
            "tg": "Мақоми иҷроияи маҳаллӣ; ҳамкорӣ бо ташкилотҳои ҷамъиятии пойтахт.",
            "ru": "Местный исполнительный орган; сотрудничество с общественными "
            "организациями столицы.",
        },
        areas=("social-harmony", "youth"),
        address="Душанбе, хиёбони Рӯдакӣ, 48",
    ),
)


def _kz(key, kind, region, registered, kk, ru, *, en="", about, areas, address, **extra):
    names = {"kk": kk, "ru": ru} | ({"en": en} if en else {})
    descriptions = dict(zip(("ru", "kk", "en"), about, strict=False))
    return OrgSeed(
        key=key,
        jurisdiction="KZ",
        kind=kind,
        region=region,
        registered_on=registered,
        names=names,
        descriptions=descriptions,
        areas=areas,
        address=address,
        **extra,
    )


def _tj(key, kind, region, registered, tg, ru, *, en="", about, areas, address, **extra):
    names = {"tg": tg, "ru": ru} | ({"en": en} if en else {})
    descriptions = dict(zip(("tg", "ru", "en"), about, strict=False))
    return OrgSeed(
        key=key,
        jurisdiction="TJ",
        kind=kind,
        region=region,
        registered_on=registered,
        names=names,
        descriptions=descriptions,
        areas=areas,
        address=address,
        **extra,
    )


PA, FOUNDATION, INSTITUTION = "public_association", "foundation", "institution"

KZ_CSOS = (
    _kz(
        "birge",
        PA,
        "KZ-71",
        date(2012, 5, 14),
        "««Бірге» мүгедектігі бар балалардың ата-аналары қауымдастығы» қоғамдық бірлестігі",
        "Общественное объединение «Ассоциация родителей детей с инвалидностью «Бірге»»",
        en="Birge Association of Parents of Children with Disabilities",
        about=(
            "Объединяет более 300 семей, воспитывающих детей с инвалидностью: консультации, "
            "инклюзивные кружки, летние лагеря и поддержка родителей.",
            "Мүгедектігі бар бала тәрбиелеп отырған 300-ден астам отбасын біріктіреді: кеңес "
            "беру, инклюзивті үйірмелер, жазғы лагерьлер және ата-аналарды қолдау.",
            "Brings together more than 300 families raising children with disabilities: "
            "advice, inclusive clubs, summer camps and support for parents.",
        ),
        areas=("vulnerable-groups", "children"),
        address="Астана, ул. Кенесары, 40, офис 12",
    ),
    _kz(
        "zhasyl-almaty",
        FOUNDATION,
        "KZ-75",
        date(2016, 9, 2),
        "«Жасыл Алматы» экологиялық қоры",
        "Экологический фонд «Жасыл Алматы»",
        en="Green Almaty Environmental Foundation",
        about=(
            "Озеленение дворов и школ, мониторинг качества воздуха силами волонтёров, "
            "экологическое просвещение.",
            "Аулалар мен мектептерді көгалдандыру, ерікті бақылаушылармен ауа сапасын өлшеу, "
            "экологиялық ағарту.",
            "Greening of courtyards and schools, volunteer air-quality monitoring and "
            "environmental education.",
        ),
        areas=("environment", "education-science-sport"),
        address="Алматы, пр. Абая, 52, офис 304",
        reports="ool",
    ),
    _kz(
        "zhastar-uni",
        PA,
        "KZ-79",
        date(2018, 2, 20),
        "««Жастар үні» жастар орталығы» қоғамдық бірлестігі",
        "Общественное объединение «Молодёжный центр «Жастар үні»»",
        about=(
            "Лидерские школы, профориентация и волонтёрские проекты для молодёжи Шымкента.",
            "Шымкент жастарына арналған көшбасшылық мектептері, кәсіби бағдар беру және "
            "еріктілер жобалары.",
        ),
        areas=("youth",),
        address="Шымкент, ул. Тауке хана, 17",
        reports="oo-",
    ),
    _kz(
        "adilet-zholy",
        PA,
        "KZ-35",
        date(2010, 11, 3),
        "««Әділет жолы» құқықтық көмек орталығы» қоғамдық бірлестігі",
        "Общественное объединение «Центр правовой помощи «Әділет жолы»»",
        en="Adilet Zholy Legal Aid Centre",
        about=(
            "Бесплатные юридические консультации для малообеспеченных граждан, помощь в "
            "обращениях в государственные органы.",
            "Аз қамтылған азаматтарға тегін заң кеңестері, мемлекеттік органдарға өтініш "
            "жазуға көмек.",
            "Free legal advice for low-income citizens and help with applications to state bodies.",
        ),
        areas=("rights",),
        address="Караганда, пр. Бухар-Жырау, 35",
        reports="lol",
    ),
    _kz(
        "koz-nury",
        PA,
        "KZ-55",
        date(2005, 4, 11),
        "««Көз нұры» зағип және нашар көретін адамдар қоғамы» қоғамдық бірлестігі",
        "Общественное объединение «Общество незрячих и слабовидящих «Көз нұры»»",
        about=(
            "Реабилитация, обучение шрифту Брайля и компьютерной грамотности, доступная среда "
            "в Павлодаре.",
            "Оңалту, Брайль әрпіне және компьютерлік сауаттылыққа оқыту, Павлодардағы "
            "қолжетімді орта.",
        ),
        areas=("vulnerable-groups", "health"),
        address="Павлодар, ул. Торайгырова, 64",
    ),
    _kz(
        "altai-tabigaty",
        FOUNDATION,
        "KZ-63",
        date(2014, 6, 25),
        "«Алтай табиғаты» табиғатты қорғау қоры",
        "Фонд охраны природы «Алтай табиғаты»",
        about=(
            "Защита лесов и рек Восточного Казахстана, экотуризм и работа с сельскими школами.",
            "Шығыс Қазақстанның ормандары мен өзендерін қорғау, экотуризм және ауыл "
            "мектептерімен жұмыс.",
        ),
        areas=("environment", "heritage"),
        address="Усть-Каменогорск, ул. Казахстан, 59",
        reports="o-o",
    ),
    _kz(
        "umit",
        INSTITUTION,
        "KZ-39",
        date(2011, 1, 17),
        "««Үміт» әлеуметтік бейімдеу орталығы» мекемесі",
        "Учреждение «Центр социальной адаптации «Үміт»»",
        about=(
            "Помощь людям без определённого места жительства и освободившимся из мест лишения "
            "свободы: ночлег, документы, трудоустройство.",
            "Белгілі тұрғылықты жері жоқ адамдарға және бас бостандығынан айыру орындарынан "
            "босатылғандарға көмек: түнеу, құжаттар, жұмысқа орналасу.",
        ),
        areas=("vulnerable-groups",),
        address="Костанай, ул. Байтурсынова, 95",
    ),
    _kz(
        "ana-meirimi",
        PA,
        "KZ-15",
        date(2013, 3, 5),
        "««Ана мейірімі» көпбалалы аналар қауымдастығы» қоғамдық бірлестігі",
        "Общественное объединение «Ассоциация многодетных матерей «Ана мейірімі»»",
        about=(
            "Поддержка многодетных семей Актюбинской области: гуманитарная помощь, курсы для "
            "матерей, семейные праздники.",
            "Ақтөбе облысындағы көпбалалы отбасыларды қолдау: гуманитарлық көмек, аналарға "
            "арналған курстар, отбасылық мерекелер.",
        ),
        areas=("family-gender", "children"),
        address="Актобе, пр. Абилкайыр хана, 40",
        reports="llo",
    ),
    _kz(
        "kaspii-tabigaty",
        PA,
        "KZ-23",
        date(2009, 8, 19),
        "««Каспий табиғаты» экологиялық қоғамы» қоғамдық бірлестігі",
        "Общественное объединение «Экологическое общество «Каспий табиғаты»»",
        en="Caspian Nature Environmental Society",
        about=(
            "Учёт каспийского тюленя, очистка побережья, общественный экологический контроль.",
            "Каспий итбалығын есепке алу, жағалауды тазарту, қоғамдық экологиялық бақылау.",
            "Caspian seal counts, coastal clean-ups and public environmental monitoring.",
        ),
        areas=("environment",),
        address="Атырау, ул. Сатпаева, 21",
    ),
    _kz(
        "mangystau-explorers",
        PA,
        "KZ-47",
        date(2019, 10, 8),
        "««Маңғыстау» жас зерттеушілер клубы» қоғамдық бірлестігі",
        "Общественное объединение «Клуб юных исследователей «Маңғыстау»»",
        about=(
            "Научные кружки, экспедиции на плато Устюрт и олимпиадная подготовка школьников.",
            "Ғылыми үйірмелер, Үстірт жазығына экспедициялар және оқушыларды олимпиадаға дайындау.",
        ),
        areas=("education-science-sport", "youth"),
        address="Актау, 14-й микрорайон, 52",
        reports="-oo",
    ),
    _kz(
        "ezhelgi-taraz",
        PA,
        "KZ-31",
        date(2008, 5, 30),
        "««Ежелгі Тараз» мұраны сақтау орталығы» қоғамдық бірлестігі",
        "Общественное объединение «Центр сохранения наследия «Ежелгі Тараз»»",
        about=(
            "Исследование и популяризация памятников древнего Тараза, экскурсии для школьников.",
            "Ежелгі Тараз ескерткіштерін зерттеу және насихаттау, оқушыларға арналған "
            "экскурсиялар.",
        ),
        areas=("heritage", "culture-art"),
        address="Тараз, ул. Толе би, 86",
    ),
    _kz(
        "sheber",
        FOUNDATION,
        "KZ-61",
        date(2017, 7, 12),
        "«Шебер» қолөнерді дамыту қоры",
        "Фонд развития ремёсел «Шебер»",
        en="Sheber Crafts Development Foundation",
        about=(
            "Обучение молодёжи традиционным ремёслам — войлоку, керамике, ювелирному делу — и "
            "помощь мастерам в сбыте изделий.",
            "Жастарды дәстүрлі қолөнерге — киіз басуға, қыш құмыраға, зергерлікке — үйрету "
            "және шеберлерге өнімдерін өткізуге көмектесу.",
            "Trains young people in traditional crafts — felt, ceramics, jewellery — and "
            "helps craftspeople sell their work.",
        ),
        areas=("culture-art", "heritage"),
        address="Туркестан, ул. Тауке хана, 5",
    ),
    _kz(
        "aral-zhastary",
        PA,
        "KZ-43",
        date(2015, 12, 1),
        "«Арал жастары» қоғамдық бірлестігі",
        "Общественное объединение «Арал жастары»",
        about=(
            "Молодёжные экологические акции и проекты по озеленению в Приаралье.",
            "Арал өңіріндегі жастардың экологиялық акциялары мен көгалдандыру жобалары.",
        ),
        areas=("youth", "environment"),
        address="Аральск, ул. Бактыбая, 12",
        status="suspended",
        reports="l--",
    ),
    _kz(
        "ak-zhol",
        PA,
        "KZ-59",
        date(2007, 9, 14),
        "««Ақ жол» қарттарға көмек қоғамы» қоғамдық бірлестігі",
        "Общественное объединение «Общество помощи пожилым «Ақ жол»»",
        about=(
            "Патронаж одиноких пожилых людей, клубы общения и бесплатная доставка лекарств.",
            "Жалғызбасты қарт адамдарға патронаж, қарым-қатынас клубтары және дәрі-дәрмекті "
            "тегін жеткізу.",
        ),
        areas=("vulnerable-groups", "health"),
        address="Петропавловск, ул. Конституции Казахстана, 38",
    ),
    _kz(
        "zhaiyk-sport",
        PA,
        "KZ-27",
        date(2012, 4, 2),
        "««Жайық» спорт клубы» қоғамдық бірлестігі",
        "Общественное объединение «Спортивный клуб «Жайық»»",
        about=(
            "Бесплатные секции по борьбе, футболу и лёгкой атлетике для детей Уральска.",
            "Орал балаларына арналған күрес, футбол және жеңіл атлетика бойынша тегін секциялар.",
        ),
        areas=("education-science-sport", "children"),
        address="Уральск, ул. Курмангазы, 170",
        reports="ol-",
    ),
    _kz(
        "zhurek",
        PA,
        "KZ-11",
        date(2020, 2, 11),
        "««Жүрек» еріктілер орталығы» қоғамдық бірлестігі",
        "Общественное объединение «Центр волонтёров «Жүрек»»",
        about=(
            "Волонтёрская помощь пожилым и людям с инвалидностью в Кокшетау, сбор помощи при "
            "паводках.",
            "Көкшетаудағы қарттар мен мүгедектігі бар адамдарға еріктілер көмегі, су тасқыны "
            "кезінде көмек жинау.",
        ),
        areas=("vulnerable-groups", "youth"),
        address="Кокшетау, ул. Абая, 89",
    ),
    _kz(
        "abai-murasy",
        FOUNDATION,
        "KZ-10",
        date(2006, 8, 10),
        "«Абай мұрасы» қоры",
        "Фонд «Абай мұрасы»",
        en="Abai Heritage Foundation",
        about=(
            "Издание и перевод наследия Абая, литературные вечера и конкурсы чтецов в Семее.",
            "Абай мұрасын басып шығару және аудару, Семейдегі әдеби кештер мен мәнерлеп оқу "
            "байқаулары.",
            "Publishes and translates Abai's works and runs literary evenings and recitation "
            "contests in Semey.",
        ),
        areas=("heritage", "culture-art"),
        address="Семей, ул. Абая, 12",
    ),
    _kz(
        "zhetysu-aielderi",
        PA,
        "KZ-33",
        date(2011, 3, 8),
        "««Жетісу әйелдері» әйелдер кеңесі» қоғамдық бірлестігі",
        "Общественное объединение «Женский совет «Жетісу әйелдері»»",
        about=(
            "Программы экономической самостоятельности женщин в сёлах, профилактика бытового "
            "насилия.",
            "Ауылдағы әйелдердің экономикалық дербестігі бағдарламалары, тұрмыстық "
            "зорлық-зомбылықтың алдын алу.",
        ),
        areas=("family-gender", "rights"),
        address="Талдыкорган, ул. Толебаева, 75",
        reports="lol",
    ),
    _kz(
        "ulytau-kenshileri",
        PA,
        "KZ-62",
        date(2004, 12, 4),
        "«Ұлытау кеншілер ардагерлері одағы» қоғамдық бірлестігі",
        "Общественное объединение «Союз ветеранов-горняков Улытау»",
        about=(
            "Объединяет ветеранов горнодобывающей отрасли Жезказгана и помогает им получить "
            "медицинскую и социальную поддержку.",
            "Жезқазғанның тау-кен саласының ардагерлерін біріктіреді, оларға медициналық және "
            "әлеуметтік қолдау алуға көмектеседі.",
        ),
        areas=("vulnerable-groups",),
        address="Жезказган, пр. Алашахана, 20",
        status="liquidating",
        reports="o--",
    ),
    _kz(
        "auyl-damuy",
        PA,
        "KZ-19",
        date(2016, 5, 18),
        "««Ауыл дамуы» ауылдық бастамалар орталығы» қоғамдық бірлестігі",
        "Общественное объединение «Центр сельских инициатив «Ауыл дамуы»»",
        about=(
            "Поддержка местных сообществ в сёлах Алматинской области: советы жителей, малые "
            "гранты на благоустройство.",
            "Алматы облысы ауылдарындағы жергілікті қауымдастықтарды қолдау: тұрғындар "
            "кеңестері, абаттандыруға шағын гранттар.",
        ),
        areas=("social-harmony", "other"),
        address="Конаев, 3-й микрорайон, 14",
    ),
    _kz(
        "densaulyk",
        "union",
        "KZ-75",
        date(2014, 10, 21),
        "««Денсаулық» үкіметтік емес ұйымдар қауымдастығы» заңды тұлғалар бірлестігі",
        "Объединение юридических лиц «Ассоциация НПО здравоохранения «Денсаулық»»",
        en="Densaulyk Association of Health NGOs",
        about=(
            "Объединяет 24 организации, работающие в сфере профилактики ВИЧ, туберкулёза и "
            "паллиативной помощи.",
            "АИТВ, туберкулездің алдын алу және паллиативтік көмек саласында жұмыс істейтін "
            "24 ұйымды біріктіреді.",
            "Unites 24 organisations working on HIV and tuberculosis prevention and "
            "palliative care.",
        ),
        areas=("health",),
        address="Алматы, ул. Жамбыла, 114",
    ),
    _kz(
        "nordic-literacy",
        "foreign_branch",
        "KZ-75",
        date(2019, 4, 15),
        "«Nordic Literacy Foundation» коммерциялық емес ұйымының Қазақстан Республикасындағы "
        "филиалы",
        "Филиал некоммерческой организации «Nordic Literacy Foundation» в Республике Казахстан",
        en="Nordic Literacy Foundation, Kazakhstan branch",
        about=(
            "Программы чтения для сельских школ и обучение школьных библиотекарей.",
            "Ауыл мектептеріне арналған кітап оқу бағдарламалары және мектеп "
            "кітапханашыларын оқыту.",
            "Reading programmes for rural schools and training for school librarians.",
        ),
        areas=("education-science-sport",),
        address="Алматы, ул. Зенкова, 59",
        entity_type="5",
    ),
    _kz(
        "tutynushy",
        PA,
        "KZ-71",
        date(2010, 6, 7),
        "««Тұтынушы» тұтынушылар құқығын қорғау қоғамы» қоғамдық бірлестігі",
        "Общественное объединение «Общество защиты прав потребителей «Тұтынушы»»",
        about=(
            "Приём жалоб потребителей, проверки качества товаров и услуг, правовое просвещение.",
            "Тұтынушылардың шағымдарын қабылдау, тауарлар мен қызметтер сапасын тексеру, "
            "құқықтық ағарту.",
        ),
        areas=("rights",),
        address="Астана, ул. Бейбитшилик, 25",
        reports="-ll",
    ),
    _kz(
        "bilim-bolashak",
        FOUNDATION,
        "KZ-71",
        date(2015, 9, 1),
        "«Білім – болашақ» білім беру қоры",
        "Образовательный фонд «Білім – болашақ»",
        en="Bilim-Bolashak Education Foundation",
        about=(
            "Стипендии для студентов из сельской местности и наставничество для выпускников школ.",
            "Ауылдық жерлерден шыққан студенттерге стипендиялар және мектеп түлектеріне "
            "тәлімгерлік.",
            "Scholarships for students from rural areas and mentoring for school leavers.",
        ),
        areas=("education-science-sport", "youth"),
        address="Астана, пр. Туран, 37",
    ),
    _kz(
        "dostyk",
        PA,
        "KZ-79",
        date(2003, 4, 24),
        "««Достық» этномәдени орталығы» қоғамдық бірлестігі",
        "Общественное объединение «Этнокультурный центр «Достық»»",
        about=(
            "Фестивали культур народов Казахстана, курсы государственного языка, медиация в "
            "местных сообществах.",
            "Қазақстан халықтарының мәдениеті фестивальдері, мемлекеттік тіл курстары, "
            "жергілікті қауымдастықтардағы медиация.",
        ),
        areas=("social-harmony", "culture-art"),
        address="Шымкент, пр. Республики, 10",
    ),
    _kz(
        "kamkor",
        INSTITUTION,
        "KZ-35",
        date(2013, 11, 12),
        "««Қамқор» оңалту орталығы» мекемесі",
        "Учреждение «Реабилитационный центр «Қамқор»»",
        about=(
            "Реабилитация детей с нарушениями опорно-двигательного аппарата, работа с семьями.",
            "Тірек-қимыл аппараты бұзылған балаларды оңалту, отбасылармен жұмыс.",
        ),
        areas=("health", "vulnerable-groups"),
        address="Караганда, ул. Ерубаева, 48",
        reports="ool",
    ),
    _kz(
        "sakhna",
        PA,
        "KZ-75",
        date(2018, 3, 27),
        "««Сахна» театр-студиясы» қоғамдық бірлестігі",
        "Общественное объединение «Театр-студия «Сахна»»",
        about=(
            "Молодёжный театр: постановки на казахском и русском языках, инклюзивные спектакли.",
            "Жастар театры: қазақ және орыс тілдеріндегі қойылымдар, инклюзивті спектакльдер.",
        ),
        areas=("culture-art", "youth"),
        address="Алматы, ул. Панфилова, 110",
        reports="o-o",
    ),
    _kz(
        "shanyrak",
        PA,
        "KZ-71",
        date(2017, 1, 23),
        "««Шаңырақ» отбасыларды қолдау орталығы» қоғамдық бірлестігі",
        "Общественное объединение «Центр поддержки семей «Шаңырақ»»",
        about=(
            "Психологическая помощь семьям, школа приёмных родителей, профилактика "
            "социального сиротства.",
            "Отбасыларға психологиялық көмек, асырап алушы ата-аналар мектебі, әлеуметтік "
            "жетімдіктің алдын алу.",
        ),
        areas=("family-gender", "children"),
        address="Астана, ул. Сыганак, 18",
    ),
    _kz(
        "ertis-patrol",
        PA,
        "KZ-55",
        date(2021, 6, 5),
        "««Ертіс» экологиялық патрулі» қоғамдық бірлестігі",
        "Общественное объединение «Экологический патруль «Ертіс»»",
        about=(
            "Рейды против незаконных свалок, очистка берегов Иртыша, экологические уроки в школах.",
            "Заңсыз қоқыс үйінділеріне қарсы рейдтер, Ертіс жағалауын тазарту, мектептердегі "
            "экологиялық сабақтар.",
        ),
        areas=("environment",),
        address="Павлодар, ул. Лермонтова, 93",
        reports="lo-",
    ),
    _kz(
        "senim",
        PA,
        "KZ-75",
        date(2009, 2, 16),
        "««Сенім» дағдарыс орталығы» қоғамдық бірлестігі",
        "Общественное объединение «Кризисный центр «Сенім»»",
        en="Senim Crisis Centre",
        about=(
            "Убежище и психологическая помощь женщинам и детям, пострадавшим от насилия; "
            "круглосуточная линия доверия.",
            "Зорлық-зомбылықтан зардап шеккен әйелдер мен балаларға баспана және "
            "психологиялық көмек; тәулік бойы сенім телефоны.",
            "Shelter and counselling for women and children who have suffered violence; a "
            "24-hour helpline.",
        ),
        areas=("family-gender", "rights"),
        address="Алматы, ул. Гоголя, 201",
    ),
)

TJ_CSOS = (
    _tj(
        "mehr",
        PA,
        "TJ-DU",
        date(2010, 3, 15),
        "Иттиҳодияи ҷамъиятии «Маркази дастгирии кӯдакони маъюб «Меҳр»»",
        "Общественное объединение «Центр поддержки детей с инвалидностью «Меҳр»»",
        en="Mehr Centre for Children with Disabilities",
        about=(
            "Хизматрасонии рӯзона ба кӯдакони маъюб, машваратҳо барои волидон ва таълими фарогир.",
            "Дневной уход за детьми с инвалидностью, консультации для родителей и инклюзивное "
            "обучение.",
            "Day care for children with disabilities, advice for parents and inclusive education.",
        ),
        areas=("vulnerable-groups", "children"),
        address="Душанбе, кӯчаи Айнӣ, 45",
        reports="ool",
    ),
    _tj(
        "huquq-adolat",
        PA,
        "TJ-DU",
        date(2005, 7, 1),
        "Иттиҳодияи ҷамъиятии «Ҳуқуқ ва адолат»",
        "Общественное объединение «Право и справедливость»",
        about=(
            "Кӯмаки ройгони ҳуқуқӣ ба шаҳрвандони камбизоат ва муҳоҷирони меҳнатӣ.",
            "Бесплатная юридическая помощь малоимущим гражданам и трудовым мигрантам.",
        ),
        areas=("rights",),
        address="Душанбе, хиёбони Рӯдакӣ, 88",
    ),
    _tj(
        "nuri-hayot",
        FOUNDATION,
        "TJ-DU",
        date(2012, 11, 20),
        "Фонди ҷамъиятии «Нури ҳаёт»",
        "Общественный фонд «Нури ҳаёт»",
        about=(
            "Пешгирии бемориҳои ғайрисироятӣ ва тарғиби тарзи ҳаёти солим дар мактабҳо.",
            "Профилактика неинфекционных заболеваний и пропаганда здорового образа жизни в школах.",
        ),
        areas=("health",),
        address="Душанбе, кӯчаи Шотемур, 30",
        reports="lo-",
    ),
    _tj(
        "zanoni-sughd",
        PA,
        "TJ-SU",
        date(2004, 5, 12),
        "Иттиҳодияи ҷамъиятии «Занони Суғд»",
        "Общественное объединение «Женщины Согда»",
        en="Women of Sughd",
        about=(
            "Омӯзиши касбӣ ва дастгирии соҳибкории хурди занон дар вилояти Суғд.",
            "Профессиональное обучение и поддержка малого предпринимательства женщин в "
            "Согдийской области.",
            "Vocational training and small-business support for women in Sughd region.",
        ),
        areas=("family-gender",),
        address="Хуҷанд, кӯчаи Ленин, 120",
    ),
    _tj(
        "hunarhoi-mardumi",
        PA,
        "TJ-SU",
        date(2016, 9, 9),
        "Иттиҳодияи ҷамъиятии «Ҳунарҳои мардумӣ»",
        "Общественное объединение «Народные ремёсла»",
        about=(
            "Эҳёи ҳунарҳои анъанавии Истаравшан — кордсозӣ, кулолгарӣ ва гулдӯзӣ.",
            "Возрождение традиционных ремёсел Истаравшана — изготовления ножей, гончарного "
            "дела и вышивки.",
        ),
        areas=("culture-art", "heritage"),
        address="Истаравшан, кӯчаи Исмоили Сомонӣ, 14",
        reports="o-l",
    ),
    _tj(
        "obodonii-dehot",
        PA,
        "TJ-KT",
        date(2011, 4, 4),
        "Иттиҳодияи ҷамъиятии «Ободонии деҳот»",
        "Общественное объединение «Благоустройство сёл»",
        about=(
            "Таъмини деҳот бо оби нӯшокӣ ва ташаббусҳои ҷамоатӣ дар вилояти Хатлон.",
            "Питьевая вода для сёл и общественные инициативы в Хатлонской области.",
        ),
        areas=("other", "environment"),
        address="Бохтар, кӯчаи Вахш, 7",
    ),
    _tj(
        "ghamkhori",
        PA,
        "TJ-KT",
        date(2014, 2, 18),
        "Иттиҳодияи ҷамъиятии «Ғамхорӣ»",
        "Общественное объединение «Ғамхорӣ»",
        about=(
            "Нигоҳубини хонагии пиронсолони танҳо ва маъюбон дар шаҳри Кӯлоб.",
            "Уход на дому за одинокими пожилыми людьми и людьми с инвалидностью в Кулябе.",
        ),
        areas=("vulnerable-groups",),
        address="Кӯлоб, кӯчаи Сомониён, 33",
        reports="ll-",
    ),
    _tj(
        "tabiati-pomir",
        PA,
        "TJ-GB",
        date(2013, 6, 6),
        "Иттиҳодияи ҷамъиятии «Табиати Помир»",
        "Общественное объединение «Природа Памира»",
        en="Pamir Nature",
        about=(
            "Ҳифзи намудҳои нодири ҳайвонот ва рушди экотуризм дар Бадахшон.",
            "Охрана редких видов животных и развитие экотуризма в Бадахшане.",
            "Protection of rare wildlife and eco-tourism in Badakhshan.",
        ),
        areas=("environment",),
        address="Хоруғ, кӯчаи Ленин, 26",
    ),
    _tj(
        "javononi-badakhshon",
        FOUNDATION,
        "TJ-GB",
        date(2018, 8, 15),
        "Фонди ҷамъиятии «Ҷавонони Бадахшон»",
        "Общественный фонд «Молодёжь Бадахшана»",
        about=(
            "Курсҳои забони англисӣ ва барномасозӣ барои ҷавонони ноҳияҳои кӯҳистон.",
            "Курсы английского языка и программирования для молодёжи горных районов.",
        ),
        areas=("youth", "education-science-sport"),
        address="Хоруғ, кӯчаи Гагарин, 9",
        reports="o-o",
    ),
    _tj(
        "marifat",
        PA,
        "TJ-RA",
        date(2009, 10, 10),
        "Иттиҳодияи ҷамъиятии «Маърифат»",
        "Общественное объединение «Маърифат»",
        about=(
            "Маркази таълими иловагӣ барои кӯдакони деҳот ва омодагӣ ба имтиҳонҳо.",
            "Центр дополнительного образования для сельских детей и подготовка к экзаменам.",
        ),
        areas=("education-science-sport", "children"),
        address="Ваҳдат, кӯчаи Исмоили Сомонӣ, 52",
    ),
    _tj(
        "merosi-hisor",
        PA,
        "TJ-RA",
        date(2015, 3, 21),
        "Иттиҳодияи ҷамъиятии «Мероси Ҳисор»",
        "Общественное объединение «Наследие Гиссара»",
        about=(
            "Ҳифз ва муаррифии ёдгориҳои таърихии водии Ҳисор.",
            "Сохранение и популяризация исторических памятников Гиссарской долины.",
        ),
        areas=("heritage",),
        address="Ҳисор, кӯчаи Марказӣ, 3",
        reports="lo-",
    ),
    _tj(
        "shifo",
        INSTITUTION,
        "TJ-DU",
        date(2017, 12, 5),
        "Муассисаи ҷамъиятии «Маркази тавонбахшии «Шифо»»",
        "Общественное учреждение «Реабилитационный центр «Шифо»»",
        about=(
            "Тавонбахшии ҷисмонӣ ва равонӣ барои одамони дорои маъюбӣ.",
            "Физическая и психологическая реабилитация людей с инвалидностью.",
        ),
        areas=("health", "vulnerable-groups"),
        address="Душанбе, кӯчаи Фирдавсӣ, 61",
    ),
)

CSOS = KZ_CSOS + TJ_CSOS

DEMO_DOMAIN = "demo.hamkori.org"

PEOPLE = (
    PersonSeed(
        email=f"admin@{DEMO_DOMAIN}",
        full_name="Айгерим Сапарова",
        role_label=_("Platform administrator"),
        superuser=True,
        grant="administrator",
    ),
    PersonSeed(
        email=f"auditor@{DEMO_DOMAIN}",
        full_name="Виктор Ким",
        role_label=_("Auditor / observer"),
        grant="auditor",
    ),
    PersonSeed(
        email=f"expert@{DEMO_DOMAIN}",
        full_name="Гульнара Есенова",
        role_label=_("Expert (Kazakhstan)"),
        language="kk",
        grant="expert",
        grant_jurisdiction="KZ",
    ),
    PersonSeed(
        email=f"official.kz@{DEMO_DOMAIN}",
        full_name="Ерлан Мукашев",
        role_label=_("Official, Ministry of Culture and Information (KZ)"),
        language="kk",
        organisation="mci",
        membership_role="admin",
        position="Главный эксперт департамента по делам гражданского общества",
    ),
    PersonSeed(
        email=f"operator@{DEMO_DOMAIN}",
        full_name="Салтанат Жумабекова",
        role_label=_("Official, grant operator (KZ)"),
        organisation="cscsi",
        membership_role="admin",
        position="Менеджер грантовых программ",
    ),
    PersonSeed(
        email=f"enbek@{DEMO_DOMAIN}",
        full_name="Гульмира Касымова",
        role_label=_("Official, Ministry of Labour and Social Protection (KZ)"),
        organisation="enbek",
        membership_role="admin",
        position="Главный эксперт департамента социальных услуг",
    ),
    PersonSeed(
        email=f"akimat@{DEMO_DOMAIN}",
        full_name="Арман Сейтказин",
        role_label=_("Official, Almaty city akimat (KZ)"),
        language="kk",
        organisation="almaty-akimat",
        membership_role="admin",
        position="Руководитель отдела по работе с НПО",
    ),
    PersonSeed(
        email=f"akimat2@{DEMO_DOMAIN}",
        full_name="Жанна Абдрахманова",
        role_label=_("Second official, Almaty city akimat (KZ): approves contracts and payments"),
        organisation="almaty-akimat",
        membership_role="admin",
        position="Главный специалист отдела по работе с НПО",
    ),
    PersonSeed(
        email=f"mci2@{DEMO_DOMAIN}",
        full_name="Самат Ержанов",
        role_label=_("Second official, Ministry of Culture and Information (KZ)"),
        language="kk",
        organisation="mci",
        membership_role="admin",
        position="Эксперт департамента по делам гражданского общества",
    ),
    PersonSeed(
        email=f"hukumat2@{DEMO_DOMAIN}",
        full_name="Бахром Шарипов",
        role_label=_("Second official, Dushanbe city hukumat (TJ)"),
        language="tg",
        organisation="dushanbe-hukumat",
        membership_role="admin",
        position="Мутахассиси шӯъбаи молия",
    ),
    PersonSeed(
        email=f"official.tj@{DEMO_DOMAIN}",
        full_name="Фарҳод Раҳимов",
        role_label=_("Official, Agency for Social Protection (TJ)"),
        language="tg",
        organisation="asp-tj",
        membership_role="admin",
        position="Мутахассиси пешбар",
    ),
    PersonSeed(
        email=f"hukumat@{DEMO_DOMAIN}",
        full_name="Нигина Саидова",
        role_label=_("Official, Dushanbe city hukumat (TJ)"),
        language="tg",
        organisation="dushanbe-hukumat",
        membership_role="admin",
        position="Сармутахассиси шӯъбаи ҳамкорӣ бо ҷомеаи шаҳрвандӣ",
    ),
    PersonSeed(
        email=f"secretary.kz@{DEMO_DOMAIN}",
        full_name="Асель Жаксыбекова",
        role_label=_("Secretary of the Public Council, Ministry of Culture and Information (KZ)"),
        organisation="mci",
        position="Секретарь Общественного совета",
    ),
    PersonSeed(
        email=f"cso.kz@{DEMO_DOMAIN}",
        full_name="Динара Оспанова",
        role_label=_("CSO administrator, Birge (KZ)"),
        organisation="birge",
        membership_role="admin",
        position="Председатель правления",
    ),
    PersonSeed(
        email=f"cso2.kz@{DEMO_DOMAIN}",
        full_name="Тимур Ахметов",
        role_label=_("CSO administrator, Zhasyl Almaty (KZ)"),
        language="kk",
        organisation="zhasyl-almaty",
        membership_role="admin",
        position="Директор",
    ),
    PersonSeed(
        email=f"cso.tj@{DEMO_DOMAIN}",
        full_name="Мадина Қодирова",
        role_label=_("CSO administrator, Mehr (TJ)"),
        language="tg",
        organisation="mehr",
        membership_role="admin",
        position="Раис",
    ),
    PersonSeed(
        email=f"member@{DEMO_DOMAIN}",
        full_name="Асхат Бекенов",
        role_label=_("CSO member, Birge (KZ)"),
        organisation="birge",
        position="Координатор проектов",
    ),
    PersonSeed(
        email=f"citizen@{DEMO_DOMAIN}",
        full_name="Ольга Петренко",
        role_label=_("Citizen (no organisation)"),
    ),
    PersonSeed(
        email=f"newcomer@{DEMO_DOMAIN}",
        full_name="Бауыржан Исаев",
        role_label=_("Newcomer waiting to join Birge (pending claim)"),
        language="kk",
        organisation="birge",
        membership_status="pending",
        position="Бухгалтер",
        message="Прошу добавить меня в объединение: веду его бухгалтерию с 2024 года.",
    ),
)
