"""`passaparola sentiment`: correct labels, retrain (shipped or per workspace), evaluate, re-apply."""

from __future__ import annotations

import time
from pathlib import Path

from passaparola import i18n
from passaparola.cli.context import open_workspace
from passaparola.cli.output import console, fail, table
from passaparola.i18n import t


def _data(folder: Path) -> Path:
    if not (folder / "xlm-t").is_dir():
        fail(t("sentiment.no_data", folder=folder))
    return folder


def _output_folder(out: Path | None) -> Path:
    """Where a newly trained default model goes: ``--out``, required, never inside an installed package."""
    if out is None:
        fail(t("sentiment.out_required"))
    resolved = out.expanduser().resolve()
    if any(part in ("site-packages", "dist-packages") for part in resolved.parts):
        fail(t("sentiment.out_installed", folder=resolved))
    return out


def label(
    item_id: str | None, value: str | None, platform: str | None, csv: Path | None, workspace_dir: Path | None
) -> None:
    from passaparola.enrich.sentiment.corrections import Correction, CorrectionError, read_csv, record

    ws = open_workspace(workspace_dir)
    if (csv is None) == (item_id is None):
        fail(t("sentiment.label_usage"))
    try:
        if csv is not None:
            corrections = read_csv(csv)
            source = str(csv)
        else:
            if value is None:
                fail(t("sentiment.label_usage"))
            corrections = [Correction(item_id, value, platform.lower() if platform else None)]  # type: ignore[arg-type]
            source = None
        with ws.open_store() as store:
            stored = record(store, corrections, source)
    except CorrectionError as error:
        fail(str(error))
    console.print(t("sentiment.labelled", count=stored))


def train(
    workspace_dir: Path | None,
    data: Path,
    out: Path | None,
    seed: int,
    apply_now: bool,
    sentipolc: bool = True,
) -> None:
    from passaparola.enrich import sentiment
    from passaparola.enrich.sentiment import corrections, training
    from passaparola.enrich.sentiment.linear import LinearSentiment, adapt

    if workspace_dir is None:
        folder = _output_folder(out)
        started = time.perf_counter()
        try:
            model = training.train_default(_data(data), seed, sentipolc)
        except training.TrainingSetupError as error:
            fail(str(error))
        trained_on = "UMSAB train (8 languages)" + (" + SENTIPOLC 2016 train pool" if sentipolc else "")
        about = {
            "trained_on": trained_on,
            "seed": seed,
            "classifier": "one NB-scaled logistic regression per label, calibrated by a temperature",
            "regularisation": training.REGULARISATION,
        }
        model.save(folder, about)
        console.print(t("sentiment.trained", folder=folder, seconds=time.perf_counter() - started))
        return
    ws = open_workspace(workspace_dir)
    base, _ = sentiment.model_folder("shipped", ws.root)
    with ws.open_store() as store:
        texts, labels, languages = corrections.latest(store)
        if not texts:
            fail(t("sentiment.no_corrections"))
        model = adapt(LinearSentiment.load(base), texts, labels, training.ADAPT_STRENGTH, languages)
        folder = out or ws.root / sentiment.WORKSPACE_FOLDER
        model.save(folder, {"adapted_from": str(base), "corrections": len(texts)})
        console.print(t("sentiment.adapted", count=len(texts), folder=folder))
        if apply_now:
            count = corrections.apply(store, LinearSentiment.load(folder, "workspace"))
            console.print(t("sentiment.applied", count=count))
        else:
            console.print(t("sentiment.apply_hint"))


def apply(workspace_dir: Path | None) -> None:
    from passaparola.enrich import sentiment
    from passaparola.enrich.sentiment import corrections

    ws = open_workspace(workspace_dir)
    try:
        model = sentiment.load(ws.settings.sentiment_model, ws.root)
    except sentiment.SentimentSetupError as error:
        fail(f"{ws.config_path}: {error}")
    with ws.open_store() as store:
        count = corrections.apply(store, model)
    console.print(t("sentiment.applied", count=count))


def tune(data: Path, seed: int) -> None:
    from passaparola.enrich.sentiment import training

    rows = []

    def show(regularisation: float, weight: float, f1: float) -> None:
        console.print(f"{regularisation:g} {weight:g}: {100 * f1:.2f}")
        rows.append((regularisation, weight, round(100 * f1, 2)))

    try:
        found = training.cross_validate(_data(data), seed=seed, progress=show)
    except training.TrainingSetupError as error:
        fail(str(error))
    best = max(found, key=lambda row: row[2])
    marked = [
        (_setting(r), _setting(w), f1, t("sentiment.tune_best") if (r, w) == best[:2] else "")
        for r, w, f1 in rows
    ]
    headers = [t("sentiment.tune_regularisation"), t("sentiment.tune_weight"), "macro-F1", ""]
    console.print(table(t("sentiment.tune_title", folds=training.FOLDS), headers, marked, {0, 1, 2}))


def evaluate(data: Path, model_dir: Path | None, curve: bool) -> None:
    from passaparola.enrich import sentiment
    from passaparola.enrich.sentiment import LABELS, training
    from passaparola.workspace import WorkspaceError

    try:
        model = sentiment.load_folder(model_dir or sentiment.SHIPPED_FOLDER)
    except (sentiment.SentimentSetupError, WorkspaceError) as error:
        fail(str(error))
    for scores in training.evaluate(model, _data(data)):
        rows = [
            (language, _score(f1), _score(scores.surest_accuracy[language]))
            for language, f1 in scores.by_language.items()
        ]
        if len(rows) > 1:
            rows.append((t("sentiment.average"), _score(scores.macro_f1), ""))
        name = f"{scores.name}, {t('sentiment.languages.' + scores.language_from)}"
        # the title on a line of its own: as a table title it would wrap at the narrow table's width
        console.print(t("sentiment.scores", name=name, size=scores.size), style="bold")
        headers = [t("sentiment.language"), "macro-F1", t("sentiment.surest", share=training.SUREST_SHARE)]
        console.print(table(None, headers, rows, {1, 2}))
        confusion = [(truth, *counts) for truth, counts in zip(LABELS, scores.confusion, strict=True)]
        console.print(table(t("sentiment.confusion"), [t("sentiment.truth"), *LABELS], confusion, {1, 2, 3}))
    if curve:
        try:
            points = training.learning_curve(data)
        except training.TrainingSetupError as error:
            fail(str(error))
        rows = [(size, _score(f1), _score(f1 - points[0][1], signed=True)) for size, f1 in points]
        headers = [t("sentiment.corrections"), "macro-F1", t("sentiment.gain")]
        console.print(table(t("sentiment.curve"), headers, rows, {0, 1, 2}))


def _setting(value: float) -> str:
    """A hyper-parameter as written in the grid, with all its decimals ("0.125", "0,125"; "2")."""
    from passaparola.report import formatting

    decimals = len(f"{value:g}".partition(".")[2])
    return formatting.number(value, i18n.language(), decimals)


def _score(f1: float, signed: bool = False) -> str:
    """A macro-F1 (0.613) in points with one decimal, in the user's language ("61.3", "61,3"; "+5.8")."""
    from passaparola.report import formatting

    shown = formatting.number(100 * f1, i18n.language(), 1)
    return f"+{shown}" if signed and f1 > 0 else shown
