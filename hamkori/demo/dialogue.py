"""Demo consultations and a dialogue programme (issue 6), made through the services:

- the Ministry of Culture and Information's draft rules for state grants to NGOs, open for
  comments from today for the rule's ten working days, with comments in Kazakh and Russian;
- the Almaty akimat's draft plan of the city's state social order, discussed through its public
  council a month ago, closed, every comment handled and the report published;
- a week-long study visit of Tajik civil servants to Astana and Almaty, Monday to Friday three
  weeks ago: ministries, the grant operator, members of the Mazhilis, CSOs, the city akimat and
  its public council, with notes and follow-up actions.

Services take today as the day things happen; the closed consultation is moved into the past
after its comments were taken (as demo/competitions.py does), then closed through the service.
People and the delegation are invented."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.utils import timezone

from hamkori.accounts.models import User
from hamkori.councils.models import Council
from hamkori.dialogue import services
from hamkori.dialogue.models import City, Comment, Consultation, ConsultationKind, Handling
from hamkori.dialogue.services import SessionData, default_closing_day
from hamkori.dialogue.workflow import ConsultationAction
from hamkori.registry.models import Organisation
from hamkori.rules.selectors import local_today

DEMO = "@demo.hamkori.org"


def _person(name: str) -> User:
    return User.objects.get(email=f"{name}{DEMO}")


def _council_of(host: Organisation) -> Council | None:
    return Council.objects.filter(host=host).order_by("-term_start").first()


def dialogue_load(*, organisations: dict) -> dict[str, int]:
    """Create the dialogue demo data and return counts for the demo's audit event."""
    open_comments = _open_consultation(organisations)
    reported_comments = _reported_consultation(organisations)
    sessions, actions = _study_visit(organisations)
    return {
        "consultations": 2,
        "consultation_comments": open_comments + reported_comments,
        "programmes": 1,
        "programme_sessions": sessions,
        "programme_follow_ups": actions,
    }


GRANT_RULES_SECTIONS = (
    (
        "Общие положения",
        "Настоящие Правила определяют порядок предоставления государственных грантов "
        "неправительственным организациям для реализации социально значимых проектов.",
    ),
    (
        "Формирование перечня приоритетных направлений",
        "Уполномоченный орган формирует перечень направлений государственных грантов с учётом "
        "предложений общественных советов, неправительственных организаций и граждан.",
    ),
    (
        "Конкурсный отбор",
        "Приём заявок осуществляется оператором в течение двадцати календарных дней. Заявки "
        "оцениваются экспертным советом по критериям, утверждённым уполномоченным органом.",
    ),
    (
        "Мониторинг и оценка",
        "Оператор осуществляет мониторинг реализации проектов и публикует результаты оценки "
        "на интернет-ресурсе.",
    ),
)


def _open_consultation(organisations: dict) -> int:
    mci = organisations["mci"]
    official = _person("official.kz")
    opens = local_today(mci.jurisdiction_id)
    consultation = services.consultation_create(
        actor=official,
        organiser=mci,
        council=_council_of(mci),
        kind=ConsultationKind.REGULATION,
        titles={
            "kk": "«Мемлекеттік гранттарды беру қағидаларын бекіту туралы» бұйрықтың жобасы",
            "ru": "Проект приказа «Об утверждении Правил предоставления государственных грантов»",
            "en": "Draft order approving the Rules for the provision of state grants",
        },
        summaries={
            "kk": "Жоба гранттық конкурстың мерзімдерін, сараптама тәртібін және мониторингті "
            "нақтылайды.",
            "ru": "Проект уточняет сроки грантового конкурса, порядок экспертизы заявок и "
            "мониторинга проектов.",
        },
        opens_on=opens,
        # Past the loaded holiday calendars the period is given explicitly (two weeks).
        closes_on=default_closing_day(mci.jurisdiction_id, opens) or opens + timedelta(days=14),
    )
    sections = [
        services.section_add(
            actor=official, consultation=consultation, number=n, heading=heading, text=text
        )
        for n, (heading, text) in enumerate(GRANT_RULES_SECTIONS, start=1)
    ]
    services.consultation_transition(
        actor=official, consultation=consultation, action=ConsultationAction.PUBLISH
    )
    comments = (
        (
            "cso.kz",
            "birge",
            sections[2],
            "Предлагаем увеличить срок приёма заявок до тридцати календарных дней: небольшим "
            "организациям из регионов двадцати дней не хватает на подготовку бюджета.",
            "ru",
        ),
        (
            "cso2.kz",
            "zhasyl-almaty",
            sections[1],
            "Экологиялық бағыттарды тізбеге жеке бағыт ретінде енгізуді ұсынамыз.",
            "kk",
        ),
        (
            "member",
            None,
            sections[3],
            "Мониторинг нәтижелерін ашық деректер форматында жариялау керек.",
            "kk",
        ),
        (
            "citizen",
            None,
            None,
            "Хорошо бы опубликовать вместе с проектом сравнительную таблицу изменений.",
            "ru",
        ),
    )
    for person, organisation, section, text, language in comments:
        services.comment_add(
            actor=_person(person),
            consultation=consultation,
            section=section,
            organisation=organisations[organisation] if organisation else None,
            text=text,
            language=language,
        )
    return len(comments)


def _reported_consultation(organisations: dict) -> int:
    akimat = organisations["almaty-akimat"]
    official = _person("akimat")
    today = local_today(akimat.jurisdiction_id)
    consultation = services.consultation_create(
        actor=official,
        organiser=akimat,
        council=_council_of(akimat),
        kind=ConsultationKind.PLAN,
        titles={
            "kk": "Алматы қаласының 2027 жылға арналған мемлекеттік әлеуметтік тапсырыс "
            "жоспарының жобасы",
            "ru": "Проект плана государственного социального заказа города Алматы на 2027 год",
        },
        summaries={
            "ru": "Темы социальных проектов города на 2027 год: поддержка людей с "
            "инвалидностью, молодёжи, экологические инициативы и кризисные центры.",
        },
        opens_on=today,
        closes_on=today + timedelta(days=14),
    )
    topics = (
        ("Поддержка людей с инвалидностью", "Инклюзивные кружки, социальное такси, 4 лота."),
        ("Молодёжная политика", "Школы волонтёров в каждом районе, 2 лота."),
        ("Экология и озеленение", "Экологическое просвещение, 1 лот."),
        ("Кризисные центры", "Помощь пострадавшим от бытового насилия, 2 лота."),
    )
    sections = [
        services.section_add(
            actor=official, consultation=consultation, number=n, heading=heading, text=text
        )
        for n, (heading, text) in enumerate(topics, start=1)
    ]
    services.consultation_transition(
        actor=official, consultation=consultation, action=ConsultationAction.PUBLISH
    )
    comments = [
        services.comment_add(
            actor=_person(person),
            consultation=consultation,
            section=section,
            organisation=organisations[organisation] if organisation else None,
            text=text,
            language=language,
        )
        for person, organisation, section, text, language in (
            (
                "cso2.kz",
                "zhasyl-almaty",
                sections[2],
                "Бір лот қала үшін аз: аудандар бойынша кемінде үш лот қажет.",
                "kk",
            ),
            (
                "cso.kz",
                "birge",
                sections[0],
                "Просим разделить лот по социальному такси на два: для детей и для взрослых.",
                "ru",
            ),
            ("citizen", None, sections[3], "Кризисный центр нужен в Алатауском районе.", "ru"),
            ("newcomer", None, None, "Жоспар жақсы, бірақ бюджет көрсетілмеген.", "kk"),
        )
    ]
    # The period was a month ago: move it there, then close it through the workflow.
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_on=today - timedelta(days=35), closes_on=today - timedelta(days=21)
    )
    # ...and the comments into it, a few days apart, as they came in then.
    for days_ago, comment in zip((33, 30, 27, 24), comments, strict=True):
        Comment.objects.filter(pk=comment.pk).update(
            created_at=timezone.now() - timedelta(days=days_ago)
        )
    consultation.refresh_from_db()
    services.consultation_transition(
        actor=official, consultation=consultation, action=ConsultationAction.CLOSE
    )
    answers = (
        (Handling.PARTLY, "Количество лотов по экологии увеличено до двух."),
        (Handling.ACCEPTED, "Лот разделён: 1.1 — для детей, 1.2 — для взрослых."),
        (Handling.NOT_ACCEPTED, "Центр в Алатауском районе финансируется из другой программы."),
        (Handling.NOTED, "Бюджет публикуется вместе с утверждённым планом."),
    )
    for comment, (handling, response) in zip(comments, answers, strict=True):
        services.comment_handle(
            actor=official, comment=comment, handling=handling, response=response
        )
    services.consultation_transition(
        actor=official,
        consultation=consultation,
        action=ConsultationAction.PUBLISH_REPORT,
        report_summaries={
            "ru": "Поступило 4 замечания: 1 учтено, 1 учтено частично, 1 не учтено, 1 принято "
            "к сведению. План вынесен на утверждение с изменениями.",
            "kk": "4 ескерту түсті: 1 қабылданды, 1 ішінара қабылданды, 1 қабылданбады, 1 "
            "назарға алынды.",
        },
    )
    return len(comments)


DELEGATION = (
    ("Раҳимов Фарҳод", "Мутахассиси пешбар", "Агентии ҳифзи иҷтимоии аҳолӣ"),
    ("Ҷӯраева Гулнора", "Сардори раёсати хизматрасониҳои иҷтимоӣ", "Агентии ҳифзи иҷтимоии аҳолӣ"),
    (
        "Исмоилов Далер",
        "Муовини сардори шӯъба",
        "Вазорати тандурустӣ ва ҳифзи иҷтимоии аҳолӣ",
    ),
    (
        "Саидова Нигина",
        "Сармутахассиси шӯъбаи ҳамкорӣ бо ҷомеаи шаҳрвандӣ",
        "Мақомоти иҷроияи ҳокимияти давлатии шаҳри Душанбе",
    ),
    (
        "Шарипов Бахром",
        "Мутахассиси шӯъбаи молия",
        "Мақомоти иҷроияи ҳокимияти давлатии шаҳри Душанбе",
    ),
    ("Назарова Мунира", "Сармутахассис", "Вазорати молияи Ҷумҳурии Тоҷикистон"),
)


def _study_visit(organisations: dict) -> tuple[int, int]:
    mci = organisations["mci"]
    official = _person("official.kz")
    today = local_today(mci.jurisdiction_id)
    monday = today - timedelta(days=today.weekday() + 21)
    programme = services.programme_create(
        actor=official,
        organisers=[mci, organisations["asp-tj"]],
        titles={
            "ru": "Учебный визит делегации государственных служащих Таджикистана в Казахстан: "
            "государственный социальный заказ и гранты для НПО",
            "tg": "Сафари омӯзишии хизматчиёни давлатии Тоҷикистон ба Қазоқистон: фармоиши "
            "иҷтимоии давлатӣ ва грантҳо барои ТҶ",
            "kk": "Тәжікстан мемлекеттік қызметшілері делегациясының Қазақстанға оқу сапары",
        },
        descriptions={
            "ru": "Пять дней встреч в Астане и Алматы: министерства, оператор грантов, депутаты "
            "Мажилиса, акимат Алматы и его общественный совет, неправительственные организации. "
            "Цель — изучить планирование, конкурсы и мониторинг государственного социального "
            "заказа и грантов.",
            "tg": "Панҷ рӯзи вохӯриҳо дар Остона ва Алмаато бо вазоратҳо, оператори грантҳо, "
            "вакилони Маҷлис, ҳокимияти шаҳри Алмаато ва ташкилотҳои ҷамъиятӣ.",
        },
        starts_on=monday,
        ends_on=monday + timedelta(days=4),
    )
    for full_name, position, organisation_name in DELEGATION:
        services.participant_add(
            actor=official,
            programme=programme,
            full_name=full_name,
            position=position,
            organisation_name=organisation_name,
            country="TJ",
        )
    sessions = 0
    actions = 0
    for (
        day,
        starts,
        ends,
        city,
        host,
        host_name,
        topics,
        participants,
        notes,
        follow_ups,
    ) in _visit_sessions(organisations, monday):
        session = services.session_add(
            actor=official,
            programme=programme,
            data=SessionData(
                day=day,
                starts=starts,
                ends=ends,
                city=city,
                host=host,
                host_name=host_name,
                topics=topics,
                participants=participants,
                notes={"ru": notes},
            ),
        )
        sessions += 1
        for action, responsible, due_in_days, done in follow_ups:
            follow_up = services.followup_add(
                actor=official,
                session=session,
                action=action,
                responsible=responsible,
                due_on=day + timedelta(days=due_in_days),
            )
            if done:
                services.followup_set_done(
                    actor=official,
                    follow_up=follow_up,
                    done=True,
                    done_on=day + timedelta(days=due_in_days - 3),
                )
            actions += 1
    services.programme_publish(actor=official, programme=programme)
    return sessions, actions


def _visit_sessions(organisations: dict, monday: date) -> list[tuple]:
    tuesday, wednesday, thursday, friday = (monday + timedelta(days=n) for n in range(1, 5))
    return [
        (
            monday,
            time(10),
            time(12, 30),
            City.ASTANA,
            organisations["mci"],
            "",
            {
                "ru": "Государственный социальный заказ и гранты: законодательство, "
                "планирование, база данных НПО",
                "tg": "Фармоиши иҷтимоии давлатӣ ва грантҳо: қонунгузорӣ ва банақшагирӣ",
            },
            "Департамент по делам гражданского общества МКИ",
            "Министерство представило порядок формирования перечня направлений грантов с "
            "участием общественных советов и ежегодную отчётность НПО в базу данных. "
            "Делегация задала вопросы о критериях приоритетных направлений.",
            [
                ("Направить делегации правила и методику ведения базы данных НПО", "МКИ", 14, True),
            ],
        ),
        (
            monday,
            time(14, 30),
            time(17),
            City.ASTANA,
            organisations["cscsi"],
            "",
            {
                "ru": "Оператор государственных грантов: конкурс, экспертиза, мониторинг",
                "tg": "Оператори грантҳои давлатӣ: озмун, экспертиза, мониторинг",
            },
            "Менеджеры грантовых программ ЦПГИ",
            "Показан полный цикл гранта: приём заявок, жеребьёвка экспертов, оценка, договор, "
            "транши и мониторинговые визиты.",
            [
                ("Поделиться формами экспертной оценки и чек-листом мониторинга", "ЦПГИ", 14, True),
            ],
        ),
        (
            tuesday,
            time(10),
            time(12),
            City.ASTANA,
            organisations["enbek"],
            "",
            {
                "ru": "Специальные социальные услуги, оказываемые НПО: стандарты и оплата",
                "tg": "Хизматрасониҳои махсуси иҷтимоӣ аз ҷониби ТҶ: стандартҳо ва пардохт",
            },
            "Департамент социальных услуг",
            "Обсуждены стандарты оказания специальных социальных услуг и расчёт стоимости "
            "услуги на одного получателя.",
            [
                (
                    "Направить стандарт специальных социальных услуг на русском языке",
                    "МТСЗН",
                    21,
                    False,
                ),
            ],
        ),
        (
            tuesday,
            time(15),
            time(17),
            City.ASTANA,
            None,
            "Мажилис Парламента Республики Казахстан",
            {
                "ru": "Законодательство о государственном социальном заказе: практика и поправки",
                "tg": "Қонунгузорӣ дар бораи фармоиши иҷтимоии давлатӣ: таҷриба ва тағйирот",
            },
            "Депутаты Комитета по социально-культурному развитию",
            "Депутаты рассказали о поправках, расширивших круг заказчиков социального заказа, "
            "и о парламентском контроле за его исполнением.",
            [],
        ),
        (
            wednesday,
            time(10),
            time(13),
            City.ASTANA,
            None,
            "Гражданский альянс Казахстана",
            {
                "ru": "Встреча с ведущими НПО Астаны: опыт реализации грантов",
                "tg": "Вохӯрӣ бо ТҶ-и пешбари Остона: таҷрибаи татбиқи грантҳо",
            },
            "ОО «Бірге», ОО «Шаңырақ», фонд «Білім – болашақ», ОО «Тұтынушы»",
            "НПО рассказали о сильных сторонах и трудностях: сроки подготовки заявок, "
            "отчётность, задержки траншей.",
            [],
        ),
        (
            thursday,
            time(10),
            time(12, 30),
            City.ALMATY,
            organisations["almaty-akimat"],
            "",
            {
                "ru": "Социальный заказ города: изучение потребностей, лоты, мониторинг",
                "tg": "Фармоиши иҷтимоии шаҳр: омӯзиши эҳтиёҷот, лотҳо, мониторинг",
            },
            "Отдел по работе с НПО акимата города Алматы",
            "Акимат показал, как темы лотов выводятся из обращений граждан и общественного "
            "совета, и публичное обсуждение плана социального заказа.",
            [
                (
                    "Прислать пример плана социального заказа и отчёта о его обсуждении",
                    "Акимат г. Алматы",
                    14,
                    True,
                ),
            ],
        ),
        (
            thursday,
            time(14, 30),
            time(16, 30),
            City.ALMATY,
            None,
            "Общественный совет города Алматы",
            {
                "ru": "Общественный совет: рекомендации и общественный контроль",
                "tg": "Шӯрои ҷамъиятӣ: тавсияҳо ва назорати ҷамъиятӣ",
            },
            "Председатель и члены комиссии по социальной политике",
            "Члены совета рассказали о рекомендациях акимату и о сроках ответа на них.",
            [],
        ),
        (
            friday,
            time(10),
            time(13),
            City.ALMATY,
            organisations["zhasyl-almaty"],
            "",
            {
                "ru": "Посещение НПО Алматы, реализующих проекты социального заказа",
                "tg": "Боздид аз ТҶ-и Алмаато, ки лоиҳаҳои фармоиши иҷтимоиро татбиқ мекунанд",
            },
            "Фонд «Жасыл Алматы», ОО «Сенім», ОО «Сахна»",
            "Делегация посетила экологический проект и кризисный центр.",
            [],
        ),
        (
            friday,
            time(15),
            time(17),
            City.ALMATY,
            organisations["almaty-akimat"],
            "",
            {
                "ru": "Итоговая сессия: выводы и план совместных действий",
                "tg": "Ҷаласаи ҷамъбастӣ: хулосаҳо ва нақшаи амалҳои муштарак",
            },
            "МКИ, ЦПГИ, акимат города Алматы, делегация",
            "Стороны договорились об обмене методиками и о подготовке меморандума.",
            [
                (
                    "Подготовить проект меморандума о сотрудничестве Агентства и ЦПГИ",
                    "Агентство социальной защиты РТ",
                    60,
                    False,
                ),
                (
                    "Подготовить предложения к порядку государственного социального заказа РТ",
                    "Агентство социальной защиты РТ, хукумат г. Душанбе",
                    90,
                    False,
                ),
            ],
        ),
    ]
