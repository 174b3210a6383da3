"""Questions in Italian and English on hand-written cases: marks, request patterns without the mark,
rhetorical formulas, exclamations and links whose ``?`` asks nothing."""

from __future__ import annotations

import orjson
import pytest

from passaparola.enrich import questions
from passaparola.enrich.questions import is_question
from passaparola.reparse import reparse
from tests.conftest import import_paths, rows

ITALIAN_QUESTIONS = [
    "@caffeaurora come posso restituire un ordine arrivato danneggiato?",
    "@caffeaurora dove trovo le capsule #aurora a Milano?",
    "Come si fa la decalcificazione della macchina? @caffeaurora",
    "@caffeaurora avete capsule senza lattosio? Grazie",
    "Qualcuno sa se spediscono anche in Svizzera?",
    "quando arriva il mio ordine??",
    "Il mio ordine è in ritardo di due settimane, quando arriva?!",
    "Spedite anche in Svizzera?",
    "Ma le capsule sono compostabili davvero?",
    "Perché la macchina perde acqua?",
    "Qual è la vostra miscela più intensa？",
    # request patterns without the question mark
    "come posso cambiare l'indirizzo di consegna",
    "Ciao, come faccio a registrare la garanzia",
    "Buongiorno @caffeaurora, qualcuno sa se il negozio di Torino è aperto oggi",
    "mi sapete dire se la macchinetta è compatibile con le capsule vecchie",
    "Potete aiutarmi con un reso",
    "vorrei sapere i tempi di spedizione per la Sicilia.",
    "È possibile cambiare il colore dopo l'ordine",
    "c\u2019è modo di annullare l'abbonamento",
    "Scusate, dove posso comprare i filtri",
    "quanto costa la spedizione in Sardegna",
    "Ho scritto ieri. Sapete quando riaprite il negozio",
    "Guarda qui https://aurora.example/p?id=3 e dimmi: è compatibile?",
]

ITALIAN_STATEMENTS = [
    "Il nuovo espresso è fantastico! ☕😍",
    "Colazione perfetta con la miscela di Aurora, consigliatissima",
    "Ecco come preparare un espresso perfetto: https://aurora.example/guida?step=1",
    "Non so come posso ringraziarvi per la disponibilità",
    "Come posso ringraziarvi!",
    "Come sempre, ottimo caffè",
    "Come è buono questo caffè!",
    "Ma stiamo scherzando?",
    "Chi se ne frega?",
    "Ma scherziamo?!",
    "Cosa volere di più?",
    "Indovinate un po'?",
    "Davvero??",
    "Ma dai?!",
    "???",
    "Perché no?",
    "Che buono! Non è fantastico?",
    "Dove c'è Aurora c'è casa",
    "Quando il caffè è buono si sente",
    "Oggi al bar sotto l'ufficio servono Aurora",
    "Leggi l'intervista: https://www.giornale.example/articolo?id=12&ref=home",
    "Promo su aurora.example/shop?coupon=ESTATE fino a domenica",
    "Risolto, grazie mille per la disponibilità!",
    "Vi ho scritto in DM",
]

ENGLISH_QUESTIONS = [
    "@caffeaurora how do I return a damaged order?",
    "@caffeaurora where can I buy the pods in Berlin?",
    "How do I descale my machine? @caffeaurora",
    "@caffeaurora do you ship to Ireland?",
    "Has anyone tried the new blend?",
    "Where is my order?!",
    "Is the new machine worth it??",
    "What time does the London store open?",
    "Why?",
    "You ship to Canada, right?",
    # request patterns without the question mark
    "how do I reset the machine",
    "Hi, can you check my order status please",
    "does anyone know if the pods are compostable",
    "Anyone know where to buy Aurora in Leeds",
    "Could you please send me a replacement",
    "is there a way to change my delivery address",
    "I was wondering if you ship to Norway.",
    "any update on my refund",
    "Please advise, the machine keeps leaking",
    "When will my order arrive",
    "Why is my order still not here",
    "Hello @caffeaurora, where can I find the manual",
    "Details at https://x.com/a?b=1 - is it possible to pre-order",
]

ENGLISH_STATEMENTS = [
    "Loving the new espresso ☕😍",
    "Best coffee I've had at home, thanks 🙌",
    "https://x.com/a?b=1",
    "Read more at https://blog.example/post?id=7&utm_source=tw",
    "Who cares?",
    "Are you kidding me?!",
    "How cool is that?",
    "Guess what?",
    "What could possibly go wrong?",
    "What?!",
    "Seriously??",
    "Can you believe this?",
    "Why not?",
    "What's not to love?",
    "How to make the perfect espresso: a guide",
    "Here's how we roast our beans",
    "How do I even begin to thank you!",
    "When I drink this coffee I feel at home",
    "What a day.",
    "Where the magic happens ✨",
    "My order arrived, all good",
    "Same thing happened to me",
    "I know what you mean",
    "Saw an ad on the tram today #coffee",
]


@pytest.mark.parametrize("text", ITALIAN_QUESTIONS + ENGLISH_QUESTIONS)
def test_questions_are_found(text):
    assert is_question(text) is True


@pytest.mark.parametrize("text", ITALIAN_STATEMENTS + ENGLISH_STATEMENTS)
def test_statements_rhetoric_exclamations_and_links_are_not_questions(text):
    assert is_question(text) is False


def test_enough_hand_written_cases_in_each_language():
    assert min(map(len, (ITALIAN_QUESTIONS, ITALIAN_STATEMENTS, ENGLISH_QUESTIONS, ENGLISH_STATEMENTS))) >= 20


def test_no_text_is_unknown():
    assert is_question(None) is None and is_question("") is None


def test_enrichment_marks_items_shares_and_titles():
    batch = [
        {"kind": "post", "text": "Come posso abbonarmi?"},
        {"kind": "post", "text": "Buongiorno!"},
        # a share repeats someone else's question: the sharer asks nothing
        {"kind": "share", "text": "Come posso abbonarmi?"},
        # a Reddit submission asks in its title
        {"kind": "post", "title": "How do I descale an Aurora Mini?", "text": "It beeps twice."},
        # no text, no title: unknown, not "not a question"
        {"kind": "post", "text": None},
    ]
    questions.fill(batch)
    assert [item["is_question"] for item in batch] == [True, False, False, True, None]


def test_import_sets_is_question_and_reparse_recomputes_it(store, tmp_path):
    user = {"id_str": "1", "screen_name": "anna", "followers_count": 10}
    texts = {"1": "@caffeaurora come posso cambiare indirizzo?", "2": "Buongiorno! https://x.com/a?b=1"}
    path = tmp_path / "tweets.jsonl"
    path.write_bytes(
        b"".join(
            orjson.dumps(
                {"id_str": i, "created_at": "Wed Aug 27 13:08:45 +0000 2025", "text": t, "user": user}
            )
            + b"\n"
            for i, t in texts.items()
        )
    )
    import_paths(store, path)
    assert rows(store, "SELECT id, is_question FROM items ORDER BY id") == [("1", True), ("2", False)]
    store.con.execute("UPDATE items SET is_question = NULL")
    assert reparse(store).changed == 2
    assert rows(store, "SELECT id, is_question FROM items ORDER BY id") == [("1", True), ("2", False)]
