"""The maturity audit for people and companies without data: twenty questions whose answers estimate the
same :class:`~passaparola.audit.evidence.Evidence` the store would give, so that both are scored, typed
and advised the same way.

Every question is declared once, in :data:`QUESTIONS`: its key, the dimension it informs, its text in
English and Italian, and its options. Each option states the Evidence values it implies; every question
ends with ``unknown`` ("I don't know"), which implies nothing, so the field stays ``None`` (unknown is not
zero). The answers come from a YAML file (:func:`load_answers`, :func:`template`) or from the terminal
(:func:`ask`), in the same form: question key -> option key, or a list of option keys where several apply.

How answers become Evidence (the rubric, :func:`rubric_markdown`, states the same in prose):

- The evidence covers one month (``months = 1``), so volumes read per month.
- A field that several answered questions imply (``reply_share``, ``response_rate``, ``ugc_share``,
  ``negative_share``, ``growth_per_month``) is the mean of their values.
- ``output`` (one month of the entity's own output) is spread evenly over the platforms where it has an
  account, giving ``output_by_platform``; ``earned`` (one month of what the public says about it) is spread
  evenly over the platforms where people talk about it, giving ``earned_by_platform``. When the platforms
  are known but the volume is not, each gets a nominal :data:`NOMINAL_VOLUME`, which keeps where (what
  presence measures) without claiming how much.
- ``share_of_voice`` is r ÷ (r + entities − 1), where r (``voice_ratio``) is how much the entity is talked
  about relative to a typical competitor: 1/entities when r = 1, always between 0 and 1.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from statistics import fmean

import yaml

from passaparola import i18n
from passaparola.audit.evidence import Evidence
from passaparola.audit.score import DIMENSIONS
from passaparola.metrics import Text
from passaparola.workspace import WorkspaceError

#: Weeks in an average month (52 ÷ 12), to turn output per week into one month's output.
WEEKS_PER_MONTH = 52 / 12
#: The monthly volume each platform gets when the platforms are known but the volume is not.
NOMINAL_VOLUME = 1.0
UNKNOWN = "unknown"
NONE = "none"

_MESSAGES: dict[str, tuple[str, str]] = {
    "unknown_key": (
        "not a question of the questionnaire; the questions are {keys}",
        "non è una domanda del questionario; le domande sono {keys}",
    ),
    "missing": ("no answer; expected {expected}", "nessuna risposta; atteso {expected}"),
    "not_option": (
        "{found} is not an option; expected {expected}",
        "{found} non è un'opzione; atteso {expected}",
    ),
    "wrong_type": ("expected {expected}, found {found}", "atteso {expected}, trovato {found}"),
    "alone": (
        "`{option}` cannot be combined with other answers",
        "`{option}` non si può combinare con altre risposte",
    ),
    "conflict": (
        "contradicts {other}: {none}; expected {zero} or {unknown}",
        "contraddice {other}: {none}; atteso {zero} o {unknown}",
    ),
    "one_of": ("one of {options}", "uno tra {options}"),
    "list_of": (
        "a list of {options} (or {none}, or {unknown})",
        "un elenco tra {options} (oppure {none}, oppure {unknown})",
    ),
    "not_mapping": (
        "expected a mapping of question: answer, found {found}",
        "attesa una mappa domanda: risposta, trovato {found}",
    ),
    "empty": (
        "the file is empty; expected a mapping of question: answer",
        "il file è vuoto; attesa una mappa domanda: risposta",
    ),
    "unreadable": ("cannot be read ({error})", "illeggibile ({error})"),
    "encoding": (
        "line {line}: not UTF-8 text (byte {byte} at offset {offset})",
        "riga {line}: non è testo UTF-8 (byte {byte} alla posizione {offset})",
    ),
    "yaml": ("line {line}: not valid YAML ({problem})", "riga {line}: YAML non valido ({problem})"),
    "yaml_nowhere": ("not valid YAML ({problem})", "YAML non valido ({problem})"),
    "ask.intro": (
        "Maturity audit: {count} questions. Answer with the option's number; "
        "press Enter when you don't know.",
        "Audit di maturità: {count} domande. Rispondi con il numero dell'opzione; premi Invio se non lo sai.",
    ),
    "ask.several": (
        "Several answers: numbers separated by commas.",
        "Più risposte: numeri separati da virgole.",
    ),
    "ask.invalid": (
        "Not an option: type a number from 1 to {count}.",
        "Non è un'opzione: scrivi un numero da 1 a {count}.",
    ),
    "ask.one": (
        "Only one answer here: type a single number.",
        "Qui una sola risposta: scrivi un solo numero.",
    ),
    "template.head": (
        "Maturity audit questionnaire: answer every question with the key of one option,\n"
        "or a list of keys where several apply (e.g. [instagram, facebook]);\n"
        "`unknown` when you don't know (unknown is not zero).\n"
        "The answers below are examples: replace them with yours.",
        "Questionario dell'audit di maturità: rispondi a ogni domanda con la chiave di un'opzione,\n"
        "o con un elenco di chiavi dove più risposte valgono (ad es. [instagram, facebook]);\n"
        "`unknown` se non lo sai (non sapere non è zero).\n"
        "Le risposte qui sotto sono esempi: sostituiscile con le tue.",
    ),
    "template.several": ("several answers: a list", "più risposte: un elenco"),
    "rubric.title": ("Questionnaire scoring rubric", "Criteri di punteggio del questionario"),
    "rubric.intro": (
        "Each option implies values of the audit's evidence; the evidence is then scored exactly as the "
        "evidence measured from data. How the answers combine:\n\n"
        "- The evidence covers one month (`months = 1`), so volumes read per month.\n"
        '- `unknown` ("I don\'t know") implies nothing: the field stays unknown, and so does every score '
        "built on it. Unknown is not zero.\n"
        "- A field that several answered questions imply is the mean of their values.\n"
        "- `output` (one month of your own output, `output_per_week` × 52/12) is spread evenly over the "
        "platforms of `own_platforms` (`output_by_platform`); `earned` (one month of what the public says "
        "about you) is spread evenly over the platforms of `earned_platforms` (`earned_by_platform`). When "
        "the platforms are known but the volume is not, each platform gets {nominal:g} a month, which keeps "
        "where without claiming how much.\n"
        "- `share_of_voice` = r ÷ (r + entities − 1), where r (`voice_ratio`) is how much you are talked "
        "about relative to a typical competitor: 1/entities when r = 1; it needs both `competitors` and "
        "`voice`.\n"
        "- Answering `none` to `own_platforms` (or `earned_platforms`) contradicts any volume above zero in "
        "`publishing` (or `earned_volume`).",
        "Ogni opzione implica valori delle evidenze dell'audit; le evidenze si valutano poi esattamente come "
        "quelle misurate dai dati. Come si combinano le risposte:\n\n"
        "- Le evidenze coprono un mese (`months = 1`), quindi i volumi si leggono al mese.\n"
        "- `unknown` («Non so») non implica nulla: il campo resta sconosciuto, e così ogni punteggio che ne "
        "dipende. Non sapere non è zero.\n"
        "- Un campo implicato da più domande con risposta è la media dei loro valori.\n"
        "- `output` (un mese della tua produzione, `output_per_week` × 52/12) si ripartisce in parti uguali "
        "sulle piattaforme di `own_platforms` (`output_by_platform`); `earned` (un mese di ciò che il "
        "pubblico dice di te) si ripartisce in parti uguali sulle piattaforme di `earned_platforms` "
        "(`earned_by_platform`). Se le piattaforme sono note ma il volume no, ogni piattaforma riceve "
        "{nominal:g} al mese: resta il dove, senza pretendere il quanto.\n"
        "- `share_of_voice` = r ÷ (r + entities − 1), dove r (`voice_ratio`) è quanto si parla di te "
        "rispetto a un concorrente tipico: 1/entities quando r = 1; servono sia `competitors` sia `voice`.\n"
        "- Rispondere `none` a `own_platforms` (o a `earned_platforms`) contraddice ogni volume sopra zero "
        "in `publishing` (o in `earned_volume`).",
    ),
    "rubric.multiple": ("multiple choice", "scelta multipla"),
    "rubric.answer": ("Answer", "Risposta"),
    "rubric.implies": ("Implies", "Implica"),
    "rubric.platform": ("the platform `{platform}`", "la piattaforma `{platform}`"),
    "rubric.nothing": ("nothing (unknown)", "nulla (sconosciuto)"),
    "rubric.no_platform": ("no platform", "nessuna piattaforma"),
}


def _t(key: str, language: str | None = None, **values: object) -> str:
    english, italian = _MESSAGES[key]
    text = italian if (language or i18n.language()) == "it" else english
    return text.format(**values) if values else text


class QuestionnaireError(WorkspaceError):
    """An answers file or answer that cannot be used: ``str()`` is ``"FILE: key: problem"`` (without the
    file when the answers came from elsewhere, without the key when the whole file is at fault)."""

    def __init__(self, path: Path | str | None, key: str | None, problem: str) -> None:
        self.path = None if path is None else str(path)
        self.key = key
        self.problem = problem
        super().__init__(": ".join(part for part in (self.path, key, problem) if part is not None))


@dataclass(frozen=True)
class Option:
    """One answer to a question: its key (what the YAML file holds), its text and what it implies."""

    key: str
    text: Text
    #: Evidence fields (or ``output``, ``earned``, ``voice_ratio``: see the module's docstring) -> value.
    values: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    """One question: its stable key, the dimension it informs, its text and its options (the last is
    always ``unknown``)."""

    key: str
    #: The key of the :data:`passaparola.audit.score.DIMENSIONS` dimension the answer informs.
    dimension: str
    text: Text
    options: tuple[Option, ...]
    #: Whether several options may be chosen (the platform questions).
    multiple: bool = False
    #: The answer the template shows.
    example: str | tuple[str, ...] = UNKNOWN

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(option.key for option in self.options)

    def option(self, key: str) -> Option:
        """The option ``key`` (``KeyError`` when there is none)."""
        for option in self.options:
            if option.key == key:
                return option
        raise KeyError(key)


_UNKNOWN_OPTION = Option(UNKNOWN, Text("I don't know", "Non so"))
_PLATFORM_NAMES = {
    "twitter": ("Twitter / X", "Twitter / X"),
    "mastodon": ("Mastodon", "Mastodon"),
    "bluesky": ("Bluesky", "Bluesky"),
    "reddit": ("Reddit", "Reddit"),
    "youtube": ("YouTube", "YouTube"),
    "facebook": ("Facebook", "Facebook"),
    "instagram": ("Instagram", "Instagram"),
    "rss": ("Blogs and forums (RSS)", "Blog e forum (RSS)"),
}
PLATFORMS = tuple(_PLATFORM_NAMES)


def _question(
    key: str,
    dimension: str,
    text: tuple[str, str],
    options: tuple[Option, ...],
    example: str | tuple[str, ...],
    *,
    multiple: bool = False,
) -> Question:
    return Question(key, dimension, Text(*text), (*options, _UNKNOWN_OPTION), multiple, example)


def _options(name: str, *choices: tuple[str, str, str, float]) -> tuple[Option, ...]:
    """Options that each imply one value of the field ``name``: (key, English, Italian, value)."""
    return tuple(Option(key, Text(en, it), {name: value}) for key, en, it, value in choices)


def _platforms(none: tuple[str, str]) -> tuple[Option, ...]:
    return (*(Option(p, Text(en, it)) for p, (en, it) in _PLATFORM_NAMES.items()), Option(NONE, Text(*none)))


def _per_week(key: str, en: str, it: str, per_week: float) -> Option:
    return Option(key, Text(en, it), {"output_per_week": per_week, "output": per_week * WEEKS_PER_MONTH})


def _sentiment(key: str, en: str, it: str, net: float, negative: float) -> Option:
    return Option(key, Text(en, it), {"net_sentiment": net, "negative_share": negative})


def _volumes(name: str) -> tuple[Option, ...]:
    return _options(
        name,
        (NONE, "None", "Nessuno", 0),
        ("few", "A few (under 10)", "Pochi (meno di 10)", 5),
        ("dozens", "Dozens", "Decine", 30),
        ("hundreds", "Hundreds", "Centinaia", 300),
        ("thousands", "Thousands", "Migliaia", 3000),
    )


def _answered(name: str) -> tuple[Option, ...]:
    return _options(
        name,
        (NONE, "None", "Nessuno", 0),
        ("few", "A few", "Pochi", 0.15),
        ("half", "About half", "Circa la metà", 0.5),
        ("most", "Most", "La maggior parte", 0.8),
        ("all", "Nearly all", "Quasi tutti", 0.97),
    )


#: The questionnaire, in the order it is asked.
QUESTIONS: tuple[Question, ...] = (
    _question(
        "own_platforms",
        "presence",
        (
            "On which platforms do you have an account (even one you seldom use)?",
            "Su quali piattaforme hai un account (anche se lo usi poco)?",
        ),
        _platforms(("None", "Nessuna")),
        ("instagram", "facebook"),
        multiple=True,
    ),
    _question(
        "publishing",
        "activity",
        (
            "How often do you publish (posts, replies, shares), over all platforms together?",
            "Quanto spesso pubblichi (post, risposte, condivisioni), su tutte le piattaforme insieme?",
        ),
        (
            _per_week("never", "Never", "Mai", 0),
            _per_week("monthly", "A few times a month", "Qualche volta al mese", 0.5),
            _per_week("weekly", "One to three times a week", "Da una a tre volte a settimana", 2),
            _per_week("daily", "Almost every day", "Quasi ogni giorno", 5),
            _per_week("several_daily", "More than once a day", "Più volte al giorno", 10),
        ),
        "weekly",
    ),
    _question(
        "earned_platforms",
        "presence",
        (
            "On which platforms do people talk about you?",
            "Su quali piattaforme la gente parla di te?",
        ),
        _platforms(("Nowhere", "Da nessuna parte")),
        ("instagram", "facebook", "rss"),
        multiple=True,
    ),
    _question(
        "earned_volume",
        "presence",
        (
            "How many times a month do people mention you or talk about you online?",
            "Quante volte al mese la gente ti cita o parla di te online?",
        ),
        _volumes("earned"),
        "dozens",
    ),
    _question(
        "replies",
        "conversation",
        (
            "Of what you publish, how much is replies to people?",
            "Di ciò che pubblichi, quanta parte sono risposte alle persone?",
        ),
        _options(
            "reply_share",
            (NONE, "Nothing: we only post", "Niente: pubblichiamo soltanto", 0),
            ("little", "A little (about 1 in 20)", "Poca (circa 1 su 20)", 0.05),
            ("some", "Some (about 1 in 5)", "Una parte (circa 1 su 5)", 0.2),
            ("much", "A lot (about 2 in 5)", "Molta (circa 2 su 5)", 0.4),
            ("most", "Most of it", "La maggior parte", 0.6),
        ),
        "little",
    ),
    _question(
        "comment_replies",
        "conversation",
        (
            "When people comment on your posts, do you reply?",
            "Quando qualcuno commenta i tuoi post, rispondi?",
        ),
        _options(
            "reply_share",
            ("never", "Never", "Mai", 0),
            ("rarely", "Rarely", "Raramente", 0.05),
            ("sometimes", "Sometimes", "A volte", 0.15),
            ("usually", "Usually", "Di solito", 0.3),
            ("always", "Always", "Sempre", 0.5),
        ),
        "sometimes",
    ),
    _question(
        "conversations",
        "conversation",
        (
            "When you take part in a thread, does a real back-and-forth happen (you answer people and they "
            "answer you)?",
            "Quando partecipi a una discussione, nasce un vero scambio (tu rispondi alle persone e loro "
            "rispondono a te)?",
        ),
        _options(
            "two_way_rate",
            ("never", "Never", "Mai", 0),
            ("rarely", "Rarely", "Raramente", 0.05),
            ("sometimes", "Sometimes", "A volte", 0.2),
            ("often", "Often", "Spesso", 0.4),
            ("usually", "Usually", "Di solito", 0.7),
        ),
        "rarely",
    ),
    _question(
        "inbound",
        "responsiveness",
        (
            "How many messages, replies and mentions addressed to you do you receive in a month?",
            "Quanti messaggi, risposte e menzioni rivolti a te ricevi in un mese?",
        ),
        _volumes("inbound"),
        "dozens",
    ),
    _question(
        "answer_rate",
        "responsiveness",
        (
            "Of the public comments, replies and mentions addressed to you, how many do you answer?",
            "Dei commenti, delle risposte e delle menzioni pubbliche rivolti a te, a quanti rispondi?",
        ),
        _answered("response_rate"),
        "half",
    ),
    _question(
        "messages",
        "responsiveness",
        (
            "Of the private (direct) messages you receive, how many do you answer?",
            "Dei messaggi privati (diretti) che ricevi, a quanti rispondi?",
        ),
        _answered("response_rate"),
        "most",
    ),
    _question(
        "answer_time",
        "responsiveness",
        (
            "When you answer someone, how long does it usually take?",
            "Quando rispondi a qualcuno, quanto tempo passa di solito?",
        ),
        (
            *_options(
                "median_response_hours",
                ("hour", "Within an hour", "Entro un'ora", 0.5),
                ("hours", "Within a few hours", "Entro poche ore", 4),
                ("day", "Within a day", "Entro un giorno", 24),
                ("days", "Within a few days", "Entro pochi giorni", 72),
                ("week", "A week or more", "Una settimana o più", 168),
            ),
            Option("never", Text("We never answer", "Non rispondiamo mai")),
        ),
        "day",
    ),
    _question(
        "engagement",
        "engagement",
        (
            "On a typical post of yours, how many people like, share or comment, for every 1,000 followers?",
            "Su un tuo post tipico, quante persone mettono mi piace, condividono o commentano, ogni 1.000 "
            "follower?",
        ),
        _options(
            "engagement_rate",
            ("very_few", "Fewer than 1", "Meno di 1", 0.0005),
            ("few", "1 to 5", "Da 1 a 5", 0.003),
            ("some", "5 to 10", "Da 5 a 10", 0.0075),
            ("many", "10 to 30", "Da 10 a 30", 0.02),
            ("lots", "More than 30", "Più di 30", 0.05),
        ),
        "few",
    ),
    _question(
        "competitors",
        "earned_voice",
        ("How many competitors do you compare yourself with?", "Con quanti concorrenti ti confronti?"),
        _options(
            "entities",
            (NONE, "None", "Nessuno", 1),
            ("one", "One", "Uno", 2),
            ("few", "Two to four", "Da due a quattro", 4),
            ("many", "Five or more", "Cinque o più", 7),
        ),
        "few",
    ),
    _question(
        "voice",
        "earned_voice",
        (
            "Compared with a typical one of those competitors, how much are you talked about?",
            "Rispetto a un tipico concorrente tra quelli, quanto si parla di te?",
        ),
        _options(
            "voice_ratio",
            ("much_less", "Much less (a fifth as much)", "Molto meno (un quinto)", 0.2),
            ("less", "Less (about half as much)", "Meno (circa la metà)", 0.5),
            ("same", "About as much", "Più o meno quanto loro", 1),
            ("more", "More (about twice as much)", "Di più (circa il doppio)", 2),
            ("much_more", "Much more (five times or more)", "Molto di più (cinque volte o più)", 5),
        ),
        "less",
    ),
    _question(
        "ugc",
        "earned_voice",
        (
            "Of everything published about you (by you, by partners, by the public), how much comes "
            "spontaneously from customers or fans?",
            "Di tutto ciò che si pubblica su di te (da te, dai partner, dal pubblico), quanta parte viene "
            "spontaneamente da clienti o fan?",
        ),
        _options(
            "ugc_share",
            ("almost_none", "Almost none", "Quasi nulla", 0.02),
            ("little", "A little (about a tenth)", "Poca (circa un decimo)", 0.1),
            ("quarter", "About a quarter", "Circa un quarto", 0.25),
            ("half", "About half", "Circa la metà", 0.5),
            ("most", "Most of it", "La maggior parte", 0.75),
        ),
        "little",
    ),
    _question(
        "tagging",
        "earned_voice",
        (
            "Do customers post about you on their own (photos, reviews, tags)?",
            "I clienti pubblicano di loro iniziativa contenuti su di te (foto, recensioni, tag)?",
        ),
        _options(
            "ugc_share",
            ("never", "Never", "Mai", 0.01),
            ("rarely", "Rarely", "Raramente", 0.05),
            ("sometimes", "Sometimes", "A volte", 0.15),
            ("often", "Often", "Spesso", 0.35),
            ("constantly", "Constantly", "Di continuo", 0.6),
        ),
        "rarely",
    ),
    _question(
        "sentiment",
        "sentiment",
        ("When people talk about you, what is the tone?", "Quando la gente parla di te, che tono ha?"),
        (
            _sentiment("negative", "Mostly negative", "Perlopiù negativo", -0.6, 0.6),
            _sentiment(
                "mixed_negative", "More negative than positive", "Più negativo che positivo", -0.25, 0.4
            ),
            _sentiment("balanced", "Balanced, or mostly neutral", "Equilibrato, o perlopiù neutro", 0, 0.25),
            _sentiment(
                "mixed_positive", "More positive than negative", "Più positivo che negativo", 0.4, 0.15
            ),
            _sentiment("positive", "Mostly positive", "Perlopiù positivo", 0.75, 0.05),
        ),
        "mixed_positive",
    ),
    _question(
        "complaints",
        "sentiment",
        (
            "How much of what people write about you is complaints or criticism?",
            "Quanta parte di ciò che si scrive su di te sono lamentele o critiche?",
        ),
        _options(
            "negative_share",
            ("almost_none", "Almost none", "Quasi nulla", 0.03),
            ("little", "A little", "Poca", 0.1),
            ("some", "A fair part", "Una parte consistente", 0.25),
            ("half", "About half", "Circa la metà", 0.5),
            ("most", "Most of it", "La maggior parte", 0.7),
        ),
        "little",
    ),
    _question(
        "growth",
        "growth",
        (
            "Over the last few months, how has your number of followers changed?",
            "Negli ultimi mesi, come è cambiato il numero dei tuoi follower?",
        ),
        _options(
            "growth_per_month",
            ("falling", "It is falling", "Sta calando", -0.02),
            ("stable", "About stable", "Più o meno stabile", 0),
            ("slow", "Growing slowly (about 1% a month)", "Cresce piano (circa l'1% al mese)", 0.01),
            (
                "steady",
                "Growing steadily (about 3% a month)",
                "Cresce con costanza (circa il 3% al mese)",
                0.03,
            ),
            ("fast", "Growing fast (5% a month or more)", "Cresce in fretta (il 5% al mese o più)", 0.06),
        ),
        "slow",
    ),
    _question(
        "year_growth",
        "growth",
        ("Compared with a year ago, you have …", "Rispetto a un anno fa, hai …"),
        _options(
            "growth_per_month",
            ("fewer", "Fewer followers", "Meno follower", -0.02),
            ("same", "About as many followers", "Più o meno gli stessi follower", 0),
            ("more", "10–30% more followers", "Dal 10 al 30% di follower in più", 0.015),
            ("much_more", "30–100% more followers", "Dal 30 al 100% di follower in più", 0.04),
            ("doubled", "More than twice as many", "Più del doppio dei follower", 0.07),
        ),
        "more",
    ),
)

_BY_KEY = {question.key: question for question in QUESTIONS}
_TITLES = {dimension.key: dimension.title for dimension in DIMENSIONS}
#: (platforms question, volume question, the volume's key, the Evidence field the volume is spread over).
_SPREADS = (
    ("own_platforms", "publishing", "output", "output_by_platform"),
    ("earned_platforms", "earned_volume", "earned", "earned_by_platform"),
)


class _Invalid(Exception):
    """One answer that cannot be used; the message is the problem, in the user's language."""


def _expected(question: Question, language: str | None = None) -> str:
    if question.multiple:
        choices = ", ".join(o.key for o in question.options if o.key not in (NONE, UNKNOWN))
        return _t("list_of", language, options=choices, none=NONE, unknown=UNKNOWN)
    return _t("one_of", language, options=", ".join(o.key for o in question.options))


def _found(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _choose(question: Question, value: object, language: str | None = None) -> tuple[str, ...]:
    """The option keys an answer chooses, checked against the question; raises ``_Invalid``."""
    if isinstance(value, str):
        chosen = [value]
    elif question.multiple and isinstance(value, list) and value:
        chosen = value
    else:
        raise _Invalid(
            _t("wrong_type", language, expected=_expected(question, language), found=_found(value))
        )
    for key in chosen:
        if not isinstance(key, str) or key not in question.keys:
            raise _Invalid(
                _t("not_option", language, found=_found(key), expected=_expected(question, language))
            )
    keys = tuple(dict.fromkeys(chosen))
    for alone in (NONE, UNKNOWN):
        if alone in keys and len(keys) > 1:
            raise _Invalid(_t("alone", language, option=alone))
    return keys


def _conflict(key: str, chosen: Mapping[str, tuple[str, ...]], language: str | None = None) -> str | None:
    """Why the answer to ``key`` contradicts an earlier one (a volume where there are no platforms)."""
    for platforms, volume, total, _ in _SPREADS:
        if (
            key == volume
            and chosen.get(platforms) == (NONE,)
            and _BY_KEY[volume].option(chosen[volume][0]).values.get(total, 0) > 0
        ):
            zero = next(o.key for o in _BY_KEY[volume].options if o.values.get(total) == 0)
            return _t("conflict", language, other=platforms, none=NONE, zero=zero, unknown=UNKNOWN)
    return None


def from_answers(
    answers: Mapping[str, object], entity: str = "brand", *, path: Path | str | None = None
) -> Evidence:
    """The Evidence the answers imply (``origin="questionnaire"``, one month).

    Every question must be answered (``unknown`` where the answer is not known); an unknown question, a
    missing answer, an option that does not exist or a value of the wrong type raises
    :class:`QuestionnaireError` naming ``path`` (when given), the question and what was expected.
    """
    if not isinstance(answers, Mapping):
        raise QuestionnaireError(path, None, _t("not_mapping", found=type(answers).__name__))
    for key in answers:
        if key not in _BY_KEY:
            raise QuestionnaireError(path, str(key), _t("unknown_key", keys=", ".join(_BY_KEY)))
    chosen: dict[str, tuple[str, ...]] = {}
    for question in QUESTIONS:
        if question.key not in answers:
            raise QuestionnaireError(path, question.key, _t("missing", expected=_expected(question)))
        try:
            chosen[question.key] = _choose(question, answers[question.key])
        except _Invalid as exc:
            raise QuestionnaireError(path, question.key, str(exc)) from None
        problem = _conflict(question.key, chosen)
        if problem:
            raise QuestionnaireError(path, question.key, problem)
    return _evidence(chosen, entity)


def _evidence(chosen: Mapping[str, tuple[str, ...]], entity: str) -> Evidence:
    """The Evidence checked answers imply (the derivations are in the module's docstring)."""
    implied: dict[str, list[float]] = {}
    for question in QUESTIONS:
        for key in chosen[question.key]:
            for name, value in question.option(key).values.items():
                implied.setdefault(name, []).append(value)
    values = {name: fmean(found) for name, found in implied.items()}
    spread: dict[str, dict[str, float]] = {}
    for platforms, _, total, name in _SPREADS:
        where = chosen[platforms]
        volume = values.pop(total, None)
        if where in ((UNKNOWN,), (NONE,)):
            spread[name] = {}
        else:
            each = NOMINAL_VOLUME if volume is None else volume / len(where)
            spread[name] = dict.fromkeys(where, each)
    ratio = values.pop("voice_ratio", None)
    entities = values.pop("entities", None)
    share_of_voice = None if ratio is None or entities is None else ratio / (ratio + (entities - 1))
    own = chosen["own_platforms"]
    return Evidence(
        entity=entity,
        origin="questionnaire",
        months=1.0,
        accounts=() if own in ((UNKNOWN,), (NONE,)) else tuple(p for p in PLATFORMS if p in own),
        entities=1 if entities is None else int(entities),
        share_of_voice=share_of_voice,
        **spread,
        **values,
    )


def load_answers(path: Path) -> dict:
    """The answers in a YAML file (question key -> option key, or a list of option keys), not yet checked
    against the questions (:func:`from_answers` does that). A file that cannot be read, is not UTF-8, is not
    YAML or does not hold a mapping raises :class:`QuestionnaireError` naming the file, and the line where
    YAML gives one."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise QuestionnaireError(path, None, _t("unreadable", error=exc.strerror or exc)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problem = _t("encoding", line=line, byte=f"0x{data[exc.start]:02x}", offset=exc.start)
        raise QuestionnaireError(path, None, problem) from None
    try:
        document = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or type(exc).__name__
        if mark is None:
            raise QuestionnaireError(path, None, _t("yaml_nowhere", problem=problem)) from None
        raise QuestionnaireError(path, None, _t("yaml", line=mark.line + 1, problem=problem)) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise QuestionnaireError(path, None, _t("yaml", line=line, problem=exc.reason)) from None
    except (yaml.YAMLError, ValueError, OverflowError, RecursionError) as exc:
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise QuestionnaireError(path, None, _t("yaml_nowhere", problem=problem)) from None
    if document is None:
        raise QuestionnaireError(path, None, _t("empty"))
    if not isinstance(document, dict):
        raise QuestionnaireError(path, None, _t("not_mapping", found=type(document).__name__))
    return document


def _language(language: str) -> str:
    return "it" if language.lower().startswith("it") else "en"


def _reply(question: Question, reply: str, language: str) -> str | list[str]:
    """What a line typed in the terminal chooses: option numbers (or keys), comma-separated where several
    apply; empty for "I don't know"."""
    tokens = [token for token in reply.replace(",", " ").split() if token]
    if not tokens:
        return UNKNOWN
    if len(tokens) > 1 and not question.multiple:
        raise _Invalid(_t("ask.one", language))
    keys = []
    for token in tokens:
        if token.isdecimal() and 1 <= int(token) <= len(question.options):
            keys.append(question.options[int(token) - 1].key)
        elif token in question.keys:
            keys.append(token)
        else:
            raise _Invalid(_t("ask.invalid", language, count=len(question.options)))
    return keys if question.multiple else keys[0]


def ask(
    language: str, read: Callable[[str], str] = input, write: Callable[[str], None] = print
) -> dict[str, str | list[str]]:
    """Ask every question in the terminal, in Italian (``"it"``) or English, and return the answers in the
    form of the YAML file, so that ``from_answers(ask(...))`` works. Options are numbered; several answers
    are comma-separated numbers; an empty line means "I don't know"; an invalid line is asked again."""
    language = _language(language)
    answers: dict[str, str | list[str]] = {}
    chosen: dict[str, tuple[str, ...]] = {}
    write(_t("ask.intro", language, count=len(QUESTIONS)))
    for number, question in enumerate(QUESTIONS, 1):
        dimension = _TITLES[question.dimension](language)
        write("")
        write(f"[{number}/{len(QUESTIONS)}] {dimension} · {question.text(language)}")
        for index, option in enumerate(question.options, 1):
            write(f"  {index}. {option.text(language)}")
        if question.multiple:
            write(_t("ask.several", language))
        while True:
            try:
                chosen[question.key] = _choose(question, _reply(question, read("> "), language), language)
                problem = _conflict(question.key, chosen, language)
                if problem is None:
                    break
                write(problem)
            except _Invalid as exc:
                write(str(exc))
            chosen.pop(question.key, None)
        keys = chosen[question.key]
        answers[question.key] = list(keys) if question.multiple else keys[0]
    return answers


def template(language: str) -> str:
    """A YAML answers file to fill in: every question as a comment with its options, and an example
    answer that :func:`load_answers` and :func:`from_answers` accept."""
    language = _language(language)
    lines = [f"# {line}".rstrip() for line in _t("template.head", language).splitlines()]
    width = max(len(option.key) for question in QUESTIONS for option in question.options)
    for number, question in enumerate(QUESTIONS, 1):
        dimension = _TITLES[question.dimension](language)
        several = f" ({_t('template.several', language)})" if question.multiple else ""
        lines += ["", f"# [{number}/{len(QUESTIONS)}] {dimension}: {question.text(language)}{several}"]
        lines += [f"#   {option.key:<{width}}  {option.text(language)}" for option in question.options]
        example = question.example
        answer = f"[{', '.join(example)}]" if isinstance(example, tuple) else example
        lines.append(f"{question.key}: {answer}")
    return "\n".join(lines) + "\n"


def _number(value: float) -> str:
    return f"{round(value, 4):g}"


def _implies(question: Question, option: Option, language: str) -> str:
    if question.multiple:
        if option.key == UNKNOWN:
            return _t("rubric.nothing", language)
        if option.key == NONE:
            return _t("rubric.no_platform", language)
        return _t("rubric.platform", language, platform=option.key)
    if not option.values:
        return _t("rubric.nothing", language)
    return ", ".join(f"`{name}` = {_number(value)}" for name, value in option.values.items())


def rubric_markdown(language: str) -> str:
    """The questionnaire's scoring rubric as Markdown: how answers combine, then each question under its
    dimension with every option and the Evidence values it implies."""
    language = _language(language)
    nominal = NOMINAL_VOLUME
    lines = [f"## {_t('rubric.title', language)}", "", _t("rubric.intro", language, nominal=nominal)]
    for dimension in DIMENSIONS:
        lines += ["", f"### {dimension.title(language)}"]
        for question in (q for q in QUESTIONS if q.dimension == dimension.key):
            several = f" ({_t('rubric.multiple', language)})" if question.multiple else ""
            lines += ["", f"#### `{question.key}`: {question.text(language)}{several}", ""]
            lines += [f"| {_t('rubric.answer', language)} | {_t('rubric.implies', language)} |", "|---|---|"]
            lines += [
                f"| {option.text(language)} (`{option.key}`) | {_implies(question, option, language)} |"
                for option in question.options
            ]
    return "\n".join(lines) + "\n"
