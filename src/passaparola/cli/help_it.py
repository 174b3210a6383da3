"""The ``--help`` of every command in Italian, when the language resolves to Italian.

The English texts live with the commands (docstrings, ``help=``) and are the source of truth; this module
holds their Italian versions and :func:`command` applies them to the click command tree before click
renders any help. Command texts are keyed by command path (``""`` is ``passaparola`` itself, ``"graph top"``
a subcommand); option and argument texts by their English text, so a text shared by several commands is
translated once and an English text that changes shows up as a missing translation
(tests/test_help_it.py walks every command and fails on one). Texts are rich markup like the English
ones: a TOML table is written ``\\[plan]``, or rich would swallow it as a style tag. Each paragraph is
one line: rich wraps it to the terminal. In either language, :func:`summarise` does the same for the
summaries a group lists of its commands.
"""

from __future__ import annotations

import inspect
import os
import tomllib
from collections.abc import Sequence
from pathlib import Path

import click
import typer

from passaparola import i18n
from passaparola.workspace import CONFIG_NAME, ENV_WORKSPACE


def command(app: typer.Typer, args: Sequence[str]) -> click.Command:
    """The click command of ``app``, its help in Italian when the command line ``args`` resolves to it,
    and each command's summary in its group's list made one line (see :func:`summarise`)."""
    root = typer.main.get_command(app)
    if language(args) == "it":
        if not args or any(arg in HELP_OPTIONS for arg in args):  # only a help needs the texts
            translate(root)
        use_italian_frame()  # a usage error shows the frame too
    summarise(root)
    return root


def summarise(group: click.Command) -> None:
    """Give every command under ``group`` its help's first paragraph, on one line, as the summary that
    its group's ``--help`` lists. Typer's rich mode keeps the line breaks of a docstring's first
    paragraph there (not on the command's own help), so a wrapped docstring showed ragged lines."""
    for sub in getattr(group, "commands", {}).values():
        first = inspect.cleandoc(sub.help or "").partition("\f")[0].split("\n\n")[0]
        if first and not first.startswith("\b"):
            sub.short_help = " ".join(first.split())
        summarise(sub)


#: The options that show help (the CLI's help_option_names).
HELP_OPTIONS = ("--help", "-h")


def language(args: Sequence[str]) -> str:
    """The language a command line resolves to, as :func:`i18n.resolve` finds it once the command runs:
    ``--lang`` (anywhere before ``--``), ``$PASSAPAROLA_LANG``, the ``workspace.language`` of the
    workspace (``-w``/``--workspace``, ``$PASSAPAROLA_WORKSPACE``, or the current folder or a parent),
    the locale. Only passaparola.toml is read: no store is opened, the file is not validated."""
    return i18n.resolve(_option(args, "--lang"), _workspace_language(args))


def translate(root: click.Command) -> None:
    """Put the Italian texts in ``root`` and every command under it; a text without one stays English."""
    _translate(root, (), None)


def use_italian_frame() -> None:
    """Typer's own words around the texts (panel titles, ``[default: …]``, ``[required]``) in Italian."""
    from typer import rich_utils

    for name, italian in FRAME.items():
        setattr(rich_utils, name, italian)


def _translate(cmd: click.Command, path: tuple[str, ...], parent: click.Context | None) -> None:
    italian = COMMANDS.get(" ".join(path))
    if italian is not None:
        cmd.help = italian
    for param in cmd.params:
        text = getattr(param, "help", None)
        if text in PARAMS:
            param.help = PARAMS[text]  # type: ignore[attr-defined]
    # click makes --help once per command, from the context's option names, and keeps it: make it now
    # with the same context an invocation builds, and translate it.
    context = cmd.context_class(
        cmd, info_name=path[-1] if path else None, parent=parent, **cmd.context_settings
    )
    help_option = cmd.get_help_option(context)
    if help_option is not None:
        help_option.help = HELP_OPTION
    for name, sub in getattr(cmd, "commands", {}).items():
        _translate(sub, (*path, name), context)


def _option(args: Sequence[str], long: str, short: str | None = None) -> str | None:
    """The value of the first ``long VALUE``, ``long=VALUE``, ``short VALUE`` or ``shortVALUE``."""
    for index, arg in enumerate(args):
        if arg == "--":
            break
        if arg in (long, short):
            return args[index + 1] if index + 1 < len(args) else None
        if arg.startswith(long + "="):
            return arg[len(long) + 1 :]
        if short and arg.startswith(short) and not arg.startswith("--"):
            return arg[len(short) :]
    return None


def _workspace_language(args: Sequence[str]) -> str | None:
    """The workspace's ``workspace.language`` (``en`` when unset, as Workspace.language); None without a
    workspace or with one that cannot be read: the command itself reports that."""
    explicit = _option(args, "--workspace", "-w") or os.environ.get(ENV_WORKSPACE)
    try:
        folders = [Path(explicit)] if explicit else [Path.cwd(), *Path.cwd().parents]
        path = next((f / CONFIG_NAME for f in folders if (f / CONFIG_NAME).is_file()), None)
        config = tomllib.loads(path.read_text(encoding="utf-8")) if path else {}
    except (OSError, ValueError):
        return None
    if path is None:
        return None
    section = config.get("workspace")
    language = section.get("language", "en") if isinstance(section, dict) else "en"
    return language if isinstance(language, str) else None


HELP_OPTION = "Mostra questo messaggio ed esce."

#: Typer's words in a help, by their name in typer.rich_utils. Not those of a usage error (its panel title,
#: "Try … for help"): click writes the error itself in English.
FRAME = {
    "ARGUMENTS_PANEL_TITLE": "Argomenti",
    "OPTIONS_PANEL_TITLE": "Opzioni",
    "COMMANDS_PANEL_TITLE": "Comandi",
    "DEFAULT_STRING": "[predefinito: {}]",
    "REQUIRED_LONG_STRING": "[obbligatorio]",
    "ENVVAR_STRING": "[variabile d'ambiente: {}]",
    "DEPRECATED_STRING": "(deprecato) ",
}

#: Each command's help, by command path.
COMMANDS: dict[str, str] = {
    "": "Misura il dialogo tra brand e persone sulle piattaforme social.\n\n"
    "Esempio: passaparola init aurora && cd aurora && passaparola import ~/exports/",
    "init": "Crea un workspace: passaparola.toml (con esempi commentati) e un archivio vuoto.\n\n"
    'Esempio: passaparola init aurora --name "Caffè Aurora"',
    "import": "Importa nell'archivio del workspace le esportazioni delle piattaforme e le risposte delle "
    "loro API.\n\n"
    "Il formato viene riconosciuto automaticamente, a meno che non si indichi --format. Gli archivi si "
    "leggono senza estrarli. Importare di nuovo è sicuro: gli elementi sono inseriti o aggiornati per "
    "(piattaforma, id) e si tengono i contatori più recenti. I record malformati finiscono in quarantena e "
    "l'importazione prosegue.\n\n"
    "Esempio: passaparola import tweets.jsonl mastodon/ reddit-dump.ndjson.gz\n\n"
    "Esempio: passaparola import twcs.csv --platform twitter --map id=tweet_id --map text=text",
    "status": "Mostra cosa contiene l'archivio: elementi per piattaforma, tipo e mese, autori, quarantena, "
    "importazioni.\n\n"
    "Esempio: passaparola status -w aurora",
    "export": "Scrive le tabelle canoniche su file. Le celle CSV che iniziano con =, +, -, @ vengono "
    "neutralizzate (precedute da ') perché i fogli di calcolo non le eseguano come formule.\n\n"
    "Esempio: passaparola export --format csv --out exports/",
    "reparse": "Rielabora i record grezzi salvati con gli importatori attuali (dopo la correzione di un "
    "importatore) e riprova i record in quarantena.\n\n"
    "Esempio: passaparola reparse --format mastodon",
    "metrics": "Elenca le metriche, o ne calcola una, suddivisa per piattaforma, periodo e altro (le "
    "definizioni sono in docs/metrics.md).\n\n"
    "La tabella è per le persone: titoli delle colonne e valori delle suddivisioni nella tua lingua, quote "
    "in percentuale, valori sconosciuti come —. CSV e JSON sono per i programmi: nomi delle colonne e "
    "valori grezzi (una quota è 0.43).\n\n"
    "Con --spark la stessa metrica si calcola su Apache Spark, per dati che non stanno su una sola "
    "macchina; il workspace dà comunque entità, fuso orario e impostazioni (docs/spark.md).\n\n"
    "Esempio: passaparola metrics media_share --by platform,month --from 2026-01-01 --format csv\n\n"
    "Esempio: passaparola metrics share_of_voice --by month --spark hdfs:///social/export",
    "inbox": "Ciò che il pubblico ha chiesto al brand e ancora attende: gli elementi in entrata senza "
    "risposta, prima le domande e poi dal più vecchio (la colonna ± indica il sentiment); oppure, con "
    "--most-negative, le conversazioni che attendono ancora il brand, le più negative prima, ciascuna con "
    "il suo elemento in attesa più negativo.\n\n"
    "Esempio: passaparola inbox -n 50 --most-negative",
    "threads": "Elenca le conversazioni (alberi di risposte), dalla più grande, con le loro misure di "
    "dialogo.\n\n"
    "Esempio: passaparola threads --two-way -n 10",
    "thread": "Stampa come albero indentato la conversazione a cui appartiene un elemento.\n\n"
    "Esempio: passaparola thread 1830000000000000001",
    "formats": "Elenca i formati che passaparola importa, nell'ordine in cui prova a riconoscerli.\n\n"
    "Esempio: passaparola formats",
    "demo": "Genera un insieme di dati realistico, su più piattaforme e nei loro formati, per un brand "
    "italiano immaginario, lo importa in un workspace nuovo e mostra cosa contiene.\n\n"
    "Esempio: passaparola demo demo-workspace --items 50000",
    "generate": "Scrive solo i file dei dati demo (senza importarli): per benchmark ed esperimenti.\n\n"
    "Esempio: passaparola generate /tmp/demo-data --items 10_000_000",
    "amplifiers": "Chi diffonde i contenuti di un'entità: le condivisioni e le citazioni dei suoi elementi "
    "da parte di altri (pubblicate nel periodo), i follower di chi condivide e fin dove sono arrivate le "
    "loro condivisioni negli alberi delle cascate: gli elementi sotto di esse, i livelli raggiunti e la "
    "copertura potenziale degli autori sottostanti.\n\n"
    'Esempio: passaparola amplifiers --entity "Caffè Aurora" -n 20 --from 2026-01-01 --to 2026-04-01',
    "spread": "I contenuti passati da una piattaforma all'altra (lo stesso link, o quasi lo stesso testo) "
    "nel periodo: dove sono apparsi per primi, quando, poi ogni altra piattaforma con il suo ritardo.\n\n"
    'Esempio: passaparola spread --entity "Caffè Aurora" -n 20 --from 2026-01-01',
    "report": "Scrive il report: panoramica, media di proprietà, a pagamento e guadagnati, chi parla con "
    "chi, dialogo e assistenza, coinvolgimento, contenuti generati dagli utenti, concorrenti e quota di "
    "voce, pubblico, il piano (a che punto è ogni obiettivo, con un grafico burn-up) e l'audit di maturità "
    "(punteggi, classifica, raccomandazioni); ogni sezione si apre con ciò che emerge dai dati.\n\n"
    "Esempio: passaparola report --from 2026-01-01 --to 2026-04-01 --lang en --out q1.html",
    "serve": "Serve la dashboard web e l'API REST in sola lettura: le metriche, la inbox e il report, in "
    "italiano o in inglese, letti dall'archivio a ogni richiesta (docs/web.md). Richiede l'extra \\[web].\n\n"
    "Esempio: passaparola serve --port 8080   (poi apri http://127.0.0.1:8080/; i programmi leggono "
    "/api/metrics)",
    "alerts": "Controlla le regole di avviso e i rilevatori di anomalie (volume, quota negativa, tempo di "
    "prima risposta) su ogni giorno dall'ultimo controllo, registra ciò che è scattato, lo invia al webhook "
    "in background ed elenca gli ultimi avvisi con le loro consegne al webhook.\n\n"
    "Esempio: passaparola alerts --since 2026-06-01 -n 50",
    "audit": "Valuta il brand da 0 a 100 su otto dimensioni (presenza, attività, conversazione, reattività, "
    "coinvolgimento, voce guadagnata, sentiment, crescita), ne indica l'archetipo con le evidenze, ordina "
    "le raccomandazioni per impatto atteso e stampa una classifica con i concorrenti. Formule e soglie "
    "sono in docs/audit.md.\n\n"
    "Esempio: passaparola audit --all --from 2026-01-01\n\n"
    "Senza dati: passaparola audit --template > answers.yaml, compilalo, poi "
    "passaparola audit --questionnaire --answers answers.yaml (oppure solo --questionnaire per rispondere "
    "nel terminale).",
    "top": "Elenca i post o gli autori che hanno raccolto più interazioni (o il tasso di engagement sui "
    "follower più alto) per il brand o un concorrente; gli elementi con contatori sconosciuti sono "
    "esclusi.\n\n"
    'Esempio: passaparola top posts --entity "Caffè Aurora" --media earned --by rate -n 10',
    "topics": "Di cosa parlano gli elementi su un'entità: hashtag e frasi chiave, oppure con --emerging i "
    "termini in improvvisa crescita (giorno, elementi, base e z).\n\n"
    'Esempio: passaparola topics --entity "Caffè Aurora" --from 2026-03-01 --to 2026-04-01 --emerging',
    "cascades": "Elenca le cascate di condivisioni (condivisioni e citazioni sotto un originale) con "
    "dimensione, profondità, ampiezza, viralità strutturale, tempi, copertura potenziale e come è stato "
    "ricostruito l'albero.\n\n"
    "Esempio: passaparola cascades --top 20 --by virality",
    "cascade": "Stampa come albero limitato la cascata di condivisioni a cui appartiene un elemento (i primi "
    'livelli e figli, "… altri N" per il resto) e, se richiesto, la disegna in SVG.\n\n'
    "Esempio: passaparola cascade 693171092555431936 --levels 2 --children 3 --svg cascade.svg",
    "graph": "Il grafo delle interazioni (risposte, menzioni, condivisioni, citazioni tra autori): "
    "classificarne gli autori, esportarlo.\n\n"
    "Esempio: passaparola graph top --by pagerank",
    "graph top": "Gli autori più centrali del grafo delle interazioni, con PageRank, grado entrante e numero "
    "di k-core.\n\n"
    "Esempio: passaparola graph top --by indegree --platform twitter -n 10",
    "graph export": "Scrive il grafo delle interazioni per Gephi: autori con handle, ruolo, piattaforma, "
    "follower, pagerank e coreness; archi con tipo di interazione e peso.\n\n"
    "Esempio: passaparola graph export --format gexf --out graph.gexf --from 2026-01-01",
    "plan": "Il piano strategico: gli obiettivi di \\[plan] in passaparola.toml, a che punto è ciascuno e "
    "una previsione alla sua scadenza.\n\n"
    "Esempio: passaparola plan",
    "plan init": "Aggiunge in fondo a passaparola.toml un piano iniziale commentato (il resto del file resta "
    "com'è).\n\n"
    "Esempio: passaparola plan init --template care --start 2026-05-04",
    "sentiment": "Sentiment: correggere le etichette del modello, riaddestrarlo, valutarlo, riapplicarlo.\n\n"
    "Esempio: passaparola sentiment label 1234567890 negative",
    "sentiment label": "Corregge il sentiment di un elemento (o di molti, da un CSV); la correzione prevale "
    "sull'etichetta del modello.\n\n"
    "Esempio: passaparola sentiment label 1234567890 negative   "
    "(oppure: passaparola sentiment label --csv fixes.csv)",
    "sentiment train": "Addestra il modello di sentiment predefinito (richiede l'extra \\[train]), "
    "oppure con --workspace lo adatta alle correzioni del workspace (salvato nel workspace, usato dalla "
    "prossima importazione).\n\n"
    "Esempio: passaparola sentiment train --out ./my-model   "
    "(oppure: passaparola sentiment train --workspace ./acme --apply)",
    "sentiment tune": "Sceglie gli iperparametri del modello predefinito con la validazione incrociata "
    "sull'insieme di addestramento (mai su val): il macro-F1 di ogni candidato (richiede l'extra "
    "\\[train]; decine di minuti).\n\n"
    "Esempio: passaparola sentiment tune --data ../shared/data/sentiment",
    "sentiment eval": "Macro-F1 per lingua e matrici di confusione su UMSAB val, sulla parte esclusa di "
    "SENTIPOLC e su TweetEval val (nessuna delle quali è servita ad addestrare il modello).\n\n"
    "Esempio: passaparola sentiment eval --data ../shared/data/sentiment",
    "sentiment apply": "Rivaluta ogni elemento salvato con il modello di sentiment del workspace (dopo "
    "averlo riaddestrato).\n\n"
    "Esempio: passaparola sentiment apply",
}

#: Option and argument help, by its English text.
PARAMS: dict[str, str] = {
    # passaparola (every command)
    "Language of messages: en or it.": "Lingua dei messaggi: en o it.",
    "Install completion for the current shell.": "Installa il completamento per la shell corrente.",
    "Show completion for the current shell, to copy it or customize the installation.": (
        "Mostra il completamento per la shell corrente, per copiarlo o personalizzarne l'installazione."
    ),
    "Workspace folder (default: $PASSAPAROLA_WORKSPACE or the current one).": (
        "Cartella del workspace (predefinita: $PASSAPAROLA_WORKSPACE o quella corrente)."
    ),
    "How many to show.": "Quanti mostrarne.",
    "First local day included (YYYY-MM-DD).": "Primo giorno locale incluso (AAAA-MM-GG).",
    "First local day excluded (YYYY-MM-DD).": "Primo giorno locale escluso (AAAA-MM-GG).",
    "Address to listen on (0.0.0.0 opens it to the network: there is no login).": "Indirizzo su cui "
    "ascoltare (0.0.0.0 lo apre alla rete: non c'è login).",
    "Port to listen on.": "Porta su cui ascoltare.",
    "table, csv or json.": "table, csv o json.",
    "Folder to write the files to.": "Cartella in cui scrivere i file.",
    "Random seed.": "Seme casuale.",
    "The item's platform, when the id is ambiguous.": "La piattaforma dell'elemento, quando l'id è ambiguo.",
    # init
    "Folder to create the workspace in.": "Cartella in cui creare il workspace.",
    "Workspace name (default: the folder's name).": (
        "Nome del workspace (predefinito: il nome della cartella)."
    ),
    "Overwrite an existing passaparola.toml.": "Sovrascrive un passaparola.toml esistente.",
    # import
    "Files, folders or archives (.zip, .tar.gz, .tar.xz, .gz...).": (
        "File, cartelle o archivi (.zip, .tar.gz, .tar.xz, .gz...)."
    ),
    "Force a format instead of sniffing (see `passaparola formats`).": (
        "Impone un formato invece di riconoscerlo (vedi `passaparola formats`)."
    ),
    "Column mapping for CSV/XLSX: canonical=source, repeatable (e.g. --map id=tweet_id).": (
        "Corrispondenza delle colonne per CSV/XLSX: canonica=origine, ripetibile (ad es. --map id=tweet_id)."
    ),
    "A named mapping from \\[mappings.NAME] in passaparola.toml.": (
        "Una corrispondenza con nome, da \\[mappings.NOME] in passaparola.toml."
    ),
    "Platform of a CSV/XLSX table (default: csv).": "Piattaforma di una tabella CSV/XLSX (predefinita: csv).",
    "Sheet of an XLSX workbook (default: the first).": (
        "Foglio di una cartella di lavoro XLSX (predefinito: il primo)."
    ),
    "Items per committed batch.": "Elementi per lotto salvato.",
    # export, reparse
    "parquet, csv or jsonl.": "parquet, csv o jsonl.",
    "Table(s) to export: items, authors, sentiment_corrections, quarantine (default: all).": (
        "Tabelle da esportare: items (elementi), authors (autori), sentiment_corrections (correzioni del "
        "sentiment), quarantine (quarantena) (predefinito: tutte)."
    ),
    "Only items imported with this format.": "Solo gli elementi importati con questo formato.",
    # metrics
    "The metric to compute; without one, list them all.": "La metrica da calcolare; senza, le elenca tutte.",
    "Split by, comma-separated: platform, day/week/month/quarter/year, entity, campaign, kind, "
    "role, via, author, hour_of_week; each metric lists the ones it takes (passaparola metrics).": (
        "Suddivide per, separati da virgole: platform (piattaforma), day/week/month/quarter/year (giorno, "
        "settimana, mese, trimestre, anno), entity (entità), campaign (campagna), kind (tipo), role (ruolo), "
        "via (tramite), author (autore), hour_of_week (ora della settimana); ogni metrica elenca quelle che "
        "accetta (passaparola metrics)."
    ),
    "Compute on Apache Spark instead, over the Parquet tables in this folder (as passaparola export "
    "--format parquet writes them; hdfs:// and s3a:// paths too). Needs passaparola\\[spark].": (
        "Calcola invece su Apache Spark, sulle tabelle Parquet in questa cartella (come le scrive "
        "passaparola export --format parquet; anche percorsi hdfs:// e s3a://). Richiede passaparola\\[spark]."
    ),
    "The Spark master (local[4], spark://host:7077, yarn); default: the running session's, else Spark's "
    "own (spark-defaults.conf, or local).": (
        "Il master di Spark (local[4], spark://host:7077, yarn); predefinito: quello della sessione in corso, "
        "altrimenti quello di Spark (spark-defaults.conf, o locale)."
    ),
    # inbox, threads, thread
    "List the threads still waiting instead, most negative first (mean score of their waiting items).": (
        "Elenca invece le conversazioni ancora in attesa, le più negative prima (punteggio medio dei loro "
        "elementi in attesa)."
    ),
    "Only two-way conversations.": "Solo le conversazioni bidirezionali.",
    "Only conversations the brand never joined.": (
        "Solo le conversazioni a cui il brand non ha mai partecipato."
    ),
    "Any item of the conversation (its root or a reply).": (
        "Un elemento qualsiasi della conversazione (la radice o una risposta)."
    ),
    # demo, generate
    "Folder for the demo workspace.": "Cartella per il workspace demo.",
    "Approximate number of items to generate.": "Numero approssimativo di elementi da generare.",
    "Random seed (same seed, same data).": "Seme casuale (stesso seme, stessi dati).",
    "Approximate number of items (10_000_000 works in bounded memory).": (
        "Numero approssimativo di elementi (anche 10_000_000: la memoria usata resta limitata)."
    ),
    # amplifiers, spread
    "The brand or a competitor, by name (default: the brand).": (
        "Il brand o un concorrente, per nome (predefinito: il brand)."
    ),
    "Only content first posted by this entity's accounts.": (
        "Solo i contenuti pubblicati per primi dagli account di questa entità."
    ),
    # report
    "Language of the report: it or en (default: the workspace's).": (
        "Lingua del report: it o en (predefinita: quella del workspace)."
    ),
    "File to write (default: report.html or report.pdf).": (
        "File da scrivere (predefinito: report.html o report.pdf)."
    ),
    "html (self-contained, offline) or pdf.": "html (autonomo, consultabile offline) o pdf.",
    # alerts
    "Check this local day only (default: every day since the last check).": (
        "Controlla solo questo giorno locale (predefinito: ogni giorno dall'ultimo controllo)."
    ),
    "Check every local day from this one to the newest item's.": (
        "Controlla ogni giorno locale da questo a quello dell'elemento più recente."
    ),
    "How many fired alerts to list.": "Quanti avvisi scattati elencare.",
    # audit
    "Entity to audit in full (default: the brand).": (
        "Entità di cui fare l'audit completo (predefinita: il brand)."
    ),
    "Audit every entity in full.": "Audit completo di ogni entità.",
    "First local day (YYYY-MM-DD).": "Primo giorno locale (AAAA-MM-GG).",
    "First local day not counted.": "Primo giorno locale non conteggiato.",
    "Without data: answer about 20 questions in the terminal instead.": (
        "Senza dati: si risponde invece a circa 20 domande nel terminale."
    ),
    "With --questionnaire: read the answers from a YAML file.": (
        "Con --questionnaire: legge le risposte da un file YAML."
    ),
    "With --questionnaire: the name to show for you.": "Con --questionnaire: il nome con cui comparire.",
    "Print a YAML answers file to fill in, and stop.": (
        "Stampa un file YAML di risposte da compilare e termina."
    ),
    # top
    "posts (posts, replies, quotes) or authors.": "posts (post, risposte, citazioni) o authors (autori).",
    "Brand or competitor name (default: the brand).": (
        "Nome del brand o di un concorrente (predefinito: il brand)."
    ),
    "engagement (interactions) or rate (engagement rate by followers).": (
        "engagement (interazioni) o rate (tasso di engagement sui follower)."
    ),
    "Only one media class: owned, paid or earned.": (
        "Solo una classe di media: owned (di proprietà), paid (a pagamento) o earned (guadagnati)."
    ),
    # topics
    "The brand or a competitor, by name (default: all items).": (
        "Il brand o un concorrente, per nome (predefinito: tutti gli elementi)."
    ),
    "Terms whose daily count jumps against their own 28-day history.": (
        "I termini il cui conteggio giornaliero fa un balzo rispetto alla loro storia dei 28 giorni "
        "precedenti."
    ),
    # cascades, cascade
    "Order by virality, size or depth.": (
        "Ordina per virality (viralità), size (dimensione) o depth (profondità)."
    ),
    "Count replies in the cascades, beside shares and quotes.": (
        "Conta nelle cascate anche le risposte, oltre a condivisioni e citazioni."
    ),
    "Any item of the cascade (the original or a share).": (
        "Un elemento qualsiasi della cascata (l'originale o una condivisione)."
    ),
    "Levels shown below the original.": "Livelli mostrati sotto l'originale.",
    "Children shown under each item.": "Figli mostrati sotto ogni elemento.",
    "Also draw the whole tree to this SVG file.": "Disegna anche l'albero intero in questo file SVG.",
    "Count replies in the cascade.": "Conta nella cascata anche le risposte.",
    # graph
    "pagerank, indegree (distinct authors reaching) or coreness.": (
        "pagerank, indegree (autori distinti che lo raggiungono) o coreness."
    ),
    "Only this platform's interactions.": "Solo le interazioni di questa piattaforma.",
    "File to write.": "File da scrivere.",
    "gexf or graphml.": "gexf o graphml.",
    # plan
    "First local day not counted (default: the day after the newest item).": (
        "Primo giorno locale non conteggiato (predefinito: il giorno dopo l'elemento più recente)."
    ),
    "dialogue, awareness, care or growth.": (
        "dialogue (dialogo), awareness (notorietà), care (assistenza) o growth (crescita)."
    ),
    "Day the plan starts (default: 4 weeks before the newest item's week, so it shows progress at once; "
    "this week on an empty store).": (
        "Giorno di inizio del piano (predefinito: 4 settimane prima della settimana dell'elemento più "
        "recente, così mostra subito l'avanzamento; questa settimana se l'archivio è vuoto)."
    ),
    "Replace an existing \\[plan].": "Sostituisce un \\[plan] esistente.",
    # sentiment
    "The item's id.": "L'id dell'elemento.",
    "positive, neutral or negative.": "positive, neutral o negative.",
    "The item's platform, when the id is on several.": (
        "La piattaforma dell'elemento, quando l'id è su più piattaforme."
    ),
    "CSV of corrections with columns id, label (and platform).": (
        "CSV di correzioni con le colonne id, label (e platform)."
    ),
    "Adapt this workspace's model to its corrections instead.": (
        "Adatta invece il modello di questo workspace alle sue correzioni."
    ),
    "The sentiment corpora (UMSAB, SENTIPOLC, TweetEval, lexicons).": (
        "I corpora di sentiment (UMSAB, SENTIPOLC, TweetEval, lessici)."
    ),
    "Folder to save the model to (required without --workspace; never the installed one).": (
        "Cartella in cui salvare il modello (obbligatoria senza --workspace; mai quella installata)."
    ),
    "Re-score the stored items afterwards.": "Poi rivaluta gli elementi salvati.",
    "Train on UMSAB alone (SENTIPOLC's terms are research-only).": (
        "Addestra solo su UMSAB (le condizioni di SENTIPOLC ne consentono l'uso solo per la ricerca)."
    ),
    "Random seed (folds).": "Seme casuale (suddivisione in parti).",
    "Model folder, default format or ONNX transformer (default: the shipped model).": (
        "Cartella del modello, nel formato predefinito o transformer ONNX (predefinita: il modello fornito)."
    ),
    "Also: F1 bought by N corrections (retrains; minutes).": (
        "Anche: quanto F1 si guadagna con N correzioni (riaddestra; minuti)."
    ),
}
