"""Demo recommendations of the three demo councils (issue 6), made through the services after
the councils and their meetings: each council adopts recommendations at its latest held meeting
and sends them to its host body or to another state body, which answer on time or late, ask for
an extension, reject with reasons, report milestones or the implementation — and some answers
are overdue, so the public counters and the annual report show every case.

Dates are counted back from today in the council's jurisdiction and pass the same checks as a
person's (nothing in the future, nothing before the meeting); deadlines come from the rule set
and the holiday calendars, so they are what the platform computes for real letters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from hamkori.accounts.models import MembershipStatus, User
from hamkori.councils.models import Council, Member, Position
from hamkori.meetings.models import Meeting
from hamkori.recommendations import services
from hamkori.recommendations.models import Extension, Milestone, Recommendation
from hamkori.recommendations.workflow import AnswerKind
from hamkori.registry.models import Organisation
from hamkori.rules.selectors import local_today, local_zone, working_days_add


@dataclass(frozen=True)
class Spec:
    """One demo recommendation: its text, the addressee's demo key and what happens to it."""

    body: str
    scenario: str  # on_time, late, overdue, extended, implementing, implemented, rejected, waiting
    title: dict[str, str]
    text: dict[str, str]
    answer_text: str = ""
    milestones: list[str] = field(default_factory=list)


KZ_MCI = [
    Spec(
        "mci",
        "implemented",
        {
            "kk": "Бюджеттік бағдарламалардың жобаларын жария талқылауға шығару",
            "ru": "Выносить проекты бюджетных программ министерства на публичное обсуждение",
            "en": "Put the ministry's draft budget programmes to public discussion",
        },
        {
            "ru": "Публиковать проекты бюджетных программ на открытом портале не позднее чем "
            "за десять рабочих дней до их внесения и отчитываться совету о замечаниях.",
            "en": "Publish the draft budget programmes on the open portal at least ten working "
            "days before they are submitted and report the comments to the council.",
        },
        milestones=["Порядок публикации утверждён приказом", "Первые проекты опубликованы"],
    ),
    Spec(
        "mci",
        "implementing",
        {
            "kk": "БАҚ-қа арналған мемлекеттік ақпараттық тапсырыстың ашық тізілімі",
            "ru": "Открытый реестр государственного информационного заказа для СМИ",
            "en": "An open register of the state information order for the media",
        },
        {
            "ru": "Публиковать сведения о размещении государственного информационного заказа "
            "(получатель, сумма, тема) в машиночитаемом виде ежеквартально.",
            "en": "Publish who receives the state information order, the amount and the topic, "
            "in machine-readable form, every quarter.",
        },
        milestones=[
            "Состав полей реестра согласован с советом",
            "Данные за первое полугодие опубликованы",
            "Ежеквартальная выгрузка налажена",
        ],
    ),
    Spec(
        "enbek",
        "late",
        {
            "kk": "Мүгедектігі бар адамдардың ұйымдарын жұмыс тобына қосу",
            "ru": "Включить организации людей с инвалидностью в рабочую группу",
            "en": "Include organisations of people with disabilities in the working group",
        },
        {
            "ru": "Включить представителей организаций людей с инвалидностью в рабочую группу "
            "по стандарту доступной информации на сайтах государственных органов.",
            "en": "Include representatives of organisations of people with disabilities in the "
            "working group on the standard of accessible information on state websites.",
        },
        answer_text="Включены два представителя; третье место — после ротации группы в 2027 году.",
    ),
    Spec(
        "mci",
        "overdue",
        {
            "kk": "Мемлекеттік ақпараттық тапсырыстың 2026 жылғы нәтижелері туралы есеп",
            "ru": "Отчитаться совету о результатах государственного информационного заказа",
            "en": "Report to the council on the results of the state information order",
        },
        {
            "ru": "Представить совету отчёт о результатах государственного информационного "
            "заказа за 2026 год с показателями охвата аудитории.",
            "en": "Give the council a report on the results of the 2026 state information order "
            "with audience reach indicators.",
        },
    ),
    Spec(
        "mci",
        "extended",
        {
            "kk": "Мәдениет саласындағы жобалар конкурсының өлшемшарттарын қайта қарау",
            "ru": "Пересмотреть критерии конкурса социально значимых проектов в сфере культуры",
            "en": "Review the criteria of the competition for social projects in culture",
        },
        {
            "ru": "Исключить из критериев конкурса требование о пятилетнем опыте заявителя, "
            "закрывающее доступ молодым организациям.",
            "en": "Drop the five-year experience requirement from the criteria, which shuts out "
            "young organisations.",
        },
    ),
    Spec(
        "enbek",
        "rejected",
        {
            "kk": "Әлеуметтік тапсырыс аванстарын 70 пайызға дейін ұлғайту",
            "ru": "Увеличить аванс по государственному социальному заказу до 70 процентов",
            "en": "Raise the advance of the state social order to 70 per cent",
        },
        {
            "ru": "Увеличить размер первого транша по договорам социального заказа до 70 %.",
            "en": "Raise the first tranche of social order contracts to 70 %.",
        },
        answer_text="Размер аванса установлен правилами, утверждёнными уполномоченным органом; "
        "министерство внесёт предложение при их пересмотре.",
    ),
]

KZ_ALMATY = [
    Spec(
        "almaty-akimat",
        "implementing",
        {
            "kk": "Қалалық бюджет бойынша тыңдаулардың кестесін жариялау",
            "ru": "Публиковать график публичных слушаний по городскому бюджету",
            "en": "Publish the schedule of public hearings on the city budget",
        },
        {
            "ru": "Публиковать график слушаний по бюджету города за месяц до их начала и "
            "вести трансляцию каждого слушания.",
            "en": "Publish the schedule of the city budget hearings a month ahead and stream "
            "every hearing.",
        },
        milestones=["График на 2027 год опубликован", "Трансляции слушаний запущены"],
    ),
    Spec(
        "almaty-akimat",
        "on_time",
        {
            "kk": "Аялдамаларды мүгедектігі бар адамдар үшін қолжетімді ету",
            "ru": "Сделать остановки общественного транспорта доступными",
            "en": "Make public transport stops accessible",
        },
        {
            "ru": "Провести аудит доступности остановок с участием общественных организаций и "
            "включить переоборудование в план на 2027 год.",
            "en": "Audit the accessibility of the stops with civil-society organisations and "
            "put the refitting in the 2027 plan.",
        },
    ),
    Spec(
        "almaty-akimat",
        "extended",
        {
            "kk": "Аудандық әкімдіктердегі азаматтарды қабылдау кестесі",
            "ru": "Единый график приёма граждан в районных акиматах",
            "en": "One schedule for receiving citizens in the district akimats",
        },
        {
            "ru": "Утвердить единый график приёма граждан в районных акиматах, включая вечерние "
            "часы и субботу.",
            "en": "Set one schedule for receiving citizens in the district akimats, including "
            "evenings and Saturdays.",
        },
    ),
    Spec(
        "mci",
        "waiting",
        {
            "kk": "Қалалық БАҚ-қа мемлекеттік тілдегі гранттар",
            "ru": "Гранты городским СМИ на государственном языке",
            "en": "Grants for city media in the state language",
        },
        {
            "ru": "Предусмотреть отдельный лот государственного информационного заказа для "
            "городских СМИ Алматы на казахском языке.",
            "en": "Provide a separate lot of the state information order for Almaty city "
            "media in Kazakh.",
        },
    ),
]

TJ = [
    Spec(
        "asp-tj",
        "implemented",
        {
            "tg": "Ба ташкилотҳои ҷамъиятӣ дастрасии кушода ба маълумоти ҳифзи иҷтимоӣ",
            "ru": "Открытый доступ общественных организаций к данным социальной защиты",
            "en": "Open access of civil-society organisations to social-protection data",
        },
        {
            "ru": "Публиковать обезличенные сведения о получателях адресной социальной помощи "
            "по районам ежеквартально.",
            "en": "Publish anonymised figures on recipients of targeted social assistance by "
            "district every quarter.",
        },
        milestones=["Шакли ҳисобот тасдиқ шуд", "Маълумоти семоҳаи аввал нашр шуд"],
    ),
    Spec(
        "dushanbe-hukumat",
        "late",
        {
            "tg": "Ҷалби ҷавонон ба банақшагирии фазоҳои ҷамъиятии шаҳр",
            "ru": "Привлекать молодёжь к планированию общественных пространств города",
            "en": "Involve young people in planning the city's public spaces",
        },
        {
            "ru": "Проводить открытые обсуждения проектов скверов и парков с молодёжными "
            "организациями до утверждения проектов.",
            "en": "Hold open discussions of park and square designs with youth organisations "
            "before the designs are approved.",
        },
        answer_text="Қабул шуд қисман: муҳокимаҳо барои лоиҳаҳои нав гузаронида мешаванд.",
    ),
    Spec(
        "asp-tj",
        "overdue",
        {
            "tg": "Стандарти хизматрасониҳои иҷтимоӣ дар хона",
            "ru": "Стандарт социальных услуг на дому",
            "en": "A standard of social services at home",
        },
        {
            "ru": "Разработать с участием общественных организаций стандарт социальных услуг "
            "на дому для пожилых людей.",
            "en": "Draft with civil-society organisations a standard of social services at home "
            "for older people.",
        },
    ),
    Spec(
        "dushanbe-hukumat",
        "implementing",
        {
            "tg": "Нашри буҷаи шаҳр барои шаҳрвандон",
            "ru": "Бюджет города для граждан",
            "en": "A citizens' budget of the city",
        },
        {
            "ru": "Ежегодно публиковать упрощённую версию городского бюджета на таджикском и "
            "русском языках.",
            "en": "Publish a plain version of the city budget in Tajik and Russian every year.",
        },
        milestones=["Намунаи буҷа барои шаҳрвандон омода шуд", "Нашр дар сомонаи ҳукумат"],
    ),
    Spec(
        "asp-tj",
        "rejected",
        {
            "tg": "Зиёд кардани андозаи кӯмаки иҷтимоии ягонавақта",
            "ru": "Увеличить размер единовременной социальной помощи",
            "en": "Raise the one-off social assistance",
        },
        {
            "ru": "Увеличить размер единовременной социальной помощи вдвое с 2027 года.",
            "en": "Double the one-off social assistance from 2027.",
        },
        answer_text="Андоза бо қарори Ҳукумат муқаррар карда мешавад; пешниҳод ба Вазорати "
        "молия фиристода шуд.",
    ),
]

COUNCILS = [("kz-mci", KZ_MCI), ("kz-almaty", KZ_ALMATY), ("tj-public-council", TJ)]


def _manager(council: Council) -> User:
    """Who records the council's recommendations: its secretary with an account, else the
    person who created the council."""
    seat = (
        Member.objects.filter(council=council, position=Position.SECRETARY, user__isnull=False)
        .select_related("user")
        .first()
    )
    return seat.user if seat else council.created_by


def _official(body: Organisation) -> User:
    return (
        User.objects.filter(
            memberships__organisation=body, memberships__status=MembershipStatus.ACTIVE
        )
        .order_by("pk")
        .first()
    )


def _latest_held(council: Council) -> tuple[Meeting, date]:
    meeting = (
        Meeting.objects.filter(council=council, state__in=services.HELD_STATES)
        .order_by("-starts_at")
        .first()
    )
    if meeting is None:
        raise LookupError(f"{council.code}: no held meeting for the demo's recommendations")
    return meeting, meeting.starts_at.astimezone(local_zone(council.jurisdiction_id)).date()


def _play(spec: Spec, recommendation: Recommendation, official: User, today: date) -> None:
    """Take the recommendation through its scenario with dates that are never in the future."""
    sent_on = recommendation.sent_on
    due_on = recommendation.due_on
    if spec.scenario == "waiting":
        return
    services.recommendation_register(
        actor=official,
        recommendation=recommendation,
        registered_on=min(sent_on + timedelta(days=1), today),
    )
    if spec.scenario == "overdue":
        return
    if spec.scenario == "extended":
        services.recommendation_extend(
            actor=official,
            recommendation=recommendation,
            # Ten working days later: within the rule's limit and never on a day off.
            new_due_on=working_days_add(recommendation.council.jurisdiction_id, due_on, 10),
            reason=spec.answer_text
            or "Нужно заключение других государственных органов; ответ будет дан после него.",
        )
        return
    if spec.scenario == "late":
        answered_on, answer = due_on + timedelta(days=2), AnswerKind.PARTLY
    elif spec.scenario == "rejected":
        answered_on, answer = min(sent_on + timedelta(days=10), today), AnswerKind.REJECTED
    else:
        answered_on, answer = min(sent_on + timedelta(days=7), today), AnswerKind.ACCEPTED
    services.recommendation_answer(
        actor=official,
        recommendation=recommendation,
        answer=answer,
        text=spec.answer_text,
        answered_on=answered_on,
    )
    if spec.scenario not in ("implementing", "implemented"):
        return
    steps = [
        services.milestone_add(
            actor=official,
            recommendation=recommendation,
            text=text,
            due_on=answered_on + timedelta(days=30 * (n + 1)),
        )
        for n, text in enumerate(spec.milestones)
    ]
    if spec.scenario == "implemented":
        for step in steps:
            services.milestone_done(actor=official, milestone=step, done_on=today)
        services.recommendation_implemented(
            actor=official, recommendation=recommendation, implemented_on=today
        )
    else:
        services.milestone_done(actor=official, milestone=steps[0], done_on=today)
        services.recommendation_progress(
            actor=official,
            recommendation=recommendation,
            progress=round(100 * 1 / (len(steps) + 1)),
        )


def _sent_on(spec: Spec, held_on: date, today: date) -> date:
    """A recent letter for the cases still waiting within their deadline, else the day after
    the meeting."""
    if spec.scenario in ("extended", "waiting"):
        return max(held_on, today - timedelta(days=3))
    return min(held_on + timedelta(days=1), today)


def _not_yet(spec: Spec, recommendation: Recommendation, today: date) -> bool:
    """Whether the meeting was too recent for a late or an overdue answer to exist yet."""
    if spec.scenario == "late":
        return recommendation.due_on + timedelta(days=2) > today
    return spec.scenario == "overdue" and recommendation.due_on >= today


def recommendations_load(*, organisations: dict) -> dict[str, int]:
    """Create the recommendations demo data and return counts for the demo's audit event."""
    for code, specs in COUNCILS:
        council = Council.objects.select_related("host").get(code=code)
        manager = _manager(council)
        meeting, held_on = _latest_held(council)
        today = local_today(council.jurisdiction_id)
        for spec in specs:
            body = organisations[spec.body]
            recommendation = services.recommendation_adopt(
                actor=manager, meeting=meeting, addressee=body, title=spec.title, text=spec.text
            )
            recommendation = services.recommendation_send(
                actor=manager, recommendation=recommendation, sent_on=_sent_on(spec, held_on, today)
            )
            if not _not_yet(spec, recommendation, today):
                _play(spec, recommendation, _official(body), today)
    return {
        "recommendations": Recommendation.objects.count(),
        "recommendation_extensions": Extension.objects.count(),
        "milestones": Milestone.objects.count(),
    }
