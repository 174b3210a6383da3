"""Is an item a question? Italian and English, from the text alone, fast enough for every imported item.

The rule, sentence by sentence (a sentence ends at ``.``, ``!``, ``?``, ``…`` or a line break):

- Links are removed first, so the ``?`` of ``https://x.com/a?b=1`` asks nothing.
- A sentence ending in ``?`` (``??``, ``?!`` and ``？`` too) is a question, unless it is a rhetorical
  formula ("who cares?", "ma stiamo scherzando?", "how cool is that?") or only an interjection
  ("what?!", "davvero??"), or has no word in it at all (``???``).
- A sentence without ``?`` is a question when one of its clauses opens with a request pattern, as people
  often leave the mark out: "come posso cambiare indirizzo", "qualcuno sa se…", "how do I reset it",
  "does anyone know…", "could you check my order". A greeting or @handle before it does not matter;
  a sentence that ends in ``!`` is an exclamation ("come posso ringraziarvi!"), not a question.

An item is a question when its title or its text holds a question sentence. A share (retweet, reblog)
repeats someone else's words and asks nothing itself, so it is never a question; an item with no text
stays unknown (null).
"""

from __future__ import annotations

import re
from typing import Any

_LINK = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)+/\S*", re.IGNORECASE)
_SENTENCE = re.compile(r"([^.!?？…\n]*)([.!?？…\n]+|$)")
_CLAUSE = re.compile(r"[,;:\u2013\u2014(]|\s-\s")
_LETTER = re.compile(r"[^\W\d_]")
_LEAD = re.compile(
    r"^(?:\s*(?:[@#][\w.]+|ciao|salve|buongiorno|buonasera|scusate|scusa|allora|ma|e|hi|hello|hey|"
    r"excuse me|sorry|so|and|but|please|per favore)\b[\s,]*)*",
    re.IGNORECASE,
)

_REQUEST = re.compile(
    r"^(?:"
    # Italian
    r"come (?:posso|possiamo|faccio|facciamo|devo|dobbiamo|mai|si fa a|funziona)\b"
    r"|dove (?:posso|possiamo|trovo|trovare|si trova|si trovano|devo|compro|acquisto)\b"
    r"|quando (?:arriva|arrivano|arriverà|arriveranno|spedite|riaprite|uscirà|esce)\b"
    r"|quanto (?:costa|costano|tempo|ci vuole|ci vogliono|ci mette)\b"
    r"|qualcuno (?:sa|sà|conosce|mi sa|ha provato|ha notizie)\b"
    r"|(?:sapete|sai|sapreste|sapresti) (?:se|dove|come|quando|perch[eé]|dirmi|indicarmi)\b"
    r"|mi (?:sapete|sapreste|potete|potreste|puoi|potresti|sai) (?:dire|aiutare|spiegare|indicare|"
    r"mandare|contattare|richiamare)\b"
    r"|(?:potete|potreste|puoi|potresti) (?:aiutarmi|dirmi|spiegarmi|indicarmi|mandarmi|contattarmi|"
    r"richiamarmi|verificare|controllare)\b"
    r"|vorrei (?:sapere|capire|chiedere|informazioni)\b"
    r"|(?:è|e'|é) possibile\b"
    r"|c'è (?:modo|un modo|la possibilità)\b"
    r"|chi (?:sa|mi sa|mi può|può aiutarmi)\b"
    # English
    r"|how (?:do|can|could|should|would) (?:i|we|you|one)\b"
    r"|where (?:can|do|could|should) (?:i|we)\b"
    r"|where is my\b"
    r"|when (?:will|does|do|is|are|can|should) (?:my|the|i|we|you|it)\b"
    r"|why (?:is|does|do|are|did|has|hasn't|isn't|can't|won't|didn't) (?:my|the|it|i|you|this)\b"
    r"|(?:does|do) (?:anyone|anybody|someone|somebody) (?:know|have|sell)\b"
    r"|(?:anyone|anybody) (?:know|knows|tried|have|has)\b"
    r"|(?:can|could|would) (?:you|someone|somebody|anyone|u) (?:please )?(?:help|tell|explain|check|send|"
    r"let|confirm|look|advise|dm|fix|update|refund|replace|call)\b"
    r"|is there (?:a way|any way|anyone|anybody|a number)\b"
    r"|is it possible\b"
    r"|i(?:'d| would) like to know\b"
    r"|i (?:was |am )?wonder(?:ing)?\b"
    r"|any (?:idea|ideas|tips|advice|update|news)\b"
    r"|(?:advise|help me|let me know)\b"
    r"|what(?:'s| is) the best way\b"
    r")",
    re.IGNORECASE,
)

_RHETORICAL = re.compile(
    r"^(?:"
    # Italian
    r"chi se ne frega|(?:ma )?stiamo scherzando|(?:ma )?scherziamo|(?:ma )?scherzate|mi prendete in giro"
    r"|ci prendete in giro|ma siete seri|ma siete matti|ma che scherzi sono|cosa (?:volere|chiedere|"
    r"desiderare) di più|che (?:altro )?dire|chi l'avrebbe (?:mai )?detto|indovinate(?: un po')?"
    r"|sapete che c'è|perch[eé] no|non è (?:fantastico|meraviglioso|bellissimo|stupendo|splendido)"
    r"|chi non (?:ama|adora)|ma ti pare|ma vi pare|ma come si fa"
    # English
    r"|who cares|who knew|are you (?:kidding|joking|serious)|can you believe|what could (?:possibly )?go "
    r"wrong|what more could (?:you|i|anyone|we) (?:want|ask for)|isn't (?:it|this|that) (?:great|amazing|"
    r"lovely|wonderful|beautiful)|how (?:cool|awesome|amazing|great|good|lucky|cute|sweet) is (?:that|this)"
    r"|guess what|you know what|why not|what's not to (?:love|like)|need i say more|who doesn't (?:love|"
    r"like)|am i right"
    r")(?: me| us| it| this| that)?\W*$",
    re.IGNORECASE,
)

_INTERJECTION = re.compile(
    r"^(?:what|really|seriously|huh|eh|wtf|omg|davvero|sul serio|serio|cosa|come|dai|ma dai|va|ma va|ah|oh|"
    r"no|ok|boh|quindi)\W*$",
    re.IGNORECASE,
)


def is_question(text: str | None) -> bool | None:
    """Whether ``text`` asks something (see the module's rule); ``None`` when there is no text."""
    if not text:
        return None
    for body, end in _SENTENCE.findall(_LINK.sub(" ", text.replace("\u2019", "'"))):
        if not _LETTER.search(body):
            continue
        if "?" in end or "？" in end:
            sentence = _LEAD.sub("", body.strip())
            if not (_RHETORICAL.match(sentence) or _INTERJECTION.match(sentence)):
                return True
        elif "!" not in end and any(
            _REQUEST.match(_LEAD.sub("", clause.strip())) for clause in _CLAUSE.split(body)
        ):
            return True
    return False


def fill(batch: list[dict[str, Any]]) -> None:
    """Set ``is_question`` on a batch of canonical item dicts."""
    for item in batch:
        text, title = item.get("text"), item.get("title")
        if not text and not title:
            item["is_question"] = None
        elif item.get("kind") == "share":
            item["is_question"] = False
        else:
            item["is_question"] = bool(is_question(title) or is_question(text))
