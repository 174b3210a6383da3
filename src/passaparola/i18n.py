"""Text the user reads, in English and Italian.

The language is, in order: ``--lang`` on the command line, ``$PASSAPAROLA_LANG``, the workspace's
``workspace.language``, then the locale (``LANG`` starting with ``it``), then English.
"""

from __future__ import annotations

import os

LANGUAGES = ("en", "it")

MESSAGES: dict[str, tuple[str, str]] = {
    "error": ("Error", "Errore"),
    "workspace.created": ("Created workspace {path}", "Creato il workspace {path}"),
    "workspace.next": (
        "Next: edit {config}, then `passaparola import FILES`",
        "Poi: modifica {config} e lancia `passaparola import FILE`",
    ),
    "import.progress": ("Importing", "Importazione"),
    "import.rate": ("{rate:,.0f} items/s", "{rate:,.0f} elementi/s"),
    "import.title": ("Import summary", "Riepilogo dell'importazione"),
    "import.source": ("Source", "Origine"),
    "import.format": ("Format", "Formato"),
    "import.new": ("New", "Nuovi"),
    "import.updated": ("Updated", "Aggiornati"),
    "import.unchanged": ("Unchanged", "Invariati"),
    "import.quarantined": ("Quarantined", "In quarantena"),
    "import.skipped": ("Skipped", "Saltati"),
    "import.total": ("Total", "Totale"),
    "import.done": (
        "{records:,} records in {seconds:.1f} s ({rate:,.0f} items/s).",
        "{records:,} record in {seconds:.1f} s ({rate:,.0f} elementi/s).",
    ),
    "import.reasons": ("Quarantined, by reason", "In quarantena, per motivo"),
    "import.skipped_reasons": ("Skipped, by reason", "Saltati, per motivo"),
    "import.unrecognised": (
        "{count} files not recognised (not imported), e.g. {examples}. Use --format to force one.",
        "{count} file non riconosciuti (non importati), ad es. {examples}. Usa --format per forzarne uno.",
    ),
    "import.errors": ("Inputs that could not be read", "Input illeggibili"),
    "import.interrupted": (
        "Interrupted: whole batches are saved; run the same import again to finish it.",
        "Interrotto: i lotti completi sono salvati; rilancia la stessa importazione per completarla.",
    ),
    "status.title": ("Workspace {name}", "Workspace {name}"),
    "status.items": ("Items", "Elementi"),
    "status.platform": ("Platform", "Piattaforma"),
    "status.kind": ("Kind", "Tipo"),
    "status.month": ("Month ({tz})", "Mese ({tz})"),
    "status.count": ("Count", "Numero"),
    "status.authors": (
        "{authors:,} authors, {snapshots:,} snapshots",
        "{authors:,} autori, {snapshots:,} istantanee",
    ),
    "status.top_authors": ("Most active authors", "Autori più attivi"),
    "status.author": ("Author", "Autore"),
    "status.followers": ("Followers (latest)", "Follower (ultimi)"),
    "status.quarantine": ("Quarantine: {count:,} records", "Quarantena: {count:,} record"),
    "status.reason": ("Reason", "Motivo"),
    "status.imports": ("Recent imports", "Importazioni recenti"),
    "status.started": ("Started", "Avviata"),
    "status.done": ("done", "completata"),
    "status.interrupted": ("interrupted", "interrotta"),
    "status.state": ("Status", "Stato"),
    "status.empty": (
        "The store is empty: import something with `passaparola import PATH`.",
        "L'archivio è vuoto: importa dati con `passaparola import PERCORSO`.",
    ),
    "export.done": ("Wrote {path} ({rows:,} rows)", "Scritto {path} ({rows:,} righe)"),
    "reparse.done": (
        "Re-parsed {items:,} items ({changed:,} changed, {failed:,} failed); "
        "{recovered:,} quarantined records recovered.",
        "Rielaborati {items:,} elementi ({changed:,} cambiati, {failed:,} falliti); "
        "{recovered:,} record recuperati dalla quarantena.",
    ),
    "demo.generating": (
        "Generating the demo dataset ({items:,} items)",
        "Generazione dei dati demo ({items:,} elementi)",
    ),
    "demo.wrote": (
        "Wrote {files} files in the platforms' own formats to {path}",
        "Scritti {files} file nei formati delle piattaforme in {path}",
    ),
    "metrics.heading": ("Metrics", "Metriche"),
    "metrics.name": ("Name", "Nome"),
    "metrics.title": ("Title", "Titolo"),
    "metrics.unit": ("Unit", "Unità"),
    "metrics.better": ("Better", "Meglio"),
    "metrics.by": ("Split by", "Suddivisibile per"),
    "inbox.title": (
        "{count:,} items wait for an answer from {brand}",
        "{count:,} elementi attendono una risposta da {brand}",
    ),
    "inbox.when": ("When", "Quando"),
    "inbox.text": ("Text", "Testo"),
    "threads.title": ("Conversations", "Conversazioni"),
    "threads.root": ("Root", "Radice"),
    "threads.started": ("Started", "Inizio"),
    "threads.size": ("Size", "Dimensione"),
    "threads.depth": ("Depth", "Profondità"),
    "threads.participants": ("People", "Persone"),
    "threads.brand": ("Brand", "Brand"),
    "threads.two_way": ("Two-way", "Bidirezionale"),
    "threads.multi_party": ("Multi-party", "Multi-parte"),
    "threads.orphan": ("Orphan", "Orfana"),
    "formats.title": ("Formats passaparola imports", "Formati importabili"),
    "formats.name": ("Name", "Nome"),
    "formats.description": ("Description", "Descrizione"),
    "transformer.no_folder": (
        "sentiment model folder not found",
        "cartella del modello di sentiment non trovata",
    ),
    "transformer.missing": (
        "{file} missing (export the model with optimum-cli, see docs/sentiment-transformer.md)",
        "manca {file} (esporta il modello con optimum-cli, vedi docs/sentiment-transformer.md)",
    ),
    "transformer.broken": ("{file} cannot be read: {error}", "{file} non leggibile: {error}"),
    "transformer.not_object": ("{file} is not a JSON object", "{file} non è un oggetto JSON"),
    "transformer.no_labels": (
        "config.json has no id2label (the model's label names)",
        "config.json non ha id2label (i nomi delle etichette del modello)",
    ),
    "transformer.labels": (
        "config.json id2label ({labels}) does not map to negative, neutral, positive",
        "config.json id2label ({labels}) non corrisponde a negative, neutral, positive",
    ),
    "transformer.inputs": (
        "model.onnx takes inputs other than integer input_ids, attention_mask, token_type_ids: {inputs}",
        "model.onnx vuole input diversi da input_ids, attention_mask, token_type_ids interi: {inputs}",
    ),
    "transformer.output": (
        "model.onnx gives logits of shape {shape}, not [texts, {labels}]",
        "model.onnx restituisce logit di forma {shape}, non [testi, {labels}]",
    ),
}

_language = "en"
_explicit: str | None = None


def set_language(language: str | None) -> str:
    """Choose the language for this process (``--lang``); returns the one chosen."""
    global _language, _explicit
    _explicit = language
    _language = resolve(language)
    return _language


def use_workspace(workspace_language: str | None) -> str:
    """Let the workspace's language apply unless ``--lang`` or ``$PASSAPAROLA_LANG`` chose one."""
    global _language
    _language = resolve(_explicit, workspace_language)
    return _language


def resolve(explicit: str | None = None, workspace_language: str | None = None) -> str:
    for candidate in (explicit, os.environ.get("PASSAPAROLA_LANG"), workspace_language):
        if candidate:
            code = candidate.lower()[:2]
            if code in LANGUAGES:
                return code
    return "it" if os.environ.get("LANG", "").lower().startswith("it") else "en"


def language() -> str:
    return _language


def t(key: str, **values: object) -> str:
    """The message ``key`` in the current language, formatted with ``values``."""
    english, italian = MESSAGES[key]
    text = italian if _language == "it" else english
    return text.format(**values) if values else text
