"""Demo data for social problems (issue 7), made through the problems app's services: 64
problems across the regions of Kazakhstan and Tajikistan written in Kazakh, Russian and Tajik,
supported by demo people and by a crowd of demo residents (several above the support
threshold), answered by the responsible bodies (one answer overdue), duplicates linked to their
originals (some across languages), a few hidden with reasons, moderation decisions, and
problems accepted into the demo's plan lots — one of them traced through its call, contract
and accepted reports to the published ex-post evaluation.

Problems are reported in date order, each dated when it was reported (the service then gives
it the reference of that local year, numbered in that order). The services date the rest
today; the demo then moves the dates of each problem's history back (supported, threshold,
answer, link to the lot) so the timeline reads as the months it would have taken. As on the
site, the author does not support their own problem, and the first support comes a day after
the report at the earliest. Tajik problems are reported by people of Tajikistan (its demo
people, or residents who write in Tajik). Supports below the threshold are written as rows in
bulk (the demo's single audit event covers them); the support that reaches the threshold goes
through the service, which sets the answer deadline from the rules and tells the body."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import F
from django.utils import timezone

from hamkori.accounts.models import User
from hamkori.calls.models import Lot
from hamkori.problems import services
from hamkori.problems.models import Answer, Problem, ProblemLot, Support
from hamkori.problems.workflow import ProblemAction
from hamkori.registry.models import Organisation
from hamkori.rules.selectors import local_zone, rule_value

DOMAIN = "demo.hamkori.org"
# Supporters are not demo sign-ins (those are the people of data.py): a domain of their own.
RESIDENTS_DOMAIN = "residents.demo.hamkori.org"


def _email(name: str) -> str:
    return name if "@" in name else f"{name}@{DOMAIN}"


@dataclass(frozen=True)
class ProblemSeed:
    key: str
    language: str
    regions: tuple[str, ...]
    target_group: str
    people: int | None
    author: str  # a demo person (local part of the e-mail)
    body: str  # the responsible body (demo organisation key), "" for none
    supports: int  # how many people support it ("threshold": just past the threshold)
    days_ago: int  # when it was reported
    title: str
    description: str


THRESHOLD = -1  # `supports` value: as many as the jurisdiction's threshold, plus a few

P = ProblemSeed
# fmt: off
PROBLEMS: tuple[ProblemSeed, ...] = (
    # --- Kazakhstan, in Russian ---
    P("kz-crisis-almaty", "ru", ("KZ-75",), "violence", 1200, "cso.kz", "almaty-akimat",
      THRESHOLD, 400,
      "В Алматы не хватает мест в кризисных центрах для женщин",
      "Единственный городской кризисный центр для женщин, пострадавших от бытового насилия, "
      "заполнен круглый год. Женщин с детьми отправляют в другие районы или домой к "
      "обидчику. Нужен круглосуточный центр с психологом и юристом."),
    P("kz-ramps-shymkent", "ru", ("KZ-79",), "disability", 3400, "citizen", "mci", 42, 210,
      "Нет пандусов у поликлиник Шымкента",
      "В половине городских поликлиник нет пандусов и поручней, лифты не работают. Люди на "
      "колясках не могут попасть к врачу без посторонней помощи."),
    P("kz-water-kyzylorda", "ru", ("KZ-43",), "rural", 5200, "cso.kz", "enbek", THRESHOLD, 330,
      "Сёла Кызылординской области без питьевой воды",
      "В двенадцати сёлах воду привозят раз в неделю, за неё платят по 2000 тенге за бочку. "
      "Дети болеют кишечными инфекциями. Нужны водоочистные установки и контроль качества."),
    P("kz-elderly-pavlodar", "ru", ("KZ-55",), "elderly", 800, "member", "enbek", 18, 150,
      "Одинокие пожилые люди в Павлодаре остаются без ухода",
      "Социальных работников не хватает: на одного приходится до 15 подопечных. Пожилые "
      "люди неделями ждут помощи с покупкой лекарств и уборкой."),
    P("kz-school-bus-akmola", "ru", ("KZ-11",), "children", 640, "citizen", "", 27, 95,
      "Школьный автобус не ходит в отдалённые сёла Акмолинской области",
      "Дети из трёх сёл зимой ходят в школу пешком по 6 километров вдоль трассы. Маршрут "
      "школьного автобуса отменили из-за нехватки средств на топливо."),
    P("kz-youth-jobs-mangystau", "ru", ("KZ-47",), "youth", 2100, "cso2.kz", "enbek", 35, 120,
      "Молодёжь Мангистау не может найти первую работу",
      "Выпускники колледжей годами не могут устроиться без опыта. Нужны стажировки у "
      "работодателей и наставничество для молодёжи из сёл."),
    P("kz-autism-astana", "ru", ("KZ-71",), "disability", 900, "citizen", "mci", 64, 260,
      "Очереди в центры для детей с аутизмом в Астане",
      "Родители ждут места в бесплатных коррекционных группах больше года. Частные занятия "
      "стоят от 8000 тенге в час, многим семьям это не по силам."),
    P("kz-foster-karaganda", "ru", ("KZ-35",), "orphans", 300, "cso.kz", "mci", 12, 70,
      "Выпускникам детских домов Караганды негде жить",
      "Очередь на жильё для сирот растёт, после выпуска молодые люди снимают койко-места. "
      "Нужны социальные квартиры и сопровождение в первый год самостоятельной жизни."),
    P("kz-large-families-turkestan", "ru", ("KZ-61",), "large_families", 4300, "member", "",
      9, 40,
      "Многодетные семьи Туркестанской области не знают о положенных пособиях",
      "В сёлах нет консультантов, заявления подают через посредников за деньги. Нужна "
      "бесплатная выездная консультация по пособиям и жилищным программам."),
    P("kz-ramps-shymkent-dup", "ru", ("KZ-79",), "disability", 3000, "member", "", 3, 30,
      "Поликлиники Шымкента недоступны для колясочников",
      "Пандусов у поликлиник нет, люди на колясках не могут попасть к врачу."),
    P("kz-hidden-spam", "ru", ("KZ-71",), "general", None, "newcomer", "", 0, 12,
      "Купить диплом недорого",
      "Продаём дипломы любых вузов, звоните, быстрое оформление без экзаменов."),
    P("kz-hearing-kostanay", "ru", ("KZ-39",), "disability", 450, "citizen", "", 7, 60,
      "Нет сурдопереводчиков в госорганах Костаная",
      "Глухие люди не могут получить консультацию в акимате и ЦОНе: сурдопереводчика "
      "приходится приглашать за свой счёт."),
    P("kz-migrant-kids-almaty", "ru", ("KZ-75", "KZ-19"), "migrants", 700, "cso.kz", "", 15,
      85,
      "Дети внутренних мигрантов в Алматы не ходят в детский сад",
      "Семьи без прописки не могут встать в очередь в детский сад. Матери не могут выйти на "
      "работу, дети не готовы к школе."),
    P("kz-dementia-east", "ru", ("KZ-63",), "elderly", 350, "member", "enbek", 6, 45,
      "Семьям людей с деменцией в ВКО некуда обратиться",
      "Нет дневного пребывания и групп поддержки для родственников. Ухаживающие "
      "члены семьи вынуждены уходить с работы."),
    # --- Kazakhstan, in Kazakh ---
    P("kz-crisis-almaty-kk", "kk", ("KZ-75",), "violence", 1000, "cso2.kz", "almaty-akimat",
      8, 380,
      "Алматыда зорлық-зомбылық көрген әйелдерге баспана жетіспейді",
      "Қалалық дағдарыс орталығында орын жоқ. Балалы әйелдер қайтадан зорлықшыл жұбайының "
      "үйіне оралуға мәжбүр. Психолог пен заңгері бар тәулік бойы жұмыс істейтін орталық "
      "керек."),
    P("kz-water-kyzylorda-kk", "kk", ("KZ-43",), "rural", 5000, "expert", "", 4, 300,
      "Қызылорда облысының ауылдарында ауыз су жоқ",
      "Ауылдарға суды аптасына бір рет тасиды, бір бөшкесі 2000 теңге. Балалар ішек "
      "инфекциясымен ауырады."),
    P("kz-ramps-atyrau", "kk", ("KZ-23",), "disability", 1500, "cso2.kz", "mci", 22, 110,
      "Атырауда мүгедектігі бар адамдарға арналған көлік жоқ",
      "Арбадағы адамдарға арналған әлеуметтік такси тек екеу, алдын ала жазылу бір аптаға "
      "созылады. Емханаға, жұмысқа бару мүмкін емес."),
    P("kz-school-bus-zhambyl", "kk", ("KZ-31",), "children", 520, "akimat", "", THRESHOLD,
      200,
      "Жамбыл облысында оқушыларды мектепке тасымалдау тоқтады",
      "Үш ауылдың балалары қыста трасса бойымен 5 шақырым жаяу жүреді. Мектеп автобусының "
      "бағыты жанармай қаражаты жетпегендіктен жабылды."),
    P("kz-youth-turkestan", "kk", ("KZ-61",), "youth", 6000, "cso2.kz", "enbek", 31, 140,
      "Түркістан облысының ауыл жастарына кәсіптік оқу қолжетімсіз",
      "Колледждер аудан орталығынан алыс, жатақхана жоқ. Жастар жұмыссыз қалып, "
      "маусымдық жұмысқа кетеді. Жергілікті қысқа мерзімді курстар керек."),
    P("kz-elderly-north", "kk", ("KZ-59",), "elderly", 420, "official.kz", "enbek", 11, 75,
      "Солтүстік Қазақстан ауылдарында қарттарға күтім жоқ",
      "Жалғызбасты қарттар қыста отын мен дәрі-дәрмексіз қалады. Әлеуметтік қызметкерлер "
      "ауылдарға сирек барады."),
    P("kz-violence-shelter-shymkent", "kk", ("KZ-79",), "violence", 600, "akimat2", "", 14,
      90,
      "Шымкентте тұрмыстық зорлық-зомбылық құрбандарына заңгерлік көмек жоқ",
      "Әйелдер арызын қалай жазу керектігін білмейді, тегін заңгер кеңесі жоқ. Сенім "
      "телефоны түнде жұмыс істемейді."),
    P("kz-inclusive-school-aktobe", "kk", ("KZ-15",), "disability", 380, "cso.kz", "mci", 19,
      130,
      "Ақтөбе мектептерінде инклюзивті білім беру мамандары жетіспейді",
      "Ерекше білім беру қажеттілігі бар балаларға тьютор мен логопед жоқ. Ата-аналар "
      "балаларын үйде оқытуға мәжбүр."),
    P("kz-migrants-west", "kk", ("KZ-27",), "migrants", 900, "member", "", 5, 50,
      "Батыс Қазақстанға көшкен қандастарға бейімделу көмегі жоқ",
      "Қандастар құжат рәсімдеу, жұмыс пен баспана іздеуде жалғыз қалады. Бейімделу "
      "орталығы тек облыс орталығында."),
    P("kz-disability-jobs-karaganda", "kk", ("KZ-35",), "disability", 1100, "cso2.kz", "enbek",
      24, 115,
      "Қарағандыда мүгедектігі бар адамдарды жұмысқа алмайды",
      "Квота бойынша жұмыс орындары қағаз жүзінде ғана бар. Жұмыс берушілерге кеңес пен "
      "жұмыс орнын бейімдеуге көмек керек."),
    P("kz-ramps-shymkent-kk", "kk", ("KZ-79",), "disability", 3000, "cso2.kz", "", 2, 25,
      "Шымкент емханаларында пандус жоқ",
      "Арбадағы адамдар емханаға көмексіз кіре алмайды, пандустар мен тұтқалар жоқ."),
    P("kz-orphans-almaty-region", "kk", ("KZ-19",), "orphans", 260, "akimat", "mci", 10, 65,
      "Алматы облысында балалар үйі түлектерін қолдау жоқ",
      "Түлектер мамандық таңдауда, тұрғын үй кезегінде кеңессіз қалады. Тәлімгерлік "
      "бағдарлама керек."),
    P("kz-low-income-zhetisu", "kk", ("KZ-33",), "low_income", 2700, "member", "", 8, 35,
      "Жетісу облысындағы аз қамтылған отбасылардың балаларына ыстық тамақ жетпейді",
      "Бастауыш сыныптан кейін тегін тамақ берілмейді, көп бала түскі асты ішпейді."),
    P("kz-women-abai", "kk", ("KZ-10",), "women", 1300, "cso2.kz", "", 13, 55,
      "Абай облысында ауыл әйелдеріне кәсіпкерлікке оқыту жоқ",
      "Әйелдер үйде тігін, тоқыма ісімен айналысады, бірақ тіркелу, салық туралы білмейді. "
      "Тегін курстар мен шағын гранттар керек."),
    P("kz-ulytau-doctors", "kk", ("KZ-62",), "rural", 1800, "citizen", "", 17, 100,
      "Ұлытау ауылдарында дәрігерлер жоқ",
      "Фельдшерлік пункттер жабық, ең жақын аурухана 150 шақырым жерде. Жылжымалы "
      "медициналық бригада айына бір рет те келмейді."),
    P("kz-hidden-insult", "kk", ("KZ-75",), "general", None, "newcomer", "", 0, 8,
      "Әкімдіктегілер бәрі ұрылар",
      "Балағат сөздер мен жеке адамдарға жала жабу."),
    P("kz-youth-center-kostanay", "kk", ("KZ-39",), "youth", 700, "member", "", 0, 5,
      "Қостанайдың шағын қалаларында жастар орталығы жоқ",
      "Жастардың бос уақытын өткізетін, үйірмелерге баратын орны жоқ. Мектептен кейін "
      "балалар көшеде жүреді."),
    # --- Tajikistan, in Tajik ---
    P("tj-youth-dushanbe", "tg", ("TJ-DU",), "unemployed", 4000, "cso.tj", "dushanbe-hukumat",
      THRESHOLD, 420,
      "Ҷавонони бекори Душанбе ба курсҳои касбомӯзӣ дастрасӣ надоранд",
      "Ҳазорон ҷавон пас аз мактаб на кор доранд, на касб. Курсҳои пулакӣ гарон мебошанд. "
      "Барномаи ройгони касбомӯзӣ бо таҷрибаомӯзӣ дар корхонаҳо лозим аст."),
    P("tj-migrant-families-khatlon", "tg", ("TJ-KT",), "migrants", 9000, "cso.tj", "asp-tj",
      THRESHOLD, 360,
      "Оилаҳои муҳоҷирони меҳнатӣ дар Хатлон бе дастгирӣ мондаанд",
      "Занону кӯдакони муҳоҷирон моҳҳо бе маблағ мемонанд, баъзеҳо аз мактаб бозмемонанд. "
      "Машварати ҳуқуқӣ ва кӯмаки иҷтимоӣ ба оилаҳо зарур аст."),
    P("tj-palliative-dushanbe", "tg", ("TJ-DU",), "elderly", 600, "official.tj", "asp-tj", 46,
      280,
      "Беморони вазнин дар хона бе ёрии паллиативӣ мемонанд",
      "Пиронсолони бемор ва наздиконашон ёрии тиббӣ ва равонӣ дар хона намегиранд. "
      "Дастаҳои сайёри паллиативӣ лозиманд."),
    P("tj-water-sughd", "tg", ("TJ-SU",), "rural", 7000, "cso.tj", "asp-tj", THRESHOLD, 250,
      "Деҳаҳои Суғд оби нӯшокии тоза надоранд",
      "Сокинон обро аз ҷӯй мегиранд, бемориҳои сирояткунанда зиёд шудаанд. Таъмири "
      "шабакаи обтаъминкунӣ ва филтрҳо зарур аст."),
    P("tj-disability-school-gbao", "tg", ("TJ-GB",), "disability", 250, "cso.tj", "", 21, 170,
      "Дар Бадахшон кӯдакони маъюб ба мактаб рафта наметавонанд",
      "Мактабҳо дар кӯҳанд, роҳҳо ва биноҳо барои аробачаҳо мувофиқ нестанд. Нақлиёти "
      "махсус ва омӯзгорони ёрирасон лозиманд."),
    P("tj-violence-shelter-khatlon", "tg", ("TJ-KT",), "violence", 800, "cso.tj", "asp-tj", 33,
      190,
      "Дар Хатлон барои занони зарардидаи хушунати оилавӣ паноҳгоҳ нест",
      "Занон ҷое барои паноҳ бурдан надоранд, хатти боварӣ шабона кор намекунад. Паноҳгоҳи "
      "муваққатӣ бо равоншинос ва ҳуқуқшинос лозим аст."),
    P("tj-elderly-rasht", "tg", ("TJ-RA",), "elderly", 500, "hukumat2", "asp-tj", 14, 80,
      "Пиронсолони танҳо дар водии Рашт нигоҳубин намегиранд",
      "Кормандони иҷтимоӣ кам ҳастанд, пиронсолон дар зимистон бе сӯзишворӣ ва дору "
      "мемонанд."),
    P("tj-school-transport-sughd", "tg", ("TJ-SU",), "children", 450, "citizen", "", 16, 120,
      "Хонандагони деҳаҳои дурдасти Суғд ба мактаб пиёда мераванд",
      "Кӯдакон ҳар рӯз то 7 километр роҳ мераванд, дар зимистон дарсҳоро партофта "
      "мемонанд. Автобуси мактабӣ лозим аст."),
    P("tj-youth-dushanbe-dup", "tg", ("TJ-DU",), "unemployed", 3000, "member", "", 6, 60,
      "Ҷавонони Душанбе кор ёфта наметавонанд",
      "Барои ҷавонон бе таҷриба кор нест, курсҳои касбомӯзӣ гарон ҳастанд."),
    P("tj-large-families-khatlon", "tg", ("TJ-KT",), "large_families", 3500, "cso.tj", "",
      12, 70,
      "Оилаҳои серфарзанд дар Хатлон дар бораи кӯмакпулиҳо маълумот надоранд",
      "Дар деҳот машваратчӣ нест, ҳуҷҷатҳоро тавассути миёнаравҳо бо пул месупоранд."),
    P("tj-women-jobs-gbao", "tg", ("TJ-GB",), "women", 900, "cso.tj", "", 9, 55,
      "Занони Бадахшон барои худмашғулӣ дастгирӣ намегиранд",
      "Занон ҳунарҳои дастӣ медонанд, вале барои фурӯш ва бақайдгирӣ кӯмак надоранд. "
      "Курсҳои соҳибкорӣ ва грантҳои хурд лозиманд."),
    P("tj-hearing-dushanbe", "tg", ("TJ-DU",), "disability", 350, "hukumat", "", 5, 45,
      "Дар муассисаҳои давлатии Душанбе тарҷумони забони имову ишора нест",
      "Шахсони ношунаво машварат гирифта наметавонанд, тарҷумонро бо хароҷоти худ меоранд."),
    P("tj-orphans-dushanbe", "tg", ("TJ-DU",), "orphans", 200, "cso.tj", "dushanbe-hukumat",
      23, 160,
      "Хатмкунандагони хонаҳои бачагон дар Душанбе манзил надоранд",
      "Пас аз хатм ҷавонон ҷое барои зиндагӣ надоранд. Манзили иҷтимоӣ ва роҳнамо лозим аст."),
    P("tj-rural-doctors-rasht", "tg", ("TJ-RA",), "rural", 2200, "citizen", "", 19, 105,
      "Дар деҳаҳои кӯҳистони Рашт духтур нест",
      "Нуқтаҳои тиббӣ баста шудаанд, беморхонаи наздиктарин 90 километр дур аст."),
    P("tj-low-income-sughd", "tg", ("TJ-SU",), "low_income", 1600, "member", "", 7, 40,
      "Кӯдакони оилаҳои камбизоат дар Суғд хӯроки гарм намегиранд",
      "Дар мактабҳои деҳот хӯроки ройгон танҳо барои синфҳои ибтидоӣ аст."),
    P("tj-migrants-return-sughd", "tg", ("TJ-SU",), "migrants", 1200, "cso.tj", "asp-tj", 11,
      50,
      "Муҳоҷирони баргашта дар Суғд кор ва машварат намеёбанд",
      "Муҳоҷироне, ки бо манъи вуруд баргаштаанд, бе кор ва бе ҳуҷҷат мемонанд. Маркази "
      "машварат лозим аст."),
    P("tj-hidden-ad", "tg", ("TJ-DU",), "general", None, "newcomer", "", 0, 10,
      "Қарзи тез бе ҳуҷҷат",
      "Қарз медиҳем бе ҳуҷҷат ва кафил, занг занед."),
    P("tj-youth-sport-khatlon", "tg", ("TJ-KT",), "youth", 1400, "member", "", 0, 6,
      "Дар ноҳияҳои Хатлон барои ҷавонон толори варзишӣ нест",
      "Ҷавонон вақти холии худро дар кӯча мегузаронанд. Толорҳои варзишии мактабҳо баста "
      "ҳастанд."),
    P("tj-dementia-dushanbe", "tg", ("TJ-DU",), "elderly", 300, "hukumat2", "", 4, 35,
      "Оилаҳои беморони гирифтори деменсия дар Душанбе дастгирӣ надоранд",
      "Барои наздикон гурӯҳҳои дастгирӣ ва маркази рӯзона нест."),
    P("tj-school-ramps-dushanbe", "tg", ("TJ-DU",), "disability", 700, "cso.tj",
      "dushanbe-hukumat", 28, 140,
      "Мактабҳои Душанбе барои кӯдакони дорои маъюбӣ дастрас нестанд",
      "Пандус, ҳоҷатхонаи мутобиқ ва омӯзгори ёрирасон дар аксари мактабҳо нест."),
    P("tj-palliative-dushanbe-tg-dup", "tg", ("TJ-DU",), "elderly", 500, "cso.tj", "", 3, 20,
      "Ёрии паллиативӣ дар хона дар Душанбе нест",
      "Беморони вазнин дар хона бе дору ва нигоҳубин мемонанд."),
    # --- Tajikistan, in Russian ---
    P("tj-migrant-families-ru", "ru", ("TJ-KT",), "migrants", 8000, "hukumat", "", 5, 340,
      "Семьи трудовых мигрантов в Хатлоне остаются без поддержки",
      "Жёны и дети мигрантов месяцами живут без денег, часть детей бросает школу. Нужны "
      "юридические консультации и социальная помощь семьям."),
    P("tj-water-sughd-ru", "ru", ("TJ-SU",), "rural", 6500, "expert", "", 2, 230,
      "В сёлах Согда нет чистой питьевой воды",
      "Жители берут воду из арыков, растёт число кишечных инфекций."),
    P("tj-tb-patients", "ru", ("TJ-DU", "TJ-RA"), "general", 900, "cso.tj", "", 10, 95,
      "Больным туберкулёзом не хватает поддержки во время лечения",
      "Пациенты бросают лечение из-за расходов на дорогу и питание. Нужны продуктовые наборы "
      "и сопровождение социальными работниками."),
    P("tj-autism-dushanbe", "ru", ("TJ-DU",), "disability", 400, "cso.tj", "", 13, 75,
      "В Душанбе нет бесплатных занятий для детей с аутизмом",
      "Родители возят детей на частные занятия или не занимаются вовсе. Нужны группы "
      "ранней помощи."),
    P("tj-disabled-jobs-sughd", "ru", ("TJ-SU",), "disability", 1300, "cso.tj", "asp-tj", 8,
      65,
      "В Худжанде людей с инвалидностью не берут на работу",
      "Работодатели не знают, как приспособить рабочее место. Нужны консультации и "
      "субсидии на адаптацию."),
    P("tj-elderly-gbao-ru", "ru", ("TJ-GB",), "elderly", 280, "cso.tj", "", 4, 38,
      "Одинокие пожилые люди в горных сёлах ГБАО зимуют без помощи",
      "Зимой дороги закрыты, у стариков нет дров и лекарств."),
    # --- a few more in Kazakhstan ---
    P("kz-tb-karaganda", "ru", ("KZ-35",), "general", 500, "member", "", 3, 28,
      "Больные туберкулёзом в Караганде прерывают лечение",
      "Нет денег на проезд до диспансера, нет поддержки после выписки."),
    P("kz-suicide-youth-kk", "kk", ("KZ-71", "KZ-75"), "youth", 2500, "cso.kz", "mci", 20, 88,
      "Жасөспірімдерге тегін психологиялық көмек жетіспейді",
      "Мектеп психологтары жүктемеден үлгермейді, жастарға арналған сенім телефоны "
      "түнде жұмыс істемейді."),
    P("kz-air-pollution-almaty", "ru", ("KZ-75",), "children", None, "citizen",
      "almaty-akimat", 26, 48,
      "Дети в Алматы болеют из-за смога зимой",
      "Зимой воздух в нижней части города грязный, больше обращений детей с астмой. "
      "Нужны школьные очистители воздуха и информирование родителей."),
    P("kz-addressed-pavlodar", "ru", ("KZ-55",), "children", 150, "member", "", 4, 180,
      "В Павлодаре закрылась детская площадка для детей с инвалидностью",
      "Единственная инклюзивная площадка в центре закрыта на ремонт уже год."),
    P("kz-declined-astana", "ru", ("KZ-71",), "general", 50, "newcomer", "", 1, 140,
      "Проведите бесплатный Wi-Fi на всех остановках Астаны",
      "Хочется интернет на остановках, пока ждёшь автобус."),
    P("tj-under-review-sughd", "tg", ("TJ-SU",), "women", 600, "cso.tj", "asp-tj", 7, 22,
      "Дар Суғд барои занони танҳо маркази машварат нест",
      "Занони бесаробон дар бораи ҳуқуқ ва кӯмакпулиҳо маълумот намегиранд."),
)
# fmt: on

# Answers of the responsible bodies: key -> (answering official, answer).
ANSWERS = {
    "kz-crisis-almaty": (
        "akimat",
        "Акимат включит кризисный центр на 30 мест в план социального заказа на "
        "следующий год; исполнителя определит открытый конкурс.",
    ),
    "kz-water-kyzylorda": (
        "enbek",
        "Министерство направило обращение акимату области; установка водоочистных модулей "
        "предусмотрена программой на следующий год. Контроль качества воды — СЭС района.",
    ),
    "tj-youth-dushanbe": (
        "hukumat",
        "Ҳукумати шаҳр лоти омодасозии касбии ҷавонони бекорро ба нақшаи фармоиши иҷтимоии "
        "соли оянда ворид мекунад; иҷрокунанда тавассути озмун муайян мешавад.",
    ),
    "tj-migrant-families-khatlon": (
        "official.tj",
        "Вазорат барои оилаҳои муҳоҷирон дар се ноҳияи Хатлон маркази машварат мекушояд; "
        "маблағ дар нақшаи соли оянда пешбинӣ шудааст.",
    ),
    "kz-ramps-shymkent": (
        "official.kz",
        "Министерство направило поручение управлению здравоохранения Шымкента провести "
        "аудит доступности поликлиник до конца квартала.",
    ),
    "tj-palliative-dushanbe": (
        "official.tj",
        "Хизматрасонии паллиативӣ дар хона ба нақшаи фармоиши иҷтимоӣ ворид карда шуд.",
    ),
    "kz-school-bus-zhambyl": (
        "official.kz",
        "Облыс әкімдігіне тапсырма берілді: мектеп автобусының бағыты қаңтардан бастап "
        "облыстық бюджет есебінен қайта ашылады.",
    ),
    "kz-autism-astana": (
        "mci2",
        "Вопрос передан в управление образования Астаны; открытие двух групп планируется "
        "в следующем учебном году.",
    ),
}

# Duplicates: key -> (original key, moderator, reason). Supports stay where they were given.
_SAME_KZ = "Та же проблема уже опубликована; поддержите её там."
_SAME_KK = "Бұл мәселе бұрын жарияланған, сонда қолдаңыз."
_SAME_TG = "Ҳамин мушкил пештар сабт шудааст; онро дастгирӣ кунед."
DUPLICATES = {
    "kz-ramps-shymkent-dup": ("kz-ramps-shymkent", "akimat", _SAME_KZ),
    "kz-ramps-shymkent-kk": ("kz-ramps-shymkent", "akimat", _SAME_KK),
    "kz-water-kyzylorda-kk": ("kz-water-kyzylorda", "akimat", _SAME_KK),
    "kz-crisis-almaty-kk": ("kz-crisis-almaty", "akimat", _SAME_KK),
    "tj-youth-dushanbe-dup": ("tj-youth-dushanbe", "hukumat", _SAME_TG),
    "tj-migrant-families-ru": ("tj-migrant-families-khatlon", "hukumat", _SAME_TG),
    "tj-water-sughd-ru": ("tj-water-sughd", "hukumat", _SAME_TG),
    "tj-palliative-dushanbe-tg-dup": ("tj-palliative-dushanbe", "official.tj", _SAME_TG),
}

HIDDEN = {
    "kz-hidden-spam": ("akimat", "Реклама, не социальная проблема."),
    "kz-hidden-insult": ("akimat", "Оскорбления и обвинения конкретных людей без фактов."),
    "tj-hidden-ad": ("hukumat", "Реклама аст, на мушкили иҷтимоӣ."),
}

# Moderation decisions: key -> (moderator, action, public reason).
DECISIONS = {
    "kz-addressed-pavlodar": (
        "akimat",
        ProblemAction.ADDRESS,
        "Площадка отремонтирована и открыта в сентябре за счёт городского бюджета.",
    ),
    "kz-declined-astana": (
        "akimat",
        ProblemAction.DECLINE,
        "Это вопрос городского транспорта, а не социальная проблема уязвимых групп.",
    ),
    "tj-under-review-sughd": ("official.tj", ProblemAction.REVIEW, ""),
    "kz-youth-jobs-mangystau": ("akimat", ProblemAction.REVIEW, ""),
}

# Accepted into a plan lot: key -> (call reference prefix or "plan:<body>", lot number or
# title match, linking official, note).
LINKS = {
    "kz-crisis-almaty": ("KZ-SA-", 1, "akimat", "Лот 1 социального заказа города Алматы."),
    "tj-youth-dushanbe": ("TJ-SD-", 1, "hukumat", "Лоти 1-и фармоиши иҷтимоии шаҳри Душанбе."),
    "tj-palliative-dushanbe": ("plan:asp-tj", 0, "official.tj", "Лот дар нақшаи сол."),
}
# The threshold was reached long ago and no answer came: overdue.
OVERDUE = "tj-water-sughd"


# Demo people of Tajikistan (their organisations are Tajik); any other author of a Tajik
# problem in PROBLEMS is replaced by a resident writing in Tajik.
TAJIK_PEOPLE = ("cso.tj", "official.tj", "hukumat", "hukumat2")
TAJIK_FIRST_NAMES = ("Фарзона", "Шаҳло", "Далер", "Парвиз", "Нигина", "Рустам", "Зарина", "Алишер")


def problems_load(*, organisations: dict[str, Organisation]) -> dict[str, int]:
    """Create the problems demo data and return counts for the demo's audit event."""
    people = {u.email: u for u in User.objects.filter(email__endswith=f"@{DOMAIN}")}
    crowd = _crowd(people[_email("citizen")].password)
    tajiks = [
        u
        for u in crowd
        if u.preferred_language == "tg" and u.full_name.split()[0] in TAJIK_FIRST_NAMES
    ]
    now = timezone.now()
    made: dict[str, Problem] = {}
    counts = {"problems": 0, "problem supports": 0}
    # Oldest first: references are numbered in the order problems are reported.
    for index, seed in enumerate(sorted(PROBLEMS, key=lambda seed: -seed.days_ago)):
        author = people[_email(seed.author)]
        if seed.regions[0].startswith("TJ") and seed.author not in TAJIK_PEOPLE:
            author = tajiks[index % len(tajiks)]
        reported_at = now - timedelta(days=seed.days_ago)
        made[seed.key] = _report(seed, author, reported_at, organisations)
        counts["problems"] += 1
    for seed in PROBLEMS:
        counts["problem supports"] += _support(made[seed.key], seed, people, crowd)
    for key, (official, text) in ANSWERS.items():
        services.problem_answer(actor=people[_email(official)], problem=made[key], text=text)
    counts["problem answers"] = len(ANSWERS)
    for key, (original, moderator, reason) in DUPLICATES.items():
        services.problem_mark_duplicate(
            actor=people[_email(moderator)],
            problem=made[key],
            original=made[original],
            reason=reason,
        )
    counts["problem duplicates"] = len(DUPLICATES)
    for key, (moderator, reason) in HIDDEN.items():
        services.problem_hide(actor=people[_email(moderator)], problem=made[key], reason=reason)
    counts["problems hidden"] = len(HIDDEN)
    for key, (moderator, action, reason) in DECISIONS.items():
        services.problem_transition(
            actor=people[_email(moderator)], problem=made[key], action=action, reason=reason
        )
    for key, (where, number, official, note) in LINKS.items():
        services.problem_lot_link(
            actor=people[_email(official)],
            problem=made[key],
            lot=_lot(where, number, organisations),
            note=note,
        )
    counts["problem lot links"] = len(LINKS)
    _history(made, now)
    return counts


def _crowd(password_hash: str, size: int = 130) -> list[User]:
    """Residents who support problems: enough to pass the threshold, in one insert (they
    share the demo password's hash)."""
    first = (
        "Айгерим",
        "Ерлан",
        "Дана",
        "Нурлан",
        "Мадина",
        "Бахыт",
        "Сабина",
        "Тимур",
        "Фарзона",
        "Шаҳло",
        "Далер",
        "Парвиз",
        "Нигина",
        "Рустам",
        "Зарина",
        "Алишер",
    )
    last = (
        "Ахметова",
        "Садыков",
        "Ким",
        "Оспанов",
        "Рахимова",
        "Назаров",
        "Исмоилова",
        "Каримов",
        "Жумабаева",
        "Сафаров",
    )
    users = [
        User(
            email=f"resident{n:03d}@{RESIDENTS_DOMAIN}",
            full_name=f"{first[n % len(first)]} {last[(n * 7) % len(last)]}",
            preferred_language=("kk", "ru", "tg")[n % 3],
            password=password_hash,
        )
        for n in range(1, size + 1)
    ]
    return User.objects.bulk_create(users)


def _report(seed: ProblemSeed, author: User, reported_at: datetime, organisations) -> Problem:
    organisation = None
    if author.email in (_email("cso.kz"), _email("cso.tj"), _email("cso2.kz")):
        organisation = organisations[
            {"cso.kz": "birge", "cso.tj": "mehr", "cso2.kz": "zhasyl-almaty"}[seed.author]
        ]
    return services.problem_report(
        actor=author,
        jurisdiction=seed.regions[0][:2],
        title=seed.title,
        description=seed.description,
        language=seed.language,
        regions=list(seed.regions),
        target_group=seed.target_group,
        people_affected=seed.people,
        organisation=organisation,
        responsible_body=organisations[seed.body] if seed.body else None,
        reported_at=reported_at,
    )


def _support(problem: Problem, seed: ProblemSeed, people, crowd: list[User]) -> int:
    """Supports from the demo people first, then the residents. Rows for all but the last
    support; the last goes through the service (it may reach the threshold)."""
    wanted = seed.supports
    if wanted == THRESHOLD:
        threshold = int(rule_value(problem.jurisdiction_id, "problem.support_threshold"))
        wanted = threshold + len(seed.key) % 7
    if wanted == 0:
        return 0
    named = [u for e, u in sorted(people.items()) if u.pk != problem.author_id]
    supporters = [u for u in named + crowd if u.pk != problem.author_id][:wanted]
    *bulk, last = supporters
    Support.objects.bulk_create(Support(problem=problem, user=user) for user in bulk)
    Problem.objects.filter(pk=problem.pk).update(support_count=F("support_count") + len(bulk))
    problem.refresh_from_db(fields=["support_count"])
    services.problem_support(actor=last, problem=problem)
    return len(supporters)


def _lot(where: str, number: int, organisations) -> Lot:
    lots = Lot.objects.select_related("plan")
    if where.startswith("plan:"):
        # The plan's lot not yet offered in a call (competition_data.PLANNED_LOTS).
        return lots.filter(plan__body=organisations[where[5:]], call__isnull=True).latest(
            "plan__year", "-number"
        )
    return lots.get(call__reference__startswith=where, number=number)


def _history(made: dict[str, Problem], now: datetime) -> None:
    """Move each problem's dates back to when it happened: reported `days_ago`, supported
    over the following weeks, the threshold reached and the answer given on working days
    after, the lot linked once its plan was published and before its call was announced."""
    for seed in PROBLEMS:
        problem = made[seed.key]
        zone = local_zone(problem.jurisdiction_id)
        reported = now - timedelta(days=seed.days_ago)
        Problem.objects.filter(pk=problem.pk).update(created_at=reported, updated_at=reported)
        supports = list(Support.objects.filter(problem=problem).order_by("pk"))
        span = max(1, min(seed.days_ago - 1, 60))
        for index, support in enumerate(supports):
            # From the day after the report to before the threshold day (reported + span).
            hours = 24 + index * max(span - 1, 0) * 24 // len(supports)
            support.created_at = reported + timedelta(hours=hours)
        Support.objects.bulk_update(supports, ["created_at"])
        problem.refresh_from_db()
        if problem.threshold_reached_on is None:
            _date_links(problem, reported + timedelta(days=30))
            continue
        reached_on = (reported + timedelta(days=span)).astimezone(zone).date()
        if seed.key == OVERDUE:
            # Reached three months ago; the body never answered.
            reached_on = (now - timedelta(days=90)).astimezone(zone).date()
        due = services.answer_deadline(problem, reached_on)
        Problem.objects.filter(pk=problem.pk).update(
            threshold_reached_on=reached_on, answer_due_on=due
        )
        since = reached_on
        answer = Answer.objects.filter(problem=problem).first()
        if answer is not None:
            answered_on = min(due or reached_on, reached_on + timedelta(days=12))
            Answer.objects.filter(pk=answer.pk).update(answered_on=answered_on)
            Problem.objects.filter(pk=problem.pk).update(first_answered_on=answered_on)
            since = answered_on
        _date_links(problem, datetime.combine(since + timedelta(days=20), time(11), zone))


def _date_links(problem: Problem, after: datetime) -> None:
    """A lot is linked once its plan is published (a week after, at the earliest), and before
    its call is announced (a week before, at the latest, and after the problem was
    reported): the timeline shows only what follows the link, so the call, its contracts and
    their results read as the answer to the problem, in order."""
    reported = Problem.objects.values_list("created_at", flat=True).get(pk=problem.pk)
    for link in ProblemLot.objects.filter(problem=problem).select_related("lot__plan", "lot__call"):
        published = link.lot.plan.published_at
        moment = max(after, published + timedelta(days=7)) if published else after
        call = link.lot.call
        if call is not None and call.announced_at is not None:
            moment = max(min(moment, call.announced_at - timedelta(days=7)), reported)
        ProblemLot.objects.filter(pk=link.pk).update(created_at=moment)
