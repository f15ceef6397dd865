"""Demo public councils (issue 6), made through the services:

- kz-mci: the Public Council of the Ministry of Culture and Information (republican, 19
  members, three commissions); its term ends about six weeks from today, so the competition
  forming its next composition is open and has candidacies;
- kz-almaty: the Public Council of Almaty city (local, 15 members), formed by a competition
  held and published a few weeks ago (its previous composition is kz-almaty-2022);
- tj-public-council: the Public Council of the Republic of Tajikistan (15 members), hosted by
  the Executive Office of the President, registered here as a state body (docs/councils.md).

People and organisations are invented; members who need no sign-in get accounts on the
organisations' example domains with unusable passwords."""

from __future__ import annotations

import functools
from datetime import date, timedelta
from html import escape

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hamkori.accounts.models import Membership, MembershipRole, MembershipStatus, User
from hamkori.councils import services
from hamkori.councils.models import (
    Candidacy,
    Commission,
    Competition,
    Council,
    CouncilLevel,
    Position,
    Sector,
)
from hamkori.councils.services import StateMember, add_months
from hamkori.demo.data import DEMO_DOMAIN
from hamkori.registry import services as registry
from hamkori.registry.models import Organisation
from hamkori.rules.selectors import local_today

NP, CIT, ST = Sector.NON_PROFIT, Sector.CITIZEN, Sector.STATE
P = Position

# (full name, position, sector, organisation key, in public service, commission index)
MCI_MEMBERS = [
    ("Бахытжан Сейдахметов", P.CHAIR, NP, "abai-murasy", False, 0),
    ("Гульнар Искакова", P.DEPUTY_CHAIR, NP, "bilim-bolashak", False, 2),
    ("Асель Жаксыбекова", P.SECRETARY, ST, "mci", True, None),
    ("Нурлан Омаров", P.PRESIDIUM, NP, "sheber", False, 0),
    ("Елена Васильева", P.PRESIDIUM, NP, "tutynushy", False, 1),
    ("Ержан Тулегенов", P.COMMISSION_MEMBER, NP, "adilet-zholy", False, 2),
    ("Айжан Муканова", P.COMMISSION_MEMBER, NP, "koz-nury", False, 2),
    ("Дмитрий Соколов", P.COMMISSION_MEMBER, NP, "altai-tabigaty", False, 0),
    ("Сауле Ибраимова", P.COMMISSION_MEMBER, NP, "umit", False, 2),
    ("Канат Бейсенов", P.COMMISSION_MEMBER, NP, "ana-meirimi", False, 1),
    ("Мадина Амирова", P.MEMBER, NP, "kaspii-tabigaty", False, None),
    ("Асылбек Нургалиев", P.MEMBER, NP, "mangystau-explorers", False, 0),
    ("Роза Кенжебаева", P.MEMBER, NP, "ezhelgi-taraz", False, 0),
    ("Олжас Сарсенбаев", P.MEMBER, NP, "zhetysu-aielderi", False, None),
    ("Татьяна Ли", P.MEMBER, NP, "shanyrak", False, 1),
    ("Бауржан Калиев", P.MEMBER, NP, "ertis-patrol", False, None),
    ("Серик Абдрахманов", P.MEMBER, NP, "zhurek", False, None),
    ("Жанар Тохтарова", P.MEMBER, CIT, "", False, 1),
    ("Марат Искендиров", P.MEMBER, ST, "mci", True, None),
]
MCI_COMMISSIONS = [
    {
        "name_kk": "Мәдениет және тарихи мұраны сақтау мәселелері жөніндегі комиссия",
        "name_ru": "Комиссия по вопросам культуры и сохранения исторического наследия",
        "name_en": "Commission on culture and historical heritage",
    },
    {
        "name_kk": "Ақпараттық саясат және БАҚ жөніндегі комиссия",
        "name_ru": "Комиссия по информационной политике и СМИ",
        "name_en": "Commission on information policy and the media",
    },
    {
        "name_kk": "Азаматтық қоғамды дамыту жөніндегі комиссия",
        "name_ru": "Комиссия по развитию гражданского общества",
        "name_en": "Commission on the development of civil society",
    },
]

ALMATY_2022 = [
    ("Галина Рахимова", P.CHAIR, NP, "senim", False),
    ("Айдос Кожахметов", P.DEPUTY_CHAIR, NP, "sakhna", False),
    ("Жанна Абдрахманова", P.SECRETARY, ST, "almaty-akimat", True),
    ("Ербол Мусин", P.MEMBER, NP, "zhasyl-almaty", False),
    ("Наталья Ефимова", P.MEMBER, NP, "tutynushy", False),
    ("Аскар Жаналиев", P.MEMBER, NP, "auyl-damuy", False),
    ("Индира Сабитова", P.MEMBER, NP, "shanyrak", False),
    ("Марлен Утепов", P.MEMBER, NP, "dostyk", False),
    ("Светлана Ни", P.MEMBER, NP, "bilim-bolashak", False),
    ("Куаныш Ерланов", P.MEMBER, NP, "kamkor", False),
    ("Гульжан Абенова", P.MEMBER, CIT, "", False),
    ("Павел Гордеев", P.MEMBER, CIT, "", False),
    ("Жандос Алиев", P.MEMBER, ST, "almaty-akimat", True),
]
# (full name, sector, organisation key, e-mail local part or a demo sign-in, accepted, reason)
ALMATY_CANDIDATES = [
    ("Динара Оспанова", NP, "birge", f"cso.kz@{DEMO_DOMAIN}", True),
    ("Тимур Ахметов", NP, "zhasyl-almaty", f"cso2.kz@{DEMO_DOMAIN}", True),
    ("Айгуль Сулейменова", NP, "sakhna", "a.suleimenova", True),
    ("Жанна Ким", NP, "senim", "zh.kim", True),
    ("Ерболат Досанов", NP, "auyl-damuy", "e.dosanov", True),
    ("Людмила Карпова", NP, "tutynushy", "l.karpova", True),
    ("Арман Жунусов", NP, "shanyrak", "a.zhunusov", True),
    ("Гаухар Бекмуханова", NP, "bilim-bolashak", "g.bekmukhanova", True),
    ("Руслан Ибрагимов", NP, "dostyk", "r.ibragimov", True),
    ("Камила Нурпеисова", NP, "kamkor", "k.nurpeisova", True),
    ("Даурен Абилов", NP, "zhastar-uni", "d.abilov", True),
    ("Алия Мамырова", CIT, "", "a.mamyrova", True),
    ("Виталий Цой", CIT, "", "v.tsoi", True),
    ("Сергей Морозов", NP, "senim", "s.morozov", False),
    ("Бекзат Сагинтаев", CIT, "", "b.sagintaev", False),
]
ALMATY_STATE = ["Нурсултан Байжанов", "Айнур Смагулова"]

TJ_MEMBERS = [
    ("Саидмурод Қурбонов", P.CHAIR, CIT, "", False, 0),
    ("Нозима Шарифова", P.DEPUTY_CHAIR, ST, "eop-tj", True, None),
    ("Фирӯз Назаров", P.SECRETARY, ST, "eop-tj", True, None),
    ("Мадина Қодирова", P.PRESIDIUM, NP, "mehr", False, 1),
    ("Зарина Ҳакимова", P.PRESIDIUM, NP, "huquq-adolat", False, 0),
    ("Дилшод Раҷабов", P.COMMISSION_MEMBER, NP, "nuri-hayot", False, 1),
    ("Гулнора Юсупова", P.COMMISSION_MEMBER, NP, "zanoni-sughd", False, 1),
    ("Шералӣ Мирзоев", P.COMMISSION_MEMBER, NP, "hunarhoi-mardumi", False, 0),
    ("Парвина Алиева", P.MEMBER, NP, "obodonii-dehot", False, None),
    ("Рустам Каримов", P.MEMBER, NP, "ghamkhori", False, None),
    ("Мунира Давлатова", P.MEMBER, NP, "tabiati-pomir", False, 0),
    ("Бахтиёр Азимов", P.MEMBER, NP, "marifat", False, None),
    ("Фаридун Исмоилов", P.MEMBER, NP, "merosi-hisor", False, 0),
    ("Шаҳло Сафарова", P.MEMBER, CIT, "", False, 1),
    ("Ҷамшед Холов", P.MEMBER, CIT, "", False, None),
]
TJ_COMMISSIONS = [
    {
        "name_tg": "Комиссия оид ба ҳуқуқи инсон ва рушди ҷомеаи шаҳрвандӣ",
        "name_ru": "Комиссия по правам человека и развитию гражданского общества",
        "name_en": "Commission on human rights and civil society",
    },
    {
        "name_tg": "Комиссия оид ба масъалаҳои иҷтимоӣ ва тандурустӣ",
        "name_ru": "Комиссия по социальным вопросам и здравоохранению",
        "name_en": "Commission on social affairs and health",
    },
]


def _user(email: str) -> User:
    return User.objects.get(email=email)


@functools.cache
def demo_pdf(title: str, text: str) -> bytes:
    """A small real PDF (rendered by WeasyPrint, so viewers and pypdf open it) with a title
    and a paragraph; cached, since the demo attaches the same few documents many times."""
    from weasyprint import HTML  # imported here: it loads Pango, which only this needs

    html = (
        '<!doctype html><html lang="ru"><meta charset="utf-8">'
        "<style>body{font-family:sans-serif;margin:2cm}h1{font-size:16pt}</style>"
        f"<h1>{escape(title)}</h1><p>{escape(text)}</p>"
        "<p><i>Hamkori demo document / Демонстрационный документ</i></p></html>"
    )
    return HTML(string=html).write_pdf()


REGULATION_TEXT = (
    "Положение об Общественном совете: цели и задачи, порядок формирования состава по "
    "конкурсу, права и обязанности членов, порядок проведения заседаний и принятия "
    "рекомендаций (Закон Республики Казахстан «Об общественных советах»)."
)
LETTER_TEXT = (
    "Правление организации рекомендует кандидата в состав Общественного совета: опыт "
    "общественной работы подтверждён проектами последних лет."
)


def _regulation(name: str) -> SimpleUploadedFile:
    title, text = (
        ("Рекомендательное письмо", LETTER_TEXT)
        if name.startswith("rekomendaciya")
        else ("Положение об Общественном совете", REGULATION_TEXT)
    )
    return SimpleUploadedFile(name, demo_pdf(title, text), content_type="application/pdf")


def _seat_all(actor, council, rows, organisations, commissions, users=None) -> int:
    users = users or {}
    for name, position, sector, key, public_service, *rest in rows:
        commission = commissions[rest[0]] if rest and rest[0] is not None else None
        services.member_add(
            actor=actor,
            council=council,
            full_name=name,
            sector=sector,
            position=position,
            user=users.get(name),
            organisation=organisations[key] if key else None,
            in_public_service=public_service,
            starts_on=council.term_start,
            commission=commission,
        )
    return len(rows)


def _candidate_account(name: str, local: str, organisation: Organisation | None) -> User:
    """An account for a candidate who does not sign in to the demo, a member of the
    organisation they represent."""
    if "@" in local:
        return _user(local)
    domain = organisation.website.split("//")[-1].strip("/") if organisation else "example.kz"
    user = User(email=f"{local}@{domain}", full_name=name, preferred_language="ru")
    user.set_unusable_password()
    user.full_clean()
    user.save()
    if organisation is not None:
        Membership.objects.create(
            user=user,
            organisation=organisation,
            role=MembershipRole.MEMBER,
            status=MembershipStatus.ACTIVE,
        )
    return user


def _mci(organisations, counts) -> None:
    official = _user(f"official.kz@{DEMO_DOMAIN}")
    today = local_today("KZ")
    term_end = today + timedelta(days=45)
    council = services.council_create(
        actor=official,
        host=organisations["mci"],
        code="kz-mci",
        level=CouncilLevel.REPUBLICAN,
        term_start=add_months(term_end, -36) + timedelta(days=1),
        term_end=term_end,
        regulation=_regulation("polozhenie.pdf"),
        name_kk="Қазақстан Республикасы Мәдениет және ақпарат министрлігінің Қоғамдық кеңесі",
        name_ru="Общественный совет Министерства культуры и информации Республики Казахстан",
        name_en="Public Council of the Ministry of Culture and Information of Kazakhstan",
        description_ru="Консультативно-совещательный и наблюдательный орган при министерстве: "
        "обсуждает проекты бюджетных программ, стратегических планов и нормативных актов, "
        "заслушивает отчёты министерства, осуществляет общественный контроль.",
        description_kk="Министрлік жанындағы консультативтік-кеңесші және байқаушы орган: "
        "бюджеттік бағдарламалардың, стратегиялық жоспарлардың және нормативтік актілердің "
        "жобаларын талқылайды, министрліктің есептерін тыңдайды, қоғамдық бақылауды жүзеге "
        "асырады.",
        description_en="The consultative, advisory and supervisory body of the ministry: it "
        "discusses draft budget programmes, strategic plans and regulations, hears the "
        "ministry's reports and exercises public control.",
    )
    commissions = [
        services.commission_create(actor=official, council=council, **names)
        for names in MCI_COMMISSIONS
    ]
    users = {"Асель Жаксыбекова": _user(f"secretary.kz@{DEMO_DOMAIN}")}
    counts["council_members"] += _seat_all(
        official, council, MCI_MEMBERS, organisations, commissions, users
    )
    counts["commissions"] += len(commissions)

    # The competition opened on the day the rule says formation starts (2 months before the
    # term ends) and runs for about six weeks.
    opens_on = services.formation_start(council) or today
    competition = services.competition_announce(
        actor=official,
        council=council,
        opens_on=opens_on,
        closes_on=today + timedelta(days=25),
        announcement_ru="Министерство объявляет конкурс по формированию нового состава "
        "Общественного совета. Приглашаются представители некоммерческих организаций и "
        "граждане; члены действующего состава могут подать заявку повторно.",
        announcement_kk="Министрлік Қоғамдық кеңестің жаңа құрамын қалыптастыру бойынша "
        "конкурс жариялайды. Коммерциялық емес ұйымдардың өкілдері мен азаматтар "
        "шақырылады; қазіргі құрамның мүшелері қайта өтінім бере алады.",
        announcement_en="The ministry announces the competition forming the council's next "
        "composition. Representatives of non-profit organisations and citizens are invited; "
        "members of the current composition may apply again.",
    )
    services.working_group_add(
        actor=official,
        competition=competition,
        full_name=official.full_name,
        user=official,
        role="Руководитель рабочей группы",
        is_head=True,
    )
    second = _user(f"mci2@{DEMO_DOMAIN}")
    services.working_group_add(
        actor=official,
        competition=competition,
        full_name=second.full_name,
        user=second,
        role="Член рабочей группы",
    )
    services.working_group_add(
        actor=official,
        competition=competition,
        full_name="Бахытжан Сейдахметов",
        role="Председатель действующего состава Общественного совета",
    )
    applications = [
        (f"cso.kz@{DEMO_DOMAIN}", NP, "birge", "Двенадцать лет защищаю права семей, "
         "воспитывающих детей с инвалидностью; хочу, чтобы доступность культуры стала "
         "предметом общественного контроля."),
        (f"member@{DEMO_DOMAIN}", NP, "birge", "Координирую инклюзивные культурные проекты "
         "объединения «Бірге»."),
        (f"cso2.kz@{DEMO_DOMAIN}", NP, "zhasyl-almaty", "Экологическое просвещение через "
         "библиотеки и музеи: готов вести эту тему в совете."),
        (f"citizen@{DEMO_DOMAIN}", CIT, "", "Журналист, 15 лет пишу о культуре; хочу "
         "участвовать в обсуждении информационной политики."),
    ]  # fmt: skip
    for email, sector, key, motivation in applications:
        person = _user(email)
        services.candidacy_submit(
            actor=person,
            competition=competition,
            full_name=person.full_name,
            sector=sector,
            organisation=organisations[key] if key else None,
            motivation=motivation,
            recommendation_text="Рекомендация правления организации от "
            f"{(today - timedelta(days=3)).strftime('%d.%m.%Y')}.",
            letters=[_regulation("rekomendaciya.pdf")] if sector == NP else [],
        )
    counts["councils"] += 1
    counts["competitions"] += 1
    counts["candidacies"] += len(applications)


def _almaty(organisations, counts) -> None:
    official = _user(f"akimat@{DEMO_DOMAIN}")
    host = organisations["almaty-akimat"]
    today = local_today("KZ")
    names = {
        "name_kk": "Алматы қаласының Қоғамдық кеңесі",
        "name_ru": "Общественный совет города Алматы",
        "name_en": "Public Council of Almaty city",
        "description_ru": "Общественный совет при акимате города Алматы: общественный "
        "контроль, обсуждение городских программ и бюджета, работа с обращениями горожан.",
        "description_kk": "Алматы қаласы әкімдігі жанындағы Қоғамдық кеңес: қоғамдық бақылау, "
        "қалалық бағдарламалар мен бюджетті талқылау, қала тұрғындарының өтініштерімен жұмыс.",
        "description_en": "The public council of the Almaty city akimat: public control, "
        "city programmes and budget, residents' appeals.",
    }
    new_start = today - timedelta(days=40)
    # The previous composition stays in office until the competition is over (its term is
    # then set to end just before the new one, as happened).
    previous = services.council_create(
        actor=official,
        host=host,
        code="kz-almaty-2022",
        level=CouncilLevel.LOCAL,
        term_start=add_months(new_start, -36),
        term_end=today + timedelta(days=1),
        regulation=_regulation("polozhenie-almaty.pdf"),
        **names,
    )
    counts["council_members"] += _seat_all(official, previous, ALMATY_2022, organisations, [])
    competition = services.competition_announce(
        actor=official,
        council=previous,
        opens_on=today - timedelta(days=100),
        closes_on=today,
        announcement_ru="Акимат города Алматы объявляет конкурс по формированию нового "
        "состава Общественного совета города.",
        announcement_kk="Алматы қаласының әкімдігі қаланың Қоғамдық кеңесінің жаңа құрамын "
        "қалыптастыру бойынша конкурс жариялайды.",
        announcement_en="The Almaty city akimat announces the competition forming the city "
        "public council's next composition.",
    )
    second = _user(f"akimat2@{DEMO_DOMAIN}")
    for person, role, head in (
        (official, "Руководитель рабочей группы", True),
        (second, "Секретарь рабочей группы", False),
    ):
        services.working_group_add(
            actor=official,
            competition=competition,
            full_name=person.full_name,
            user=person,
            role=role,
            is_head=head,
        )
    candidacies = []
    for name, sector, key, local, _accepted in ALMATY_CANDIDATES:
        organisation = organisations[key] if key else None
        person = _candidate_account(name, local, organisation)
        candidacies.append(
            services.candidacy_submit(
                actor=person,
                competition=competition,
                full_name=name,
                sector=sector,
                organisation=organisation,
                motivation="Хочу участвовать в общественном контроле за городскими "
                "программами в своей сфере.",
                recommendation_text="Рекомендательное письмо организации прилагается."
                if organisation
                else "Рекомендации жителей района.",
                letters=[_regulation("rekomendaciya.pdf")] if organisation else [],
            )
        )
    services.competition_transition(actor=official, competition=competition, action="close")
    reasons = {
        True: "Соответствует требованиям; опыт работы в сфере подтверждён рекомендациями.",
        False: "Не рекомендован рабочей группой: от организации принят другой кандидат "
        "(один представитель от юридического лица).",
    }
    for candidacy, row in zip(candidacies, ALMATY_CANDIDATES, strict=True):
        accepted = row[4]
        reason = reasons[accepted]
        if not accepted and not candidacy.organisation_id:
            reason = "Не представлены рекомендации, подтверждающие опыт общественной работы."
        services.candidacy_decide(actor=second, candidacy=candidacy, accept=accepted, reason=reason)
    services.competition_transition(actor=official, competition=competition, action="decide")
    # The previous composition's term ended the day before the new one began.
    services.council_update(
        actor=official, council=previous, term_end=new_start - timedelta(days=1)
    )
    council = services.competition_publish(
        actor=official,
        competition=competition,
        code="kz-almaty",
        term_start=new_start,
        state_members=[StateMember(name, organisation=host) for name in ALMATY_STATE],
    )
    # The competition was held before the new term began: its dates are moved back to when
    # it happened (the services above ran on today's clock).
    closed_on = new_start - timedelta(days=30)
    decided_at = timezone.now() - timedelta(days=55)
    Competition.objects.filter(pk=competition.pk).update(
        opens_on=closed_on - timedelta(days=45),
        closes_on=closed_on,
        published_at=timezone.now() - timedelta(days=50),
    )
    Candidacy.objects.filter(competition=competition).update(decided_at=decided_at)
    # The new composition elected its chair and secretary at its first meeting.
    members = {m.full_name: m for m in council.members.all()}
    # The chair is the demo's cso.kz sign-in, so a visitor can approve minutes as the chair.
    services.member_position_set(
        actor=official, member=members["Динара Оспанова"], position=Position.CHAIR
    )
    services.member_position_set(
        actor=official, member=members["Тимур Ахметов"], position=Position.DEPUTY_CHAIR
    )
    services.member_position_set(
        actor=official, member=members["Айнур Смагулова"], position=Position.SECRETARY
    )
    commission = services.commission_create(
        actor=official,
        council=council,
        name_kk="Әлеуметтік мәселелер және қоршаған орта жөніндегі комиссия",
        name_ru="Комиссия по социальным вопросам и экологии",
        name_en="Commission on social affairs and the environment",
    )
    for name in ("Динара Оспанова", "Тимур Ахметов", "Ерболат Досанов"):
        services.member_update(actor=official, member=members[name], commission=commission)
    counts["council_members"] += council.members.count()
    counts["commissions"] += 1
    counts["councils"] += 2
    counts["competitions"] += 1
    counts["candidacies"] += len(candidacies)


def _executive_office(admin: User) -> Organisation:
    """The Executive Office of the President of Tajikistan, which serves the national public
    council; not one of the demo's funding bodies, so it is registered here."""
    return registry.organisation_create(
        actor=admin,
        jurisdiction="TJ",
        kind="agency",
        identifier="020000041",
        name_tg="Дастгоҳи иҷроияи Президенти Ҷумҳурии Тоҷикистон",
        name_ru="Исполнительный аппарат Президента Республики Таджикистан",
        name_en="Executive Office of the President of the Republic of Tajikistan",
        description_ru="Обеспечивает деятельность Президента; при нём работает аппарат "
        "Общественного совета Республики Таджикистан.",
        description_tg="Фаъолияти Президентро таъмин менамояд; дастгоҳи Шӯрои ҷамъиятии "
        "Ҷумҳурии Тоҷикистон дар назди он фаъолият мекунад.",
        address="Душанбе, хиёбони Рӯдакӣ, 80",
        email="info@eop-tj.example.tj",
        website="https://eop-tj.example.tj/",
        registered_on=date(1994, 11, 16),
    )


def _tajikistan(organisations, counts) -> None:
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    assert admin is not None, "the demo loads after its platform administrator"
    office = _executive_office(admin)
    organisations = {**organisations, "eop-tj": office}
    council = services.council_create(
        actor=admin,
        host=office,
        code="tj-public-council",
        level=CouncilLevel.REPUBLICAN,
        term_start=date(2024, 3, 1),
        term_end=date(2029, 2, 28),
        name_tg="Шӯрои ҷамъиятии Ҷумҳурии Тоҷикистон",
        name_ru="Общественный совет Республики Таджикистан",
        name_en="Public Council of the Republic of Tajikistan",
        description_tg="Шӯрои ҷамъиятӣ аз соли 1996 барои таҳкими ваҳдати миллӣ ва ҳамкории "
        "давлат бо ҷомеаи шаҳрвандӣ фаъолият мекунад.",
        description_ru="Действует с 1996 года для укрепления национального единства и "
        "сотрудничества государства с гражданским обществом.",
        description_en="Since 1996, for national unity and cooperation between the state "
        "and civil society. The demo holds 15 of its members; the real council has about 86.",
    )
    commissions = [
        services.commission_create(actor=admin, council=council, **names)
        for names in TJ_COMMISSIONS
    ]
    users = {"Мадина Қодирова": _user(f"cso.tj@{DEMO_DOMAIN}")}
    counts["council_members"] += _seat_all(
        admin, council, TJ_MEMBERS, organisations, commissions, users
    )
    counts["commissions"] += len(commissions)
    counts["councils"] += 1


def councils_load(*, organisations: dict) -> dict[str, int]:
    """Create the councils demo data and return counts for the demo's audit event."""
    counts = {
        "councils": 0,
        "council_members": 0,
        "commissions": 0,
        "competitions": 0,
        "candidacies": 0,
    }
    _mci(organisations, counts)
    _almaty(organisations, counts)
    _tajikistan(organisations, counts)
    assert Council.objects.count() == counts["councils"]
    assert Commission.objects.count() == counts["commissions"]
    return counts
