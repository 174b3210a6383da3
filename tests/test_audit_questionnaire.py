"""The maturity questionnaire: its declarations, the Evidence answers imply, the answers file, the
interactive form, the template and the rubric."""

from __future__ import annotations

import math
from dataclasses import fields
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from passaparola import i18n
from passaparola.audit import questionnaire as q
from passaparola.audit.advice import recommend
from passaparola.audit.archetypes import assign
from passaparola.audit.evidence import Evidence
from passaparola.audit.questionnaire import (
    QUESTIONS,
    QuestionnaireError,
    ask,
    from_answers,
    load_answers,
    rubric_markdown,
    template,
)
from passaparola.audit.score import DIMENSION_KEYS, score
from passaparola.workspace import WorkspaceError

KEYS = tuple(question.key for question in QUESTIONS)
BY_KEY = {question.key: question for question in QUESTIONS}
EVIDENCE_FIELDS = {f.name for f in fields(Evidence)}
DERIVED = {"output", "earned", "voice_ratio"}
# Fields the questionnaire fills through the derivations rather than from an option's value (a
# questionnaire has no window: it speaks of a typical month).
COMPUTED = {
    "entity",
    "origin",
    "months",
    "window",
    "accounts",
    "earned_by_platform",
    "output_by_platform",
    "share_of_voice",
}


def unknown_answers() -> dict[str, object]:
    return {question.key: [q.UNKNOWN] if question.multiple else q.UNKNOWN for question in QUESTIONS}


def answers(**chosen: object) -> dict[str, object]:
    return {**unknown_answers(), **chosen}


# --- declarations


def test_questions_are_declared_once_with_both_languages_and_an_unknown_option() -> None:
    assert 18 <= len(QUESTIONS) <= 22
    assert len(set(KEYS)) == len(KEYS)
    for question in QUESTIONS:
        assert question.dimension in DIMENSION_KEYS, question.key
        assert question.text.en.strip() and question.text.it.strip(), question.key
        assert question.text.en != question.text.it, question.key
        option_keys = [option.key for option in question.options]
        assert len(set(option_keys)) == len(option_keys), question.key
        assert question.options[-1].key == q.UNKNOWN and not question.options[-1].values
        assert question.options[-1].text("it") == "Non so"
        for option in question.options:
            assert option.text.en.strip() and option.text.it.strip(), (question.key, option.key)
            assert set(option.values) <= EVIDENCE_FIELDS | DERIVED, (question.key, option.key)
            assert all(math.isfinite(v) for v in option.values.values())
            # A key written in a YAML file reads back as the same string (no `yes`, `no`, `1`, `null`).
            assert yaml.safe_load(f"k: {option.key}") == {"k": option.key}
        example = question.example if isinstance(question.example, tuple) else (question.example,)
        assert set(example) <= set(option_keys), question.key


def test_every_dimension_and_every_evidence_field_that_matters_is_asked() -> None:
    assert {question.dimension for question in QUESTIONS} == set(DIMENSION_KEYS)
    implied = {name for question in QUESTIONS for option in question.options for name in option.values}
    assert implied >= EVIDENCE_FIELDS - COMPUTED
    multiple = {question.key for question in QUESTIONS if question.multiple}
    assert multiple == {"own_platforms", "earned_platforms"}
    for key in multiple:
        platforms = [o.key for o in BY_KEY[key].options if o.key not in (q.NONE, q.UNKNOWN)]
        assert platforms == [
            "twitter",
            "mastodon",
            "bluesky",
            "reddit",
            "youtube",
            "facebook",
            "instagram",
            "rss",
        ]


# --- from_answers on hand-worked answer sets


def test_all_unknown_is_an_evidence_that_knows_nothing() -> None:
    evidence = from_answers(unknown_answers(), "Aurora")
    assert evidence == Evidence("Aurora", origin="questionnaire", months=1.0)
    assert set(score(evidence).dimensions.values()) == {None}


def test_a_showcase_company() -> None:
    evidence = from_answers(
        {
            "own_platforms": ["instagram", "facebook"],
            "publishing": "daily",
            "earned_platforms": ["instagram", "reddit"],
            "earned_volume": "hundreds",
            "replies": "none",
            "comment_replies": "never",
            "conversations": "never",
            "inbound": "dozens",
            "answer_rate": "none",
            "messages": "few",
            "answer_time": "week",
            "engagement": "very_few",
            "competitors": "one",
            "voice": "less",
            "ugc": "almost_none",
            "tagging": "rarely",
            "sentiment": "balanced",
            "complaints": "little",
            "growth": "stable",
            "year_growth": "same",
        },
        "Vetrina",
    )
    monthly = 5 * 52 / 12
    assert evidence == Evidence(
        "Vetrina",
        origin="questionnaire",
        months=1.0,
        accounts=("facebook", "instagram"),
        earned_by_platform={"instagram": 150.0, "reddit": 150.0},
        output_by_platform={"instagram": pytest.approx(monthly / 2), "facebook": pytest.approx(monthly / 2)},
        output_per_week=5.0,
        reply_share=0.0,
        two_way_rate=0.0,
        inbound=30.0,
        response_rate=pytest.approx(0.075),
        median_response_hours=168.0,
        engagement_rate=0.0005,
        share_of_voice=pytest.approx(1 / 3),  # 0.5 ÷ (0.5 + 2 − 1)
        entities=2,
        ugc_share=pytest.approx(0.035),
        net_sentiment=0.0,
        negative_share=pytest.approx(0.175),
        growth_per_month=0.0,
    )
    scorecard = score(evidence)
    assert scorecard.dimensions["presence"] == pytest.approx(50.0)  # half the public is on Reddit
    assert assign(evidence, scorecard).key == "showcase"


def test_a_community_leader() -> None:
    evidence = from_answers(
        answers(
            own_platforms=["twitter", "youtube", "rss"],
            publishing="several_daily",
            earned_platforms=["youtube", "twitter"],
            earned_volume="thousands",
            replies="most",
            comment_replies="always",
            conversations="usually",
            inbound="hundreds",
            answer_rate="all",
            answer_time="hour",
            engagement="lots",
            competitors="none",
            voice="much_more",
            ugc="most",
            sentiment="positive",
            growth="fast",
            year_growth="doubled",
        )
    )
    monthly = 10 * 52 / 12
    assert evidence.entity == "brand"
    assert evidence.accounts == ("twitter", "youtube", "rss")
    assert evidence.output_by_platform == {
        p: pytest.approx(monthly / 3) for p in ("twitter", "youtube", "rss")
    }
    assert evidence.earned_by_platform == {"youtube": 1500.0, "twitter": 1500.0}
    assert evidence.reply_share == pytest.approx(0.55)
    assert evidence.two_way_rate == 0.7
    assert evidence.response_rate == 0.97  # `messages` unknown: the public answer alone
    assert evidence.median_response_hours == 0.5
    assert evidence.entities == 1 and evidence.share_of_voice == 1.0
    assert evidence.ugc_share == 0.75
    assert (evidence.net_sentiment, evidence.negative_share) == (0.75, 0.05)
    assert evidence.growth_per_month == pytest.approx(0.065)
    assert score(evidence).dimensions["presence"] == pytest.approx(100.0)


def test_no_accounts_and_nobody_talking() -> None:
    evidence = from_answers(
        answers(own_platforms=["none"], publishing="never", earned_platforms="none", earned_volume="none")
    )
    assert evidence.accounts == () and evidence.output_by_platform == {} and evidence.earned_by_platform == {}
    assert evidence.output_per_week == 0.0
    assert assign(evidence, score(evidence)).key == "absent"


def test_accounts_without_output_are_not_active() -> None:
    evidence = from_answers(answers(own_platforms=["reddit"], publishing="never"))
    assert evidence.accounts == ("reddit",)
    assert evidence.output_by_platform == {"reddit": 0.0} and evidence.active_platforms == ()


def test_known_platforms_with_unknown_volume_keep_where_not_how_much() -> None:
    evidence = from_answers(answers(own_platforms=["instagram"], earned_platforms=["instagram", "reddit"]))
    assert evidence.output_by_platform == {"instagram": q.NOMINAL_VOLUME}
    assert evidence.output_per_week is None
    assert evidence.earned_by_platform == {"instagram": q.NOMINAL_VOLUME, "reddit": q.NOMINAL_VOLUME}
    assert score(evidence).dimensions["presence"] == pytest.approx(50.0)


def test_a_volume_without_platforms_has_nowhere_to_go() -> None:
    evidence = from_answers(answers(publishing="weekly", earned_volume="dozens"))
    assert evidence.output_per_week == 2.0
    assert evidence.output_by_platform == {} and evidence.earned_by_platform == {}


def test_share_of_voice_needs_both_competitors_and_voice() -> None:
    assert from_answers(answers(voice="more")).share_of_voice is None
    only_competitors = from_answers(answers(competitors="many"))
    assert (only_competitors.entities, only_competitors.share_of_voice) == (7, None)
    fair = from_answers(answers(competitors="few", voice="same"))
    assert fair.share_of_voice == pytest.approx(1 / 4)
    assert score(fair).dimensions["earned_voice"] == pytest.approx(50.0)


def test_a_single_string_answers_a_multiple_choice_and_duplicates_count_once() -> None:
    one = from_answers(answers(own_platforms="mastodon", publishing="weekly"))
    twice = from_answers(answers(own_platforms=["mastodon", "mastodon"], publishing="weekly"))
    assert one == twice and one.accounts == ("mastodon",)


# --- errors


def error(answers_: object, path: Path | str | None = None) -> QuestionnaireError:
    with pytest.raises(QuestionnaireError) as raised:
        from_answers(answers_, path=path)  # type: ignore[arg-type]
    return raised.value


def test_errors_are_workspace_errors_naming_the_file_and_the_key() -> None:
    found = error({**unknown_answers(), "colour": "blue"}, "answers.yaml")
    assert isinstance(found, WorkspaceError)
    assert (found.path, found.key) == ("answers.yaml", "colour")
    assert str(found).startswith("answers.yaml: colour: not a question")
    assert "own_platforms" in found.problem


def test_a_missing_answer_names_the_question_and_its_options() -> None:
    incomplete = unknown_answers()
    del incomplete["growth"]
    found = error(incomplete)
    assert found.key == "growth" and found.path is None
    assert str(found) == "growth: no answer; expected one of falling, stable, slow, steady, fast, unknown"


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("publishing", "hourly", "'hourly' is not an option; expected one of never, monthly"),
        ("publishing", 3, "expected one of never, monthly, weekly, daily, several_daily, unknown, found 3"),
        ("publishing", None, "found None"),
        ("publishing", ["weekly"], "found ['weekly']"),
        ("own_platforms", ["instagram", "myspace"], "'myspace' is not an option; expected a list of twitter"),
        ("own_platforms", [], "expected a list of twitter, mastodon"),
        ("own_platforms", {"instagram": 1}, "found {'instagram': 1}"),
        ("own_platforms", ["instagram", 7], "7 is not an option"),
        ("own_platforms", ["instagram", "unknown"], "`unknown` cannot be combined with other answers"),
        ("earned_platforms", ["none", "reddit"], "`none` cannot be combined with other answers"),
        ("answer_rate", True, "found True"),
    ],
)
def test_a_wrong_answer_names_the_key_and_what_was_expected(key: str, value: object, expected: str) -> None:
    found = error(answers(**{key: value}), Path("a.yaml"))
    assert found.key == key and found.path == "a.yaml"
    assert expected in found.problem


def test_a_volume_contradicting_no_platforms_is_an_error() -> None:
    found = error(answers(own_platforms=["none"], publishing="daily"))
    assert found.key == "publishing"
    assert found.problem == "contradicts own_platforms: none; expected never or unknown"
    found = error(answers(earned_platforms=["none"], earned_volume="few"))
    assert found.key == "earned_volume" and "expected none or unknown" in found.problem
    assert from_answers(answers(own_platforms=["none"], publishing="unknown")).output_per_week is None


def test_answers_that_are_not_a_mapping() -> None:
    found = error(["publishing"], "x.yaml")
    assert str(found) == "x.yaml: expected a mapping of question: answer, found list"


def test_errors_speak_italian(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "language", lambda: "it")
    assert "non è un'opzione; atteso uno tra never" in error(answers(publishing="spesso")).problem
    assert error({"colore": "blu"}).problem.startswith("non è una domanda del questionario")
    missing = unknown_answers()
    del missing["voice"]
    assert error(missing).problem.startswith("nessuna risposta; atteso uno tra much_less")


# --- property tests on answers


def choice(question: q.Question) -> st.SearchStrategy[object]:
    keys = [option.key for option in question.options]
    if not question.multiple:
        return st.sampled_from(keys)
    platforms = [k for k in keys if k not in (q.NONE, q.UNKNOWN)]
    return st.one_of(
        st.sampled_from([q.NONE, q.UNKNOWN, [q.NONE], [q.UNKNOWN]]),
        st.lists(st.sampled_from(platforms), min_size=1, max_size=10),
    )


valid_answers = st.fixed_dictionaries({question.key: choice(question) for question in QUESTIONS})

SHARES = ("reply_share", "two_way_rate", "response_rate", "ugc_share", "share_of_voice", "negative_share")


def contradicts(chosen: dict[str, object]) -> bool:
    def nowhere(value: object) -> bool:
        return value in (q.NONE, [q.NONE])

    return (nowhere(chosen["own_platforms"]) and chosen["publishing"] not in ("never", q.UNKNOWN)) or (
        nowhere(chosen["earned_platforms"]) and chosen["earned_volume"] not in (q.NONE, q.UNKNOWN)
    )


@given(valid_answers)
@settings(max_examples=300, deadline=None)
def test_any_valid_answers_give_evidence_within_the_documented_ranges(chosen: dict[str, object]) -> None:
    assume(not contradicts(chosen))
    evidence = from_answers(chosen, "X")
    assert (evidence.entity, evidence.origin, evidence.months) == ("X", "questionnaire", 1.0)
    for name in SHARES:
        value = getattr(evidence, name)
        assert value is None or 0 <= value <= 1, name
    assert evidence.net_sentiment is None or -1 <= evidence.net_sentiment <= 1
    assert evidence.output_per_week is None or evidence.output_per_week >= 0
    assert evidence.inbound is None or evidence.inbound >= 0
    assert evidence.median_response_hours is None or evidence.median_response_hours > 0
    assert evidence.engagement_rate is None or evidence.engagement_rate >= 0
    assert evidence.growth_per_month is None or evidence.growth_per_month > -1
    assert isinstance(evidence.entities, int) and evidence.entities >= 1
    for spread in (evidence.earned_by_platform, evidence.output_by_platform):
        assert set(spread) <= set(q.PLATFORMS) and all(v >= 0 for v in spread.values())
    assert set(evidence.output_by_platform) == set(evidence.accounts)
    assert set(evidence.active_platforms) <= set(evidence.accounts)
    for points in score(evidence).dimensions.values():
        assert points is None or 0 <= points <= 100


def _options(key: str, *left_out: str) -> list[str]:
    [question] = [question for question in QUESTIONS if question.key == key]
    return [option.key for option in question.options if option.key not in left_out]


@st.composite
def contradictory_answers(draw: st.DrawFn) -> dict[str, object]:
    """Valid answers made contradictory on purpose (no platform, yet some volume): drawn directly, since
    filtering valid answers for the rare contradiction made Hypothesis give up now and then."""
    chosen = dict(draw(valid_answers))
    nowhere = st.sampled_from([q.NONE, [q.NONE]])
    if draw(st.booleans()):
        chosen["own_platforms"] = draw(nowhere)
        chosen["publishing"] = draw(st.sampled_from(_options("publishing", "never", q.UNKNOWN)))
    else:
        chosen["earned_platforms"] = draw(nowhere)
        chosen["earned_volume"] = draw(st.sampled_from(_options("earned_volume", q.NONE, q.UNKNOWN)))
    assert contradicts(chosen)
    return chosen


@given(contradictory_answers())
@settings(max_examples=100, deadline=None)
def test_contradictory_answers_are_refused_naming_the_volume(chosen: dict[str, object]) -> None:
    assert error(chosen).key in ("publishing", "earned_volume")


yaml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from([o.key for question in QUESTIONS for o in question.options]),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@given(st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=10), yaml_values, max_size=25))
@settings(max_examples=200, deadline=None)
def test_hostile_answers_raise_only_questionnaire_errors(hostile: dict[str, object]) -> None:
    try:
        from_answers(hostile)
    except QuestionnaireError as exc:
        assert exc.key is None or exc.key in str(exc)


# --- the answers file


def write(tmp_path: Path, content: bytes | str, name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


def load_error(path: Path) -> QuestionnaireError:
    with pytest.raises(QuestionnaireError) as raised:
        load_answers(path)
    assert raised.value.path == str(path) and str(raised.value).startswith(str(path))
    return raised.value


def test_an_answers_file_loads_and_scores(tmp_path: Path) -> None:
    text = "\ufeff" + yaml.safe_dump(answers(own_platforms=["reddit"], publishing="daily"))
    path = write(tmp_path, text)
    evidence = from_answers(load_answers(path), path=path)
    assert evidence.output_per_week == 5.0 and evidence.accounts == ("reddit",)


def test_truncated_yaml_names_the_file_and_the_line(tmp_path: Path) -> None:
    found = load_error(write(tmp_path, "own_platforms: [instagram, facebook\npublishing: weekly\n"))
    assert found.key is None and found.problem.startswith("line 2: not valid YAML (expected ',' or ']'")


def test_a_bad_indentation_names_its_line(tmp_path: Path) -> None:
    found = load_error(write(tmp_path, "publishing: weekly\ngrowth: slow\n  voice: same\n"))
    assert found.problem.startswith("line 3: not valid YAML")


def test_latin1_bytes_are_not_utf8(tmp_path: Path) -> None:
    found = load_error(write(tmp_path, "publishing: weekly\n# più risposte\n".encode("latin-1")))
    assert found.problem == "line 2: not UTF-8 text (byte 0xf9 at offset 23)"


def test_a_control_character_names_its_line(tmp_path: Path) -> None:
    found = load_error(write(tmp_path, "publishing: weekly\ngrowth: \x07slow\n"))
    assert found.problem.startswith("line 2: not valid YAML")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("- publishing: weekly\n", "expected a mapping of question: answer, found list"),
        ("just words\n", "expected a mapping of question: answer, found str"),
        ("", "the file is empty; expected a mapping of question: answer"),
        ("# only comments\n", "the file is empty; expected a mapping of question: answer"),
        ("when: 2024-02-30\n", "not valid YAML (day is out of range for month)"),
        ("x: !!python/object:os.system {}\n", "line 1: not valid YAML"),
    ],
)
def test_a_file_that_holds_no_answers(tmp_path: Path, content: str, problem: str) -> None:
    assert load_error(write(tmp_path, content)).problem.startswith(problem)


def test_a_missing_file(tmp_path: Path) -> None:
    assert load_error(tmp_path / "nowhere.yaml").problem.startswith("cannot be read (No such file")


def test_file_errors_speak_italian(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "language", lambda: "it")
    assert (
        load_error(write(tmp_path, "[1, 2]\n")).problem == "attesa una mappa domanda: risposta, trovato list"
    )
    assert load_error(write(tmp_path, b"a: \xe8\n")).problem.startswith("riga 1: non è testo UTF-8")


@pytest.fixture(scope="module")
def fuzz_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz") / "answers.yaml"


def mutations() -> st.SearchStrategy[bytes]:
    """The template cut, spliced with random bytes, or random YAML-ish text."""
    base = template("en").encode()
    cut = st.integers(0, len(base)).map(lambda n: base[:n])
    spliced = st.tuples(st.integers(0, len(base)), st.binary(max_size=8)).map(
        lambda t: base[: t[0]] + t[1] + base[t[0] :]
    )
    alphabet = st.sampled_from(list(":-[]{}!&*#|>'\"%@`,? \n\tabc019\x00\xe8~."))
    return cut | spliced | st.binary(max_size=60) | st.text(alphabet, max_size=60).map(str.encode)


@given(mutations())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_hostile_files_raise_only_questionnaire_errors(fuzz_file: Path, content: bytes) -> None:
    fuzz_file.write_bytes(content)
    try:
        from_answers(load_answers(fuzz_file), path=fuzz_file)
    except QuestionnaireError as exc:
        assert str(fuzz_file) in str(exc)


def test_deeply_nested_yaml_is_an_error_not_a_crash(tmp_path: Path) -> None:
    error = load_error(write(tmp_path, "a: " + "[" * 5000 + "]" * 5000 + "\n"))
    assert "not valid YAML" in str(error)


# --- the interactive form


class Terminal:
    """Scripted lines for ``read``; what ``write`` and the prompts showed."""

    def __init__(self, *lines: str) -> None:
        self.lines = list(lines)
        self.shown: list[str] = []

    def read(self, prompt: str) -> str:
        self.shown.append(prompt)
        return self.lines.pop(0)

    def write(self, text: str) -> None:
        self.shown.append(text)

    @property
    def text(self) -> str:
        return "\n".join(self.shown)


def test_ask_with_empty_lines_is_all_unknown() -> None:
    terminal = Terminal(*[""] * len(QUESTIONS))
    answered = ask("en", terminal.read, terminal.write)
    assert answered == unknown_answers()
    assert not terminal.lines
    assert "[1/20] Presence · On which platforms do you have an account" in terminal.text
    assert "  10. I don't know" in terminal.text


def test_ask_re_asks_an_invalid_entry_and_gives_the_yaml_form() -> None:
    terminal = Terminal(
        "99",  # own_platforms: no such option
        "7, 6",  # instagram, facebook
        "abc",  # publishing: not a number
        "1,2",  # publishing: two answers to a single choice
        "4",  # daily
        "reddit instagram",  # earned_platforms: keys work too
        "hundreds",
        *[""] * (len(QUESTIONS) - 4),
    )
    answered = ask("en", terminal.read, terminal.write)
    assert not terminal.lines
    expected = answers(
        own_platforms=["instagram", "facebook"],
        publishing="daily",
        earned_platforms=["reddit", "instagram"],
        earned_volume="hundreds",
    )
    assert answered == expected
    assert terminal.text.count("Not an option: type a number from 1 to 10.") == 1
    assert "Not an option: type a number from 1 to 6." in terminal.text
    assert "Only one answer here: type a single number." in terminal.text
    assert "Several answers: numbers separated by commas." in terminal.text
    assert from_answers(answered) == from_answers(yaml.safe_load(yaml.safe_dump(expected)))


def test_ask_re_asks_a_contradiction_and_a_combined_none() -> None:
    terminal = Terminal("9, 10", "9", "4", "1", *[""] * (len(QUESTIONS) - 2))
    answered = ask("en", terminal.read, terminal.write)
    assert answered["own_platforms"] == ["none"] and answered["publishing"] == "never"
    assert "`none` cannot be combined with other answers" in terminal.text
    assert "contradicts own_platforms: none; expected never or unknown" in terminal.text


def test_ask_in_italian() -> None:
    terminal = Terminal("0", "1", *[""] * (len(QUESTIONS) - 1))
    answered = ask("it", terminal.read, terminal.write)
    assert answered["own_platforms"] == ["twitter"]
    assert "Audit di maturità: 20 domande" in terminal.text
    assert "[1/20] Presenza · Su quali piattaforme hai un account" in terminal.text
    assert "[2/20] Attività · Quanto spesso pubblichi" in terminal.text
    assert "  10. Non so" in terminal.text
    assert "Non è un'opzione: scrivi un numero da 1 a 10." in terminal.text
    assert "Più risposte: numeri separati da virgole." in terminal.text


# --- template and rubric


@pytest.mark.parametrize("language", ["en", "it"])
def test_the_template_with_its_examples_loads_and_scores(tmp_path: Path, language: str) -> None:
    text = template(language)
    for question in QUESTIONS:
        assert text.count(f"\n{question.key}: ") == 1
        assert all(f"#   {option.key} " in text for option in question.options)
        assert question.text(language) in text
    evidence = from_answers(load_answers(write(tmp_path, text)), "Aurora")
    assert evidence.accounts == ("facebook", "instagram")
    scorecard = score(evidence)
    assert scorecard.known == len(DIMENSION_KEYS)
    assert assign(evidence, scorecard).key
    assert all(r.impact > 0 and r.text(language) for r in recommend(evidence))


def test_the_template_in_italian_speaks_italian() -> None:
    text = template("it")
    assert text.startswith("# Questionario dell'audit di maturità")
    assert "# [1/20] Presenza: Su quali piattaforme hai un account" in text
    assert "(più risposte: un elenco)" in text


@pytest.mark.parametrize("language", ["en", "it"])
def test_the_rubric_lists_every_question_option_and_value(language: str) -> None:
    rubric = rubric_markdown(language)
    for question in QUESTIONS:
        assert f"#### `{question.key}`: {question.text(language)}" in rubric
        for option in question.options:
            assert f"| {option.text(language)} (`{option.key}`) |" in rubric
    assert "| Almost every day (`daily`) | `output_per_week` = 5, `output` = 21.6667 |" in rubric_markdown(
        "en"
    )
    assert "| Mai (`never`) | `output_per_week` = 0, `output` = 0 |" in rubric_markdown("it")
    assert rubric.count("\n### ") == len(DIMENSION_KEYS)


def test_the_rubric_explains_the_derivations() -> None:
    english, italian = rubric_markdown("en"), rubric_markdown("it")
    assert english.startswith("## Questionnaire scoring rubric")
    assert italian.startswith("## Criteri di punteggio del questionario")
    for rubric in (english, italian):
        assert "`share_of_voice` = r ÷ (r + entities − 1)" in rubric
        assert "`months = 1`" in rubric
    assert "### Earned voice" in english and "### Voce guadagnata" in italian
