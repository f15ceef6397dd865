"""Complete application content (the structure of applications/content.py) for the demo and
for `hamkori generate`: texts in Russian, Kazakh or Tajik built from the lot's topic and the
applicant, a work plan inside the project period and a line-item budget that adds up exactly
to the amount requested, with institutional costs within the instrument's cap."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from hamkori.applications.content import empty_content

PHRASES = {
    "ru": {
        "summary": "{org} предлагает проект «{title}» по теме «{topic}»: {months} мес., "
        "{size} участников.",
        "problem": "{topic}: в регионе проекта услуг не хватает, очереди и расстояния не "
        "позволяют людям получать помощь регулярно. По данным местных служб, помощь "
        "нужна примерно {size} людям, а получают её меньше трети.",
        "group": "Участники: {group} в регионе проекта; отбор по заявкам и направлениям "
        "местных служб.",
        "objectives": "1. Обеспечить регулярные занятия и услуги для {size} участников. "
        "2. Подготовить команду специалистов и волонтёров. 3. Передать опыт местным "
        "организациям и органам.",
        "activities": (
            ("Подготовка и набор участников", "Информирование, отбор, договоры с партнёрами."),
            ("Основные занятия и услуги", "Регулярные занятия по утверждённой программе."),
            ("Итоги и передача опыта", "Итоговое мероприятие, отчёт, методическое пособие."),
        ),
        "indicators": (
            ("Участники, получившие услуги", "output", "человек"),
            ("Проведённые занятия", "output", "занятий"),
            ("Участники, отметившие улучшение", "outcome", "%"),
        ),
        "budget": {
            "staff": "Оплата труда специалистов проекта",
            "activities": "Материалы и проведение занятий",
            "equipment": "Оборудование для занятий",
            "travel": "Транспорт участников и выезды",
            "institutional": "Бухгалтерия и связь",
        },
        "team": (
            ("Руководитель проекта", "более 8 лет в социальных проектах"),
            ("Координатор", "5 лет работы с целевой группой"),
            ("Бухгалтер", "ведёт учёт грантов с 2019 года"),
        ),
        "partner": ("Местный отдел занятости и социальных программ", "направляет участников"),
        "sustainability": "После проекта занятия продолжатся на базе партнёров за счёт "
        "членских взносов и местного бюджета; пособие будет открыто для других НПО.",
        "risks": (
            ("Низкая посещаемость", "Гибкое расписание, транспорт для участников"),
            ("Рост цен на материалы", "Закупка в начале проекта, резерв поставщиков"),
        ),
    },
    "kk": {
        "summary": "{org} «{topic}» тақырыбы бойынша «{title}» жобасын ұсынады: {months} ай, "
        "{size} қатысушы.",
        "problem": "{topic}: жоба өңірінде қызметтер жетіспейді, кезек пен қашықтық "
        "адамдардың көмекті тұрақты алуына кедергі келтіреді. Жергілікті қызметтердің "
        "деректері бойынша көмек шамамен {size} адамға қажет, ал оның үштен бірінен азы алады.",
        "group": "Қатысушылар: жоба өңіріндегі {group}; өтінімдер мен жергілікті қызметтердің "
        "жолдамалары бойынша іріктеу.",
        "objectives": "1. {size} қатысушыға тұрақты сабақтар мен қызметтер көрсету. "
        "2. Мамандар мен еріктілер тобын даярлау. 3. Тәжірибені жергілікті ұйымдарға беру.",
        "activities": (
            (
                "Дайындық және қатысушыларды жинау",
                "Ақпарат тарату, іріктеу, серіктестермен келісім.",
            ),
            ("Негізгі сабақтар мен қызметтер", "Бекітілген бағдарлама бойынша тұрақты сабақтар."),
            ("Қорытынды және тәжірибе беру", "Қорытынды іс-шара, есеп, әдістемелік құрал."),
        ),
        "indicators": (
            ("Қызмет алған қатысушылар", "output", "адам"),
            ("Өткізілген сабақтар", "output", "сабақ"),
            ("Жақсарғанын атап өткен қатысушылар", "outcome", "%"),
        ),
        "budget": {
            "staff": "Жоба мамандарының еңбекақысы",
            "activities": "Материалдар және сабақтар өткізу",
            "equipment": "Сабақтарға арналған жабдық",
            "travel": "Қатысушылардың көлігі және сапарлар",
            "institutional": "Бухгалтерия және байланыс",
        },
        "team": (
            ("Жоба жетекшісі", "әлеуметтік жобаларда 8 жылдан астам"),
            ("Үйлестіруші", "нысаналы топпен 5 жыл жұмыс"),
            ("Бухгалтер", "2019 жылдан бері гранттар есебін жүргізеді"),
        ),
        "partner": (
            "Жергілікті жұмыспен қамту және әлеуметтік бағдарламалар бөлімі",
            "қатысушыларды жолдайды",
        ),
        "sustainability": "Жобадан кейін сабақтар серіктестер базасында мүшелік жарналар мен "
        "жергілікті бюджет есебінен жалғасады; құрал басқа ҮЕҰ-ға ашық болады.",
        "risks": (
            ("Қатысудың төмендігі", "Икемді кесте, қатысушыларға көлік"),
            ("Материалдар бағасының өсуі", "Жоба басында сатып алу, қосымша жеткізушілер"),
        ),
    },
    "tg": {
        "summary": "{org} лоиҳаи «{title}»-ро дар мавзӯи «{topic}» пешниҳод мекунад: {months} "
        "моҳ, {size} иштирокчӣ.",
        "problem": "{topic}: дар минтақаи лоиҳа хизматрасониҳо нокифояанд, навбат ва "
        "масофа ба одамон имкон намедиҳанд, ки мунтазам кӯмак гиранд. Тибқи маълумоти "
        "хадамоти маҳаллӣ, тақрибан {size} нафар ба кӯмак ниёз доранд, вале камтар аз сеяки "
        "онҳо кӯмак мегиранд.",
        "group": "Иштирокчиён: {group} дар минтақаи лоиҳа; интихоб аз рӯи аризаҳо ва "
        "роҳхатҳои хадамоти маҳаллӣ.",
        "objectives": "1. Таъмини машғулиятҳо ва хизматҳои мунтазам барои {size} иштирокчӣ. "
        "2. Омода кардани гурӯҳи мутахассисон ва ихтиёриён. 3. Интиқоли таҷриба ба "
        "ташкилотҳои маҳаллӣ.",
        "activities": (
            ("Омодагӣ ва ҷалби иштирокчиён", "Иттилоърасонӣ, интихоб, шартнома бо шарикон."),
            ("Машғулиятҳо ва хизматҳои асосӣ", "Машғулиятҳои мунтазам аз рӯи барнома."),
            ("Ҷамъбаст ва интиқоли таҷриба", "Чорабинии ҷамъбастӣ, ҳисобот, дастури методӣ."),
        ),
        "indicators": (
            ("Иштирокчиёне, ки хизмат гирифтанд", "output", "нафар"),
            ("Машғулиятҳои гузаронидашуда", "output", "машғулият"),
            ("Иштирокчиёне, ки беҳбудиро қайд карданд", "outcome", "%"),
        ),
        "budget": {
            "staff": "Музди меҳнати мутахассисони лоиҳа",
            "activities": "Маводҳо ва гузаронидани машғулиятҳо",
            "equipment": "Таҷҳизот барои машғулиятҳо",
            "travel": "Нақлиёти иштирокчиён ва сафарҳо",
            "institutional": "Баҳисобгирӣ ва алоқа",
        },
        "team": (
            ("Роҳбари лоиҳа", "зиёда аз 8 сол дар лоиҳаҳои иҷтимоӣ"),
            ("Ҳамоҳангсоз", "5 сол кор бо гурӯҳи мақсаднок"),
            ("Муҳосиб", "аз соли 2019 баҳисобгирии грантҳоро пеш мебарад"),
        ),
        "partner": ("Шуъбаи маҳаллии ҳифзи иҷтимоӣ", "иштирокчиёнро равона мекунад"),
        "sustainability": "Пас аз лоиҳа машғулиятҳо дар заминаи шарикон аз ҳисоби ҳаққи "
        "узвият ва буҷети маҳаллӣ идома меёбанд; дастур барои дигар ташкилотҳо дастрас мешавад.",
        "risks": (
            ("Иштироки паст", "Ҷадвали чандир, нақлиёт барои иштирокчиён"),
            ("Афзоиши нархи маводҳо", "Харид дар оғози лоиҳа, таъминкунандагони захиравӣ"),
        ),
    },
}
# Shares of the requested amount by budget category; institutional costs only where the
# instrument's cap allows them (the share used is half the cap, rounded down).
SHARES = (("staff", "0.46"), ("activities", "0.32"), ("equipment", "0.08"), ("travel", "0.06"))


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def project_content(
    *,
    language: str,
    title: str,
    topic: str,
    organisation: str,
    group: str,
    regions: list[str],
    months: int,
    start: date,
    requested: Decimal,
    institutional_cap: Decimal,
    size: int,
    team_names: tuple[str, ...] = ("", "", ""),
    unit: Decimal = Decimal("1000"),
) -> dict:
    """A complete content dict whose budget adds up exactly to `requested`."""
    words = PHRASES[language if language in PHRASES else "ru"]
    values = {"org": organisation, "title": title, "topic": topic, "months": months,
              "size": size, "group": group}  # fmt: skip
    content = empty_content(language)
    content.update(
        title=title,
        summary=words["summary"].format(**values),
        problem=words["problem"].format(**values),
        target_group={
            "description": words["group"].format(**values),
            "size": size,
            "regions": list(regions),
        },
        objectives=words["objectives"].format(**values),
        duration_months=months,
        sustainability=words["sustainability"],
        declarations={"truthful": True, "no_conflict": True, "data_processing": True},
    )
    end = add_months(start, months) - timedelta(days=1)
    third = max((end - start).days // 3, 1)
    edges = [start, start + timedelta(days=third), start + timedelta(days=2 * third), end]
    content["activities"] = [
        {
            "title": name,
            "description": text,
            "start": edges[n].isoformat(),
            "end": (edges[n + 1] - timedelta(days=1) if n < 2 else end).isoformat(),
        }
        for n, (name, text) in enumerate(words["activities"])
    ]
    targets = (str(size), str(max(months * 4, 8)), "70")
    content["indicators"] = [
        {"name": name, "kind": kind, "unit": unit_name, "baseline": "0", "target": target}
        for (name, kind, unit_name), target in zip(words["indicators"], targets, strict=True)
    ]
    shares = list(SHARES)
    institutional = (institutional_cap / 2).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    if institutional > 0:
        shares.append(("institutional", str(institutional)))
    amounts = [
        ((requested * Decimal(share)) / unit).to_integral_value(rounding=ROUND_DOWN) * unit
        for _, share in shares
    ]
    # The staff line takes the rounding remainder, so the total is exact.
    amounts[0] += requested - sum(amounts)
    content["budget"] = [
        {
            "category": category,
            "item": words["budget"][category],
            "amount": f"{amount:.2f}",
            "cofinancing": f"{(amount * Decimal('0.1')).quantize(unit):.2f}"
            if category == "activities"
            else "0.00",
        }
        for (category, _), amount in zip(shares, amounts, strict=True)
    ]
    content["team"] = [
        {"name": name, "role": role, "experience": experience}
        for name, (role, experience) in zip(team_names, words["team"], strict=True)
        if name
    ] or [{"name": organisation, "role": words["team"][0][0], "experience": words["team"][0][1]}]
    content["partners"] = [{"name": words["partner"][0], "contribution": words["partner"][1]}]
    content["risks"] = [{"risk": r, "mitigation": m} for r, m in words["risks"]]
    return content
