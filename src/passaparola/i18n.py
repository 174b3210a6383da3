"""Text the user reads, in English and Italian.

The language is, in order: ``--lang`` on the command line, ``$PASSAPAROLA_LANG``, the workspace's
``workspace.language``, then the locale (``LANG`` starting with ``it``), then English.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Iterator
from contextlib import contextmanager
from numbers import Number

LANGUAGES = ("en", "it")

MESSAGES: dict[str, tuple[str, str]] = {
    "error": ("Error", "Errore"),
    "workspace.created": ("Created workspace {path}", "Creato il workspace {path}"),
    "workspace.next": (
        "Next: edit {config}, then `passaparola import FILES`",
        "Poi: modifica {config} e lancia `passaparola import FILE`",
    ),
    "workspace.no_mapping": (
        "{config}: no [mappings.{name}] (defined: {known})",
        "{config}: nessun [mappings.{name}] (definiti: {known})",
    ),
    "workspace.exists": (
        "{config}: a workspace already exists here",
        "{config}: qui esiste già un workspace",
    ),
    "workspace.not_one": (
        "{folder}: not a workspace (no {config}; create one with `passaparola init`)",
        "{folder}: non è un workspace (manca {config}; creane uno con `passaparola init`)",
    ),
    "workspace.none": (
        "no workspace in {folder} or its parents: run `passaparola init DIR` or pass --workspace DIR",
        "nessun workspace in {folder} o nelle cartelle superiori: lancia `passaparola init CARTELLA` o indica --workspace CARTELLA",
    ),
    "workspace.unreadable": (
        "{path}: cannot read ({reason})",
        "{path}: impossibile leggerlo ({reason})",
    ),
    "workspace.not_utf8": (
        "{path}: not UTF-8 text (byte {byte})",
        "{path}: non è testo UTF-8 (byte {byte})",
    ),
    "workspace.toml": (
        "{path}: {reason}",
        "{path}: TOML non valido: {reason}",
    ),
    "workspace.unknown_section": (
        "{path}: unknown section [{section}] (known: {known})",
        "{path}: sezione sconosciuta [{section}] (note: {known})",
    ),
    "workspace.not_table": (
        "{path}: [workspace] must be a table",
        "{path}: [workspace] deve essere una tabella",
    ),
    "workspace.bad_zone": (
        "{path}: workspace.timezone = {zone!r} is not an IANA time zone (e.g. 'Europe/Rome')",
        "{path}: workspace.timezone = {zone!r} non è un fuso orario IANA (per esempio 'Europe/Rome')",
    ),
    "workspace.bad_language": (
        "{path}: workspace.language = {language!r}; expected one of {known}",
        "{path}: workspace.language = {language!r}; atteso uno tra {known}",
    ),
    "workspace.mappings_tables": (
        "{path}: [mappings] must hold tables like [mappings.NAME]",
        "{path}: [mappings] deve contenere tabelle come [mappings.NOME]",
    ),
    "workspace.mapping_table": (
        '{path}: mappings.{name} must be a table of column = "source column"',
        '{path}: mappings.{name} deve essere una tabella di colonna = "colonna di origine"',
    ),
    "workspace.mapping_column": (
        "{path}: mappings.{name}.{column}: not a canonical column (expected one of {known})",
        "{path}: mappings.{name}.{column}: non è una colonna canonica (attesa una tra {known})",
    ),
    "workspace.mapping_source": (
        "{path}: mappings.{name}.{column} must be a column name (a string)",
        "{path}: mappings.{name}.{column} deve essere il nome di una colonna (una stringa)",
    ),
    "store.none": (
        "{path}: no store here (run `passaparola init` first)",
        "{path}: qui non c'è un archivio (lancia prima `passaparola init`)",
    ),
    "store.busy": (
        "{path}: the store is in use by another passaparola process",
        "{path}: l'archivio è in uso da un altro processo passaparola",
    ),
    "store.cannot_open": (
        "{path}: cannot open the store ({reason})",
        "{path}: impossibile aprire l'archivio ({reason})",
    ),
    "store.not_one": (
        "{path}: not a passaparola store ({reason})",
        "{path}: non è un archivio passaparola ({reason})",
    ),
    "store.newer": (
        "{path}: store schema {version} is newer than this passaparola ({known})",
        "{path}: lo schema dell'archivio {version} è più recente di questo passaparola ({known})",
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
    "spark.missing": (
        "PySpark is not installed: pip install 'passaparola[spark]' (Spark also needs Java 17 or 21)",
        "PySpark non è installato: pip install 'passaparola[spark]' (Spark richiede anche Java 17 o 21)",
    ),
    "spark.start": ("Spark did not start{where}: {reason}", "Spark non si è avviato{where}: {reason}"),
    "spark.read": (
        "{path}: cannot be read as Parquet: {reason}",
        "{path}: non si legge come Parquet: {reason}",
    ),
    "spark.failed": ("Spark failed: {reason}", "Spark non è riuscito: {reason}"),
    "spark.master_alone": (
        "--spark-master needs --spark FOLDER: the metrics are computed on the store otherwise",
        "--spark-master richiede --spark CARTELLA: altrimenti le metriche si calcolano sull'archivio",
    ),
    "spark.columns": (
        "{path}: missing column(s) {missing}; expected the store's columns, as `passaparola export --format "
        "parquet` writes them",
        "{path}: mancano le colonne {missing}; servono quelle dell'archivio, come le scrive `passaparola "
        "export --format parquet`",
    ),
    "reparse.done": (
        "Re-parsed {items:,} items ({changed:,} changed, {failed:,} failed); "
        "{recovered:,} quarantined records recovered.",
        "Rielaborati {items:,} elementi ({changed:,} cambiati, {failed:,} falliti); "
        "{recovered:,} record recuperati dalla quarantena.",
    ),
    "language.unknown": (
        "--lang {value!r}: expected one of {known}",
        "--lang {value!r}: atteso uno tra {known}",
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
    "metrics.unit.items": ("items", "elementi"),
    "metrics.unit.share": ("share", "quota"),
    "metrics.unit.seconds": ("duration", "durata"),
    "metrics.unit.ratio": ("ratio", "rapporto"),
    "metrics.better": ("Better", "Meglio"),
    "metrics.better.higher": ("higher", "più alto"),
    "metrics.better.lower": ("lower", "più basso"),
    "metrics.better.neither": ("neither", "nessuno dei due"),
    "metrics.by": ("Split by", "Suddivisibile per"),
    "inbox.title": (
        "{count:,} items wait for an answer from {brand}",
        "{count:,} elementi attendono una risposta da {brand}",
    ),
    "inbox.threads_title": (
        "{count:,} threads wait for an answer from {brand}, most negative first (mean score of their waiting items)",
        "{count:,} conversazioni attendono una risposta da {brand}, le più negative prima (punteggio medio "
        "dei loro elementi in attesa)",
    ),
    "metrics.unknown": (
        "unknown metric {name!r}; known metrics: {known}",
        "metrica sconosciuta {name!r}; metriche note: {known}",
    ),
    "metrics.bad_split": (
        "{metric} cannot be split by {dimension!r}; it can be split by {known}",
        "{metric} non si può suddividere per {dimension!r}; si può suddividere per {known}",
    ),
    "metrics.one_period": (
        "split by one period at most (day, week, month, quarter or year)",
        "suddividi per un solo periodo al massimo (day, week, month, quarter o year)",
    ),
    "care.no_brand": (
        "customer care needs a [brand] (and competitors) in passaparola.toml",
        "l'assistenza clienti richiede un [brand] (e i concorrenti) in passaparola.toml",
    ),
    "top.no_entity": (
        "{config}: `top` needs a [brand] (or competitors) with accounts",
        "{config}: `top` richiede un [brand] (o dei concorrenti) con i loro account",
    ),
    "web.metrics": ("Metrics", "Metriche"),
    "web.inbox": ("Waiting for an answer", "In attesa di risposta"),
    "web.inbox_threads": (
        "The waiting threads, most negative first",
        "Le conversazioni in attesa, le più negative prima",
    ),
    "web.inbox_items": ("The waiting items, questions first", "Gli elementi in attesa, prima le domande"),
    "web.report": ("Report", "Report"),
    "web.from": ("From", "Dal"),
    "web.to": ("to (excluded)", "al (escluso)"),
    "web.apply": ("Apply", "Applica"),
    "web.split_by": ("Split by", "Suddividi per"),
    "web.no_split": ("nothing", "niente"),
    "web.download": ("The same rows for programs", "Le stesse righe per i programmi"),
    "web.error": ("Error {status}", "Errore {status}"),
    "web.bad_parameter": ("parameter {where}: {what}", "parametro {where}: {what}"),
    "web.languages": ("expected one of {known}", "atteso uno tra {known}"),
    "web.not_found": ("no such page: {path!r}", "nessuna pagina a questo indirizzo: {path!r}"),
    "web.method": (
        "{path!r} does not take {method}: the dashboard only reads (GET)",
        "{path!r} non accetta {method}: la dashboard legge soltanto (GET)",
    ),
    "web.internal": (
        "passaparola failed on this request ({kind}: {reason}); the server's log has the details",
        "passaparola non è riuscito a rispondere ({kind}: {reason}); il log del server ha i dettagli",
    ),
    "web.store_busy": (
        "the store cannot be read now ({reason}); try again when the import ends",
        "l'archivio non si può leggere ora ({reason}); riprova quando l'importazione finisce",
    ),
    "web.extra": (
        "`passaparola serve` needs the [web] extra: pip install 'passaparola[web]' (missing: {module})",
        "`passaparola serve` richiede l'extra [web]: pip install 'passaparola[web]' (manca: {module})",
    ),
    "web.cannot_listen": (
        "cannot listen on {host}:{port}: {reason}",
        "impossibile ascoltare su {host}:{port}: {reason}",
    ),
    "web.serving": (
        "Serving {name} on http://{host}:{port}/ (the API: /api/metrics); Ctrl+C stops it",
        "{name} è servito su http://{host}:{port}/ (l'API: /api/metrics); Ctrl+C lo ferma",
    ),
    "inbox.no_brand": (
        "{config}: the inbox needs a [brand] with its accounts",
        "{config}: la inbox richiede un [brand] con i suoi account",
    ),
    "inbox.waiting_since": ("Waiting since", "In attesa da"),
    "inbox.waiting": ("Waiting", "In attesa"),
    "inbox.negativity": ("Mean score", "Punteggio medio"),
    "inbox.worst_text": ("Most negative waiting item", "Elemento in attesa più negativo"),
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
    "graph.top": (
        "Interaction graph: {authors:,} authors, {edges:,} edges; top by {by}",
        "Grafo delle interazioni: {authors:,} autori, {edges:,} archi; i primi per {by}",
    ),
    "graph.role": ("Role", "Ruolo"),
    "graph.followers": ("Followers", "Follower"),
    "graph.indegree": ("Reached by", "Raggiunto da"),
    "graph.interactions_in": ("Interactions in", "Interazioni ricevute"),
    "graph.coreness": ("Coreness", "Coreness"),
    "graph.core": (
        "Core community (innermost k-core, k = {k}): {count:,} authors",
        "Comunità centrale (k-core più interno, k = {k}): {count:,} autori",
    ),
    "graph.written": (
        "Wrote {authors:,} authors and {edges:,} edges to {path} ({format})",
        "Scritti {authors:,} autori e {edges:,} archi in {path} ({format})",
    ),
    "amplifiers.title": ("Who amplifies {entity}", "Chi amplifica {entity}"),
    "amplifiers.shares": ("Shares and quotes", "Condivisioni e citazioni"),
    "amplifiers.quotes": ("of which quotes", "di cui citazioni"),
    "amplifiers.second_shares": ("Their shares shared", "Loro condivisioni ricondivise"),
    "amplifiers.second_replies": ("Replies to their shares", "Risposte alle loro condivisioni"),
    "amplifiers.none": ("No shares of this entity's content by others.", "Nessuna condivisione altrui."),
    "amplifiers.items_amplified": ("Items amplified", "Elementi amplificati"),
    "amplifiers.below": ("Items below their shares", "Elementi sotto le loro condivisioni"),
    "amplifiers.deepest": ("Levels below", "Livelli sotto"),
    "amplifiers.reach_below": ("Potential reach below", "Copertura potenziale sotto"),
    "amplifiers.reach_unknown": ("Below, followers unknown", "Sotto, follower ignoti"),
    "amplifiers.no_entity": (
        "{config}: name an --entity, or declare a [brand] with its accounts",
        "{config}: indica un'entità con --entity, oppure dichiara un [brand] con i suoi account",
    ),
    "entity.unknown": (
        "--entity {name!r}: no brand or competitor of that name in {config}; known: {known}",
        "--entity {name!r}: nessun brand o concorrente con questo nome in {config}; noti: {known}",
    ),
    "window.bad_date": (
        "{option} {value!r}: expected a date like 2026-01-31",
        "{option} {value!r}: attesa una data come 2026-01-31",
    ),
    "window.empty": (
        "{first} {start} is not before {last} {end}",
        "{first} {start} non precede {last} {end}",
    ),
    "graph.unknown_platform": (
        "--platform {platform!r}: the store holds {known}",
        "--platform {platform!r}: l'archivio contiene {known}",
    ),
    "graph.no_items": ("no items", "nessun elemento"),
    "report.cannot_write": (
        "{path}: cannot write the report ({reason})",
        "{path}: impossibile scrivere il report ({reason})",
    ),
    "graph.cannot_write": ("cannot write {path}: {reason}", "impossibile scrivere {path}: {reason}"),
    "spread.links": (
        "Links seen on several platforms: {count:,}",
        "Link visti su più piattaforme: {count:,}",
    ),
    "spread.texts": (
        "Near-identical posts on several platforms (at least {tokens} words): {count:,}",
        "Post quasi identici su più piattaforme (almeno {tokens} parole): {count:,}",
    ),
    "spread.link": ("Link", "Link"),
    "spread.text": ("Text", "Testo"),
    "spread.first": ("First on", "Prima su"),
    "spread.when": ("When", "Quando"),
    "spread.then": ("Then (delay)", "Poi (ritardo)"),
    "spread.items": ("Items", "Elementi"),
    "spread.entity": ("Entity", "Entità"),
    "spread.days": ("d", "g"),
    "report.title": ("Report: {name}", "Report: {name}"),
    "report.window": (
        "From {first} to {last} (days in {zone}, both included)",
        "Dal {first} al {last} (giorni in {zone}, inclusi)",
    ),
    "report.generated": ("Generated on {at} ({zone})", "Generato il {at} ({zone})"),
    "report.footer": (
        "Made with passaparola. Every metric is defined in docs/metrics.md; n/a means unknown (not zero).",
        "Creato con passaparola. Ogni metrica è definita in docs/metrics.md; n.d. significa sconosciuto (non zero).",
    ),
    "report.unknown": ("n/a", "n.d."),
    "report.formula": ("Formula: {formula}", "Formula: {formula}"),
    "report.unusable": (
        "Not used because the platform did not give the value (unknown, not zero), or used as lower bounds: "
        "{counts}",
        "Non usati perché la piattaforma non ha dato il valore (sconosciuto, non zero), o usati come valori "
        "minimi: {counts}",
    ),
    "report.yes": ("yes", "sì"),
    "report.no": ("no", "no"),
    "report.and": ("{first} and {second}", "{first} e {second}"),
    "report.day.0": ("Mon", "lun"),
    "report.day.1": ("Tue", "mar"),
    "report.day.2": ("Wed", "mer"),
    "report.day.3": ("Thu", "gio"),
    "report.day.4": ("Fri", "ven"),
    "report.day.5": ("Sat", "sab"),
    "report.day.6": ("Sun", "dom"),
    "split.voice.own": ("own posts", "propri"),
    "split.voice.others": ("by others (mentions)", "di altri (menzioni)"),
    "split.kind.post": ("post", "post"),
    "split.kind.reply": ("reply", "risposta"),
    "split.kind.share": ("share", "condivisione"),
    "split.kind.quote": ("quote", "citazione"),
    "split.kind.message": ("direct message", "messaggio diretto"),
    "split.kind.review": ("review", "recensione"),
    "split.via.reply": ("reply", "risposta"),
    "split.via.share": ("share", "condivisione"),
    "split.via.quote": ("quote", "citazione"),
    "split.via.mention": ("mention", "menzione"),
    "split.via.link": ("link", "link"),
    "split.via.text": ("near-identical text", "testo quasi identico"),
    "report.family.volume": ("Volume", "Volume"),
    "report.family.media": ("Owned, paid and earned media", "Media di proprietà, a pagamento e guadagnati"),
    "report.family.interactions": ("Interactions", "Interazioni"),
    "report.family.threads": ("Threads", "Conversazioni"),
    "report.family.care": ("Customer care", "Assistenza clienti"),
    "report.family.amplifiers": ("Amplifiers", "Amplificatori"),
    "report.family.spread": ("Spread across platforms", "Diffusione tra piattaforme"),
    "report.family.engagement": ("Engagement", "Coinvolgimento"),
    "report.family.ugc": ("User-generated content", "Contenuti generati dagli utenti"),
    "report.family.voice": ("Share of voice", "Quota di voce"),
    "report.family.audience": ("Audience", "Pubblico"),
    "report.family.activity": ("Posting activity", "Attività di pubblicazione"),
    "report.family.cascades": ("Cascades", "Cascate"),
    "report.family.sentiment": ("Sentiment", "Sentiment"),
    "report.rows_shown": ("The first {shown} of {rows} rows", "Le prime {shown} di {rows} righe"),
    "report.section_failed": (
        "This section cannot be computed for this workspace: {reason}",
        "Questa sezione non si può calcolare per questo workspace: {reason}",
    ),
    "report.chart.over_time": ("{what}, by {period}", "{what}, per {period}"),
    "report.chart.drawn": ("{what}: {value}", "{what}: {value}"),
    "report.chart.heatmap": (
        "When {brand} posts: {what} of its posts by day and hour of the week ({zone}); blank cells had no "
        "post with a value",
        "Quando pubblica {brand}: {what} dei suoi post per giorno e ora della settimana ({zone}); le celle "
        "vuote non hanno post con un valore",
    ),
    "report.top_caption": (
        "{entity}: the top {shown} of each media class, by rank",
        "{entity}: i primi {shown} di ogni classe di media, per posizione",
    ),
    "report.share_and_change": ("{share} ({change})", "{share} ({change})"),
    "report.voice_table": (
        "Share of voice by mentions per {period}, with the change from the one before",
        "Quota di voce per menzioni per {period}, con la variazione rispetto al precedente",
    ),
    "report.chart.by_role": ("Items by author role", "Elementi per ruolo dell'autore"),
    "report.chart.media_mix": (
        "Owned, paid and earned share of each entity's media",
        "Quote di media di proprietà, a pagamento e guadagnati di ogni entità",
    ),
    "report.chart.matrix": (
        "Interactions from each role (rows) to each role (columns)",
        "Interazioni da ogni ruolo (righe) a ogni ruolo (colonne)",
    ),
    "report.matrix.from": ("From", "Da"),
    "report.matrix.to": ("To", "A"),
    "report.period.day": ("day", "giorno"),
    "report.period.week": ("week", "settimana"),
    "report.period.month": ("month", "mese"),
    "report.period.quarter": ("quarter", "trimestre"),
    "report.period.year": ("year", "anno"),
    "split.role.brand": ("brand", "brand"),
    "split.role.competitor": ("competitor", "concorrente"),
    "split.role.influencer": ("influencer", "influencer"),
    "split.role.consumer": ("consumer", "consumatore"),
    "split.role.public": ("public (followers unknown)", "pubblico (follower sconosciuti)"),
    "split.media.owned": ("owned", "di proprietà"),
    "split.media.paid": ("paid", "a pagamento"),
    "split.media.earned": ("earned", "guadagnati"),
    "report.finding.no_items": (
        "There are no items in this period.",
        "Non ci sono elementi in questo periodo.",
    ),
    "report.finding.volume": (
        "{items} items from {first} to {last} ({zone}); platforms: {platforms}.",
        "{items} elementi dal {first} al {last} ({zone}); piattaforme: {platforms}.",
    ),
    "report.finding.public_voice": (
        "The public (consumers, influencers and authors of unknown reach) wrote {public} of the items; the "
        "brand's accounts {brand}.",
        "Il pubblico (consumatori, influencer e autori di seguito sconosciuto) ha scritto il {public} degli "
        "elementi; gli account del brand il {brand}.",
    ),
    "report.finding.media_mix": (
        "Of the media about {entity}, {earned} is earned, {owned} owned and {paid} paid (share of items).",
        "Dei media su {entity}, il {earned} è guadagnato, il {owned} di proprietà e il {paid} a pagamento "
        "(quota di elementi).",
    ),
    "report.finding.earned_rival": (
        "Earned share of media: {rival} reaches {rival_share}, {brand} {brand_share}.",
        "Quota di media guadagnati: {rival} arriva al {rival_share}, {brand} al {brand_share}.",
    ),
    "report.finding.direction": (
        "Consumers addressed the brand {inbound} times (replies, mentions, shares) and the brand addressed "
        "consumers {outbound} times: {per_hundred} for every 100 received.",
        "I consumatori si sono rivolti al brand {inbound} volte (risposte, menzioni, condivisioni) e il brand "
        "ai consumatori {outbound} volte: {per_hundred} ogni 100 ricevute.",
    ),
    "report.finding.peer_talk": (
        "Consumers talking to consumers make up {share} of all interactions ({count}).",
        "Le interazioni tra consumatori sono il {share} del totale ({count}).",
    ),
    "report.finding.reciprocity": (
        "Reciprocity with the brand: replies went both ways with {share} of the people linked to it by replies "
        "({reciprocal} of {pairs}).",
        "Reciprocità con il brand: le risposte sono andate in entrambe le direzioni con il {share} delle "
        "persone legate al brand da risposte ({reciprocal} su {pairs}).",
    ),
    "report.finding.two_way": (
        "{share} of the threads the brand joined are two-way (two-way rate: {two_way} of {threads}).",
        "Il {share} delle conversazioni a cui il brand ha partecipato è bidirezionale (tasso bidirezionale: "
        "{two_way} su {threads}).",
    ),
    "report.finding.two_way_rival": (
        "{share} of the threads the brand joined are two-way (two-way rate: {two_way} of {threads}); the "
        "best competitor, {rival}, reaches {rival_share}.",
        "Il {share} delle conversazioni a cui il brand ha partecipato è bidirezionale (tasso bidirezionale: "
        "{two_way} su {threads}); il miglior concorrente, {rival}, arriva al {rival_share}.",
    ),
    "report.finding.response_rate": (
        "{brand} answers {share} of inbound items within {days} days (response rate within the horizon).",
        "{brand} risponde al {share} degli elementi in entrata entro {days} giorni (tasso di risposta entro "
        "l'orizzonte).",
    ),
    "report.finding.response_rate_rival": (
        "{brand} answers {share} of inbound items within {days} days (response rate within the horizon); "
        "{rival} answers {rival_share}.",
        "{brand} risponde al {share} degli elementi in entrata entro {days} giorni (tasso di risposta entro "
        "l'orizzonte); {rival} al {rival_share}.",
    ),
    "report.finding.first_response": (
        "Median first-response time of {brand}: {hours} elapsed ({business} in business hours); "
        "competitors (elapsed): {others}.",
        "Tempo mediano di prima risposta di {brand}: {hours} trascorse ({business} in ore lavorative); "
        "concorrenti (ore trascorse): {others}.",
    ),
    "report.finding.first_response_alone": (
        "Median first-response time of {brand}: {hours} elapsed ({business} in business hours).",
        "Tempo mediano di prima risposta di {brand}: {hours} trascorse ({business} in ore lavorative).",
    ),
    "report.finding.headline": ("{metric}: {value_name} {value}.", "{metric}: {value_name} {value}."),
    "report.finding.headline_entity": (
        "{metric}: {value_name} of {brand} {value}.",
        "{metric}: {value_name} di {brand} {value}.",
    ),
    "report.finding.headline_rival": (
        "{metric}: {value_name} of {brand} {value}; the highest among competitors is {rival} with "
        "{rival_value}.",
        "{metric}: {value_name} di {brand} {value}; il valore più alto tra i concorrenti è di {rival} con "
        "{rival_value}.",
    ),
    "report.chart.voice": (
        "Share of voice by mentions (items by others about each entity), by {period}",
        "Quota di voce per menzioni (elementi di altri su ogni entità), per {period}",
    ),
    "report.finding.account_rate": (
        "Account engagement rate by followers (interactions ÷ posts × mean followers): {brand} {rate}{rival}. "
        "{brand} used {used} of {posts} posts ({without_counters} without counters, {without_followers} "
        "without followers, not used; {partial} missing a counter, used as lower bounds).",
        "Tasso di engagement dell'account sui follower (interazioni ÷ post × follower medi): {brand} "
        "{rate}{rival}. {brand}: usati {used} post su {posts} ({without_counters} senza contatori, "
        "{without_followers} senza follower, non usati; {partial} con un contatore mancante, usati come valori "
        "minimi).",
    ),
    "report.finding.account_rate_rival": (
        "; the best competitor, {rival}, {rival_value}",
        "; il miglior concorrente, {rival}, {rival_value}",
    ),
    "report.finding.kaushik": (
        "Per post, {brand} gets {conversation} replies (conversation rate), {amplification} shares "
        "(amplification rate, over the {shared} of its {posts} posts whose platform counts shares) and "
        "{applause} likes (applause rate){rival}.",
        "Per post, {brand} riceve {conversation} risposte (tasso di conversazione), {amplification} "
        "condivisioni (tasso di amplificazione, sui {shared} dei suoi {posts} post la cui piattaforma conta "
        "le condivisioni) e {applause} mi piace (tasso di applauso){rival}.",
    ),
    "report.finding.kaushik_rival": (
        "; {rival}'s conversation rate is {rival_value} replies per post",
        "; il tasso di conversazione di {rival} è di {rival_value} risposte per post",
    ),
    "report.variant.median_rate_by_followers": (
        "the median engagement rate by followers",
        "il tasso di engagement mediano sui follower",
    ),
    "report.variant.median_interactions": ("the median interactions", "le interazioni mediane"),
    "report.finding.slot": ("{hour} ({value}, {posts} posts)", "{hour} ({value}, {posts} post)"),
    "report.finding.best_hours": (
        "When to post: by {variant} of the posts of {brand} in each hour of the week with at least {least} "
        "posts ({zone}), the best hours are {best}; the weakest is {worst}.",
        "Quando pubblicare: secondo {variant} dei post di {brand} in ogni ora della settimana con almeno {least} "
        "post ({zone}), le ore migliori sono {best}; la più debole è {worst}.",
    ),
    "report.finding.ugc_lift": (
        "UGC lift (median engagement rate by followers, UGC ÷ own organic posts): what the public publishes "
        "about {brand} gets {lift}× the rate of its own posts ({ugc_rate} against {owned_rate}; 95% bootstrap "
        "interval {low}–{high}×; {ugc} UGC items and {owned} own posts rated).",
        "Lift UGC (tasso di engagement mediano sui follower, UGC ÷ post propri organici): ciò che il pubblico "
        "pubblica su {brand} ottiene {lift} volte il tasso dei suoi post ({ugc_rate} contro {owned_rate}; "
        "intervallo bootstrap al 95% {low}–{high}×; {ugc} contenuti UGC e {owned} post propri valutati).",
    ),
    "report.finding.industry_inside": (
        "The industry's figure of about {industry}× (Mavrck 2017: 6.9×) lies inside the interval.",
        "Il valore del settore, circa {industry}× (Mavrck 2017: 6,9×), è dentro l'intervallo.",
    ),
    "report.finding.industry_below": (
        "The industry's figure of about {industry}× (Mavrck 2017: 6.9×) lies below the interval: here UGC "
        "does better than that.",
        "Il valore del settore, circa {industry}× (Mavrck 2017: 6,9×), è sotto l'intervallo: qui i contenuti "
        "degli utenti rendono di più.",
    ),
    "report.finding.industry_above": (
        "The industry's figure of about {industry}× (Mavrck 2017: 6.9×) lies above the interval: here UGC "
        "does worse than that.",
        "Il valore del settore, circa {industry}× (Mavrck 2017: 6,9×), è sopra l'intervallo: qui i contenuti "
        "degli utenti rendono di meno.",
    ),
    "report.finding.industry_unknown": (
        "With an open interval, it cannot be compared with the industry's about {industry}× (Mavrck 2017: "
        "6.9×).",
        "Con un intervallo aperto, non si può confrontare con il valore del settore, circa {industry}× "
        "(Mavrck 2017: 6,9×).",
    ),
    "report.finding.ugc_share": (
        "User-generated content is {share} of the media about {brand} ({ugc} of {items} items: UGC share); "
        "the highest among competitors: {rival} {rival_share}.",
        "I contenuti generati dagli utenti sono il {share} dei media su {brand} ({ugc} su {items} elementi: "
        "quota UGC); il valore più alto tra i concorrenti: {rival} {rival_share}.",
    ),
    "report.finding.ugc_lift_rivals": (
        "Competitors' UGC lift (median engagement rate by followers): {others}.",
        "Lift UGC dei concorrenti (tasso di engagement mediano sui follower): {others}.",
    ),
    "report.finding.voice_items": (
        "Share of voice by mentions (items by others): {brand} {share}, {rival} {rival_share}.",
        "Quota di voce per menzioni (elementi di altri): {brand} {share}, {rival} {rival_share}.",
    ),
    "report.finding.voice_change_value": ("{entity} {share} ({change})", "{entity} {share} ({change})"),
    "report.finding.voice_latest": (
        "Share of voice by mentions in the last whole {period} (from {start}), with the change from the "
        "{period} before: {brand}; {others}.",
        "Quota di voce per menzioni nell'ultimo periodo intero ({period} dal {start}), con la variazione "
        "rispetto al precedente: {brand}; {others}.",
    ),
    "report.finding.growth": (
        "Audience growth: the accounts of {brand} gained {net} followers net, {growth} of the {baseline} "
        "they had at the start ({measured} of its {accounts} accounts observed at least twice); {rivals}.",
        "Crescita del pubblico: gli account di {brand} hanno guadagnato {net} follower netti, il {growth} dei "
        "{baseline} che avevano all'inizio ({measured} dei suoi {accounts} account osservati almeno due "
        "volte); {rivals}.",
    ),
    "report.finding.growth_rival": (
        "the fastest-growing competitor, {rival}, grew {growth}",
        "il concorrente che cresce di più, {rival}, è cresciuto del {growth}",
    ),
    "report.finding.growth_rivals_unknown": (
        "no competitor's account was observed twice, so their growth is unknown",
        "nessun account dei concorrenti è stato osservato due volte, quindi la loro crescita è sconosciuta",
    ),
    "report.finding.growth_unknown": (
        "Audience growth of {brand} is unknown: none of its {accounts} accounts was observed twice with a "
        "follower count in this window (import profiles over time to measure it).",
        "La crescita del pubblico di {brand} è sconosciuta: nessuno dei suoi {accounts} account è stato "
        "osservato due volte con il numero di follower in questo periodo (importa i profili nel tempo per "
        "misurarla).",
    ),
    "report.finding.activity": (
        "Posting activity: {brand} publishes {posts} posts and {replies} replies a week; replies are "
        "{reply_share} of its output (reply share).",
        "Attività di pubblicazione: {brand} pubblica {posts} post e {replies} risposte a settimana; le "
        "risposte sono il {reply_share} della sua produzione (quota di risposte).",
    ),
    "report.finding.activity_none": (
        "Posting activity: {brand} published nothing in this period.",
        "Attività di pubblicazione: {brand} non ha pubblicato nulla in questo periodo.",
    ),
    "report.finding.activity_rival": (
        "The most active competitor, {rival}: {posts} posts and {replies} replies a week (reply share "
        "{reply_share}).",
        "Il concorrente più attivo, {rival}: {posts} post e {replies} risposte a settimana (quota di risposte "
        "{reply_share}).",
    ),
    "report.finding.voice_interactions": (
        "Share of voice by engagement (interactions on items by others): {brand} {share}, {rival} "
        "{rival_share}.",
        "Quota di voce per coinvolgimento (interazioni su elementi di altri): {brand} {share}, {rival} "
        "{rival_share}.",
    ),
    "report.wrote": ("Report written to {path}", "Report scritto in {path}"),
    "audit.no_entities": (
        "{config}: the audit needs a [brand] (and competitors) to score",
        "{config}: l'audit richiede un [brand] (e i concorrenti) da valutare",
    ),
    "audit.unknown_entity": (
        "--entity {entity!r}: not in the workspace; known entities: {known}",
        "--entity {entity!r}: non è nel workspace; entità note: {known}",
    ),
    "audit.heading": ("Audit of {entity}: {score}/100", "Audit di {entity}: {score}/100"),
    "audit.known": (
        "({known} of {total} dimensions measured; unknown ones are left out, not counted as 0)",
        "({known} dimensioni misurate su {total}; quelle ignote sono escluse, non contate come 0)",
    ),
    "audit.dimension": ("Dimension", "Dimensione"),
    "audit.score": ("Score", "Punteggio"),
    "audit.archetype": ("Archetype", "Archetipo"),
    "audit.recommendations": (
        "Recommendations, by expected impact",
        "Raccomandazioni, per impatto atteso",
    ),
    "audit.impact": ("+{points:.1f} points", "+{points:.1f} punti"),
    "audit.no_recommendations": (
        "No recommendation: no change the audit measures would raise the score.",
        "Nessuna raccomandazione: nessun cambiamento misurato dall'audit alzerebbe il punteggio.",
    ),
    "audit.entity": ("Entity", "Entità"),
    "audit.you": ("you", "te"),
    "audit.interrupted": (
        "questionnaire interrupted: nothing scored (answers can also be read from a file with --answers)",
        "questionario interrotto: nessun punteggio (le risposte si possono leggere da un file con --answers)",
    ),
    "audit.window": ("Window audited: {first} to {last}.", "Periodo esaminato: da {first} a {last}."),
    "audit.window_trimmed": (
        "Not asked for (--from, --to): the days holding the central 98% of the items, so a stray item "
        "far from the rest does not stretch it.",
        "Non indicato (--from, --to): i giorni che contengono il 98% centrale degli elementi, così un "
        "elemento isolato lontano dagli altri non lo allunga.",
    ),
    "audit.overall": ("Overall", "Totale"),
    "audit.league": ("League table", "Classifica"),
    "plan.none": (
        "no [plan] in {config}; start one with `passaparola plan init --template dialogue`",
        "nessun [plan] in {config}; creane uno con `passaparola plan init --template dialogue`",
    ),
    "plan.exists": (
        "{config} already has a [plan]; use --force to replace it",
        "{config} ha già un [plan]; usa --force per sostituirlo",
    ),
    "plan.written": (
        "Added the {template} plan ({count} objectives, starting {start}) to {config}",
        "Aggiunto il piano {template} ({count} obiettivi, dal {start}) a {config}",
    ),
    "plan.heading": ("Plan (started {start})", "Piano (iniziato il {start})"),
    "plan.as_of": (
        "Current values are the level of the last {weeks} whole weeks, {first} to {last} (the median week "
        "of a count, the value over the weeks of a rate).",
        "I valori attuali sono il livello delle ultime {weeks} settimane intere, da {first} a {last} (la "
        "settimana mediana per un conteggio, il valore sulle settimane per un tasso).",
    ),
    "plan.objective": ("Objective", "Obiettivo"),
    "plan.metric": ("Metric", "Metrica"),
    "plan.baseline": ("Baseline", "Base"),
    "plan.current": ("Current", "Attuale"),
    "plan.target": ("Target", "Traguardo"),
    "plan.progress": ("Progress", "Avanzamento"),
    "plan.forecast": ("Forecast at deadline (90% interval)", "Previsione alla scadenza (intervallo 90%)"),
    "plan.deadline": ("Deadline", "Scadenza"),
    "plan.status": ("Status", "Stato"),
    "plan.status.achieved": ("achieved", "raggiunto"),
    "plan.status.on_track": ("on track", "in linea"),
    "plan.status.at_risk": ("at risk", "a rischio"),
    "plan.status.off_track": ("off track", "fuori strada"),
    "plan.status.no_data": ("no data", "senza dati"),
    "plan.section": ("Plan", "Piano"),
    "plan.section_intro": (
        "Each objective week by week (Monday to Sunday): the baseline, the current value, the target, "
        "and a Theil–Sen forecast at the deadline with its 90% interval. The current value is the level of "
        "the last 4 whole weeks (the median week of a count, the value over the 4 weeks of a rate). "
        "Status: achieved when the current value meets the target; on track when the forecast meets it; "
        "at risk when only the optimistic end of the interval does; off track otherwise.",
        "Ogni obiettivo settimana per settimana (da lunedì a domenica): la base, il valore attuale, il "
        "traguardo e una previsione Theil–Sen alla scadenza con il suo intervallo al 90%. Il valore attuale "
        "è il livello delle ultime 4 settimane intere (la settimana mediana per un conteggio, il valore "
        "sulle 4 settimane per un tasso). Stato: raggiunto se il valore attuale centra il traguardo; in "
        "linea se la previsione lo centra; a rischio se lo centra solo l'estremo favorevole "
        "dell'intervallo; fuori strada altrimenti.",
    ),
    "plan.chart.week": ("Week", "Settimana"),
    "plan.chart.value": ("Value", "Valore"),
    "plan.chart.series": ("Series", "Serie"),
    "plan.chart.measured": ("measured", "misurato"),
    "plan.chart.forecast": ("forecast", "previsione"),
    "plan.chart.target": ("target", "traguardo"),
    "alerts.checked_day": (
        "Checked day {day}: alerts fired {fired}, new {new}.",
        "Controllato il giorno {day}: avvisi scattati {fired}, nuovi {new}.",
    ),
    "alerts.checked_days": (
        "Checked {count} days, {first} to {last}: alerts fired {fired}, new {new}.",
        "Controllati {count} giorni, da {first} a {last}: avvisi scattati {fired}, nuovi {new}.",
    ),
    "alerts.nothing_new": (
        "Nothing new to check: every day up to {day} was checked (use --day or --since to check again).",
        "Niente di nuovo da controllare: ogni giorno fino a {day} è stato controllato (usa --day o --since "
        "per ricontrollare).",
    ),
    "alerts.no_items": (
        "No day to check: the store holds no items.",
        "Nessun giorno da controllare: l'archivio non contiene elementi.",
    ),
    "alerts.day_and_since": (
        "--day and --since: give one of them (--day checks one day, --since every day from it)",
        "--day e --since: indicane uno solo (--day controlla un giorno, --since ogni giorno da quello)",
    ),
    "alerts.since_after": (
        "--since {day}: no item on or after that day",
        "--since {day}: nessun elemento da quel giorno in poi",
    ),
    "alerts.not_checked": ("Alerts not checked: {error}", "Avvisi non controllati: {error}"),
    "alerts.skipped": ("{source} not checked: {reason}", "{source} non controllato: {reason}"),
    "alerts.skipped_on": (
        "{source} not checked ({days}): {reason}",
        "{source} non controllato ({days}): {reason}",
    ),
    "alerts.title": ("Latest alerts", "Ultimi avvisi"),
    "alerts.source": ("Rule or detector", "Regola o rilevatore"),
    "alerts.kind": ("Kind", "Tipo"),
    "alerts.kind.rule": ("rule", "regola"),
    "alerts.kind.anomaly": ("anomaly", "anomalia"),
    "alerts.day": ("Day", "Giorno"),
    "alerts.value": ("Value", "Valore"),
    "alerts.threshold": ("Threshold", "Soglia"),
    "alerts.baseline": ("Baseline (median)", "Base (mediana)"),
    "alerts.measure": ("Measure", "Misura"),
    "alerts.webhook": ("Webhook", "Webhook"),
    "alerts.delivery.delivered": ("delivered", "consegnato"),
    "alerts.delivery.failed": ("failed", "non consegnato"),
    "alerts.sending": (
        "Alerts to send to {url} in the background: {count}.",
        "Avvisi da inviare a {url} in background: {count}.",
    ),
    "engagement.top_posts": (
        "Top items for {entity} (posts, replies and quotes), {order}",
        "Elementi migliori per {entity} (post, risposte e citazioni), {order}",
    ),
    "engagement.top_authors": ("Top authors for {entity}, {order}", "Autori migliori per {entity}, {order}"),
    "engagement.by_interactions": ("by interactions", "per interazioni"),
    "engagement.by_rate": ("by engagement rate by followers", "per tasso di engagement sui follower"),
    "engagement.unknown_entity": (
        "--entity {entity!r}: names no single brand or competitor in passaparola.toml; known: {known}",
        "--entity {entity!r}: non indica un solo brand o concorrente in passaparola.toml; noti: {known}",
    ),
    "engagement.unknown_media": (
        "--media {media!r}: expected one of {known}",
        "--media {media!r}: atteso uno tra {known}",
    ),
    "engagement.media": ("Media", "Media"),
    "engagement.items": ("Items", "Elementi"),
    "engagement.interactions": ("Interactions", "Interazioni"),
    "engagement.without_counters": ("Without counters", "Senza contatori"),
    "engagement.followers": ("Followers (max seen)", "Follower (massimo visto)"),
    "engagement.rate_by_followers": ("Rate by followers", "Tasso sui follower"),
    "engagement.median_rate_by_followers": ("Median rate by followers", "Tasso mediano sui follower"),
    "topics.title": ("Topics: {scope}, {period}", "Temi: {scope}, {period}"),
    "topics.everyone": ("all items", "tutti gli elementi"),
    "topics.whole_period": ("whole period", "tutto il periodo"),
    "topics.hashtags": ("Hashtags", "Hashtag"),
    "topics.hashtag": ("Hashtag", "Hashtag"),
    "topics.items": ("Items", "Elementi"),
    "topics.authors": ("Authors", "Autori"),
    "topics.keyphrases": (
        "Keyphrases ({language}, {items:,} distinct texts)",
        "Frasi chiave ({language}, {items:,} testi distinti)",
    ),
    "topics.keyphrase": ("Keyphrase", "Frase chiave"),
    "topics.score": ("YAKE score (lower: more relevant)", "Punteggio YAKE (più basso: più rilevante)"),
    "topics.ambiguous_entity": (
        "--entity {name!r} matches {matches}; give the full name",
        "--entity {name!r} corrisponde a {matches}; indica il nome completo",
    ),
    "topics.none": ("No items with text in this scope.", "Nessun elemento con testo in questo ambito."),
    "topics.no_hashtags": ("No hashtags in this scope.", "Nessun hashtag in questo ambito."),
    "topics.emerging": (
        "Emerging terms: z ≥ {z:g} against the {days} days before, at least {count} items by {authors} authors",
        "Termini emergenti: z ≥ {z:g} rispetto ai {days} giorni precedenti, almeno {count} elementi di "
        "{authors} autori",
    ),
    "topics.no_emerging": ("No term emerged in this scope.", "Nessun termine emergente in questo ambito."),
    "topics.term": ("Term", "Termine"),
    "topics.day": ("Day", "Giorno"),
    "topics.baseline": ("Baseline (items/day)", "Base (elementi/giorno)"),
    "topics.days": ("Days emerging", "Giorni emergente"),
    "topics.unknown_entity": (
        "--entity {name!r}: no brand or competitor of that name in {config}; known: {known}",
        "--entity {name!r}: nessun brand o concorrente con questo nome in {config}; noti: {known}",
    ),
    "cascades.title": ("Share cascades", "Cascate di condivisioni"),
    "cascades.root": ("Original", "Originale"),
    "cascades.started": ("Started", "Inizio"),
    "cascades.reconstruction": ("Tree", "Albero"),
    "cascades.reconstruction.explicit": ("explicit", "esplicito"),
    "cascades.reconstruction.star": ("star", "stella"),
    "cascades.reconstruction.nested": ("nested", "annidato"),
    "cascades.reconstruction.mixed": ("mixed", "misto"),
    "cascades.size": ("Size", "Dimensione"),
    "cascades.depth": ("Depth", "Profondità"),
    "cascades.breadth": ("Breadth", "Ampiezza"),
    "cascades.virality": ("Virality ν", "Viralità ν"),
    "cascades.half": ("Half (min)", "Metà (min)"),
    "cascades.duration": ("Duration (min)", "Durata (min)"),
    "cascades.reach": ("Potential reach", "Copertura potenziale"),
    "cascades.reach_unknown": ("Sharers, followers unknown", "Condivisori, follower ignoti"),
    "cascades.label": ("Label", "Etichetta"),
    "cascades.bad_order": (
        "--by {value!r}: expected one of {known}",
        "--by {value!r}: atteso uno tra {known}",
    ),
    "cascades.bad_count": ("{option} {value}: expected 1 or more", "{option} {value}: atteso 1 o più"),
    "cascades.not_found": (
        "{id!r} is in no share cascade",
        "{id!r} non è in nessuna cascata di condivisioni",
    ),
    "cascades.ambiguous": (
        "id {id!r} is in cascades on several platforms: add --platform",
        "l'id {id!r} è in cascate su più piattaforme: aggiungi --platform",
    ),
    "cascades.summary": (
        "Cascade of {root}: {size} items, depth {depth}",
        "Cascata di {root}: {size} elementi, profondità {depth}",
    ),
    "cascades.more": ("{count} more", "altri {count}"),
    "cascades.more_below": ("{count} more below", "altri {count} più in basso"),
    "cascades.below": ("{count} below", "{count} sotto"),
    "cascades.unknown_author": ("(author unknown)", "(autore ignoto)"),
    "cascades.not_in_store": ("not in the store", "non nell'archivio"),
    "cascades.svg_title": (
        "Share cascade of {root} ({size:,} items)",
        "Cascata di condivisioni di {root} ({size:,} elementi)",
    ),
    "cascades.svg_title_partial": (
        "Share cascade of {root} ({size:,} items; the first {drawn:,} in breadth-first order are drawn)",
        "Cascata di condivisioni di {root} ({size:,} elementi; disegnati i primi {drawn:,} per livello)",
    ),
    "cascades.wrote": ("Wrote {path}", "Scritto {path}"),
    "cascades.cannot_write": ("cannot write {path}: {reason}", "impossibile scrivere {path}: {reason}"),
    "sentiment.label_usage": (
        "give ITEM_ID and LABEL (positive, neutral, negative), or --csv FILE, not both",
        "indica ITEM_ID ed ETICHETTA (positive, neutral, negative), oppure --csv FILE, non entrambi",
    ),
    "sentiment.labelled": ("Stored {count:,} correction(s)", "Salvate {count:,} correzioni"),
    "sentiment.trained": (
        "Trained the default model into {folder} in {seconds:,.0f} s",
        "Modello predefinito addestrato in {folder} in {seconds:,.0f} s",
    ),
    "sentiment.no_corrections": (
        "no corrections stored yet: add some with `passaparola sentiment label`",
        "nessuna correzione salvata: aggiungine con `passaparola sentiment label`",
    ),
    "sentiment.adapted": (
        "Adapted the model to {count:,} correction(s); saved in {folder} (used at the next import)",
        "Modello adattato a {count:,} correzioni; salvato in {folder} (usato dalla prossima importazione)",
    ),
    "sentiment.applied": ("Re-scored {count:,} stored item(s)", "Rivalutati {count:,} elementi salvati"),
    "sentiment.apply_hint": (
        "Stored items keep their old labels: run `passaparola sentiment apply` to re-score them",
        "Gli elementi salvati mantengono le etichette precedenti: `passaparola sentiment apply` li rivaluta",
    ),
    "sentiment.old_format": (
        "{path}: a sentiment model of format {found}, made by an older passaparola: train it again "
        "(`passaparola sentiment train --workspace DIR` for a workspace's corrections)",
        "{path}: modello di sentiment in formato {found}, creato da una versione precedente di passaparola: "
        "addestralo di nuovo (`passaparola sentiment train --workspace DIR` per le correzioni di un workspace)",
    ),
    "sentiment.export_onnx": (
        "{folder}: a Hugging Face model without model.onnx; export it to ONNX first: optimum-cli export onnx "
        "--model {folder} --task text-classification {folder}-onnx (see docs/sentiment-transformer.md)",
        "{folder}: modello Hugging Face senza model.onnx; esportalo prima in ONNX: optimum-cli export onnx "
        "--model {folder} --task text-classification {folder}-onnx (vedi docs/sentiment-transformer.md)",
    ),
    "sentiment.train_extra": (
        "training the sentiment model needs the training extra ({module} is missing): "
        "pip install 'passaparola[train]'",
        "l'addestramento del modello di sentiment richiede l'extra di addestramento (manca "
        "{module}): pip install 'passaparola[train]'",
    ),
    "sentiment.out_required": (
        "give --out FOLDER: where to save the trained model (the shipped model is never overwritten in place)",
        "indica --out CARTELLA: dove salvare il modello addestrato (il modello fornito non viene mai sovrascritto)",
    ),
    "sentiment.out_installed": (
        "{folder} is inside an installed package; choose another --out folder and point "
        "[sentiment] model at it",
        "{folder} è dentro un pacchetto installato; scegli un'altra cartella --out e indicala in "
        "[sentiment] model",
    ),
    "sentiment.no_data": (
        "{folder}: no sentiment data here (expected xlm-t/, sentipolc2016/, tweeteval/, lexicons-italian/)",
        "{folder}: qui non ci sono dati di sentiment (attesi xlm-t/, sentipolc2016/, tweeteval/, lexicons-italian/)",
    ),
    "sentiment.tune_title": (
        "Cross-validation on the training set ({folds} folds): macro-F1 averaged over languages",
        "Validazione incrociata sull'insieme di addestramento ({folds} parti): macro-F1 medio sulle lingue",
    ),
    "sentiment.tune_regularisation": ("L2 strength (1/C)", "Forza L2 (1/C)"),
    "sentiment.tune_weight": ("Word-vector weight", "Peso dei vettori di parole"),
    "sentiment.tune_best": ("best", "migliore"),
    "sentiment.average": ("average", "media"),
    "sentiment.language": ("Language", "Lingua"),
    "sentiment.surest": (
        "Accuracy, surest {share:.0%}",
        "Accuratezza, {share:.0%} più sicuro",
    ),
    "sentiment.scores": ("{name} ({size:,} texts)", "{name} ({size:,} testi)"),
    "sentiment.languages.detected": ("language detected", "lingua rilevata"),
    "sentiment.languages.given": ("language as the data gives it", "lingua indicata nei dati"),
    "sentiment.confusion": (
        "Confusion (rows: truth, columns: predicted)",
        "Confusione (righe: vero, colonne: previsto)",
    ),
    "sentiment.truth": ("Truth", "Vero"),
    "sentiment.corrections": ("Corrections", "Correzioni"),
    "sentiment.gain": ("Gain (points)", "Guadagno (punti)"),
    "sentiment.curve": (
        "Learning curve on the SENTIPOLC held-out slice (model fit on UMSAB train, adapted with N corrections)",
        "Curva di apprendimento sulla parte esclusa di SENTIPOLC (modello su UMSAB train, adattato con N correzioni)",
    ),
}

_language = "en"
_explicit: str | None = None


def set_language(language: str | None) -> str:
    """Choose the language for this process (``--lang``); returns the one chosen. A language that is not
    one of ``LANGUAGES`` (as a code, ``it``, or a locale, ``it_IT``) is a ValueError naming them."""
    global _language, _explicit
    if language is not None and _code(language) is None:
        raise ValueError(t("language.unknown", value=language, known=", ".join(LANGUAGES)))
    _explicit = language
    _language = resolve(language)
    return _language


def _code(candidate: str) -> str | None:
    """The language of ``it``, ``IT``, ``it_IT`` or ``it-IT.UTF-8``; None when it is none of ``LANGUAGES``."""
    code, rest = candidate.lower()[:2], candidate[2:]
    return code if code in LANGUAGES and (not rest or rest[0] in "_-.") else None


def use_workspace(workspace_language: str | None) -> str:
    """Let the workspace's language apply unless ``--lang`` or ``$PASSAPAROLA_LANG`` chose one."""
    global _language
    _language = resolve(_explicit, workspace_language)
    return _language


def resolve(explicit: str | None = None, workspace_language: str | None = None) -> str:
    for candidate in (explicit, os.environ.get("PASSAPAROLA_LANG"), workspace_language):
        code = _code(candidate) if candidate else None
        if code is not None:
            return code
    return "it" if os.environ.get("LANG", "").lower().startswith("it") else "en"


def language() -> str:
    return _language


def explicit() -> str | None:
    """The language ``--lang`` chose for this process, if it chose one."""
    return _explicit


@contextmanager
def speaking(language: str) -> Iterator[str]:
    """Messages in ``language`` (one of ``LANGUAGES``) until the block ends: one request of the web
    dashboard, which serves one request at a time."""
    global _language
    before = _language
    _language = language
    try:
        yield language
    finally:
        _language = before


def t(key: str, **values: object) -> str:
    """The message ``key`` in the current language, formatted with ``values`` (see :func:`message`)."""
    return message(key, _language, **values)


def message(key: str, language: str, /, **values: object) -> str:
    """The message ``key`` in ``language``, formatted with ``values``. In Italian a number formatted with
    separators reads the Italian way (``{count:,}``: 2.034, ``{rate:.1f}``: 4,5), and an article or
    preposition before a number that is read with a vowel is elided ("il 80%" is "l'80%")."""
    english, italian = MESSAGES[key]
    if language != "it":
        return english.format(**values) if values else english
    return _elide(_ITALIAN_NUMBERS.format(italian, **values) if values else italian)


class _ItalianNumbers(string.Formatter):
    """``str.format`` with Italian separators for numbers: 1.234,5 where English writes 1,234.5."""

    def format_field(self, value: object, format_spec: str) -> str:
        shown = super().format_field(value, format_spec)
        if (
            isinstance(value, Number)
            and not isinstance(value, bool)
            and ("," in format_spec or "." in format_spec)
        ):
            return shown.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return shown


_ITALIAN_NUMBERS = _ItalianNumbers()
#: An article or articulated preposition before a number read with a vowel: 1 (uno, also 1,5), 8, 80–89,
#: 800… (otto…), 11 and 11.000 (undici…); not 18, 100 or 1.000 (mille).
_ELIDED = re.compile(r"\b(il|al|del|dal|nel|sul|Il|Al|Del|Dal|Nel|Sul) (?=(?:8|11(?!\d)|1(?![\d.])))")
_ELISION = {"il": "l'", "al": "all'", "del": "dell'", "dal": "dall'", "nel": "nell'", "sul": "sull'"}


def _elide(text: str) -> str:
    def elided(match: re.Match[str]) -> str:
        word = match.group(1)
        short = _ELISION[word.lower()]
        return short.capitalize() if word[0].isupper() else short

    return _ELIDED.sub(elided, text)
