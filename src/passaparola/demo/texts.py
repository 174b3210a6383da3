"""Sentences for the demo dataset, in Italian and English, by role, situation and tone.

``{brand}`` is the brand's name, ``{at}`` its handle with ``@``, ``{user}`` the person answered,
``{tag}`` a product hashtag, ``{url}`` a link.
"""

from __future__ import annotations

CONSUMER = {
    "it": {
        "positive": [
            "Il nuovo espresso di {brand} è fantastico! ☕😍 {at}",
            "Colazione perfetta con la miscela {tag} di {brand}, consigliatissima",
            "{at} le vostre capsule compostabili sono una svolta, bravi!",
            "Finalmente un caffè che sa di caffè. Grazie {at} 🙌",
            "Provata la nuova macchinetta {brand}: silenziosa e velocissima. Promossa! #caffè",
            "Che profumo stamattina… {brand} non delude mai",
        ],
        "negative": [
            "Capsule {brand} arrivate tutte rotte, delusione totale 😡 {at}",
            "Terza volta che la macchinetta {brand} si blocca. {at} qualcuno mi risponde?",
            "{at} ordine in ritardo di due settimane e nessuna notizia. Pessimo servizio",
            "Il caffè {brand} è peggiorato parecchio, sa di bruciato. Non lo ricompro",
            "Assistenza {brand} introvabile, il numero verde non risponde mai 😤",
        ],
        "neutral": [
            "Qualcuno ha provato la nuova miscela {brand}? {tag}",
            "Oggi al bar sotto l'ufficio servono {brand}",
            "Visto lo spot di {brand} in tv stasera",
            "{brand} apre un nuovo punto vendita a Torino",
        ],
        "question": [
            "{at} come posso restituire un ordine arrivato danneggiato?",
            "{at} dove trovo le capsule {tag} a Milano?",
            "Come si fa la decalcificazione della macchina {brand}? {at}",
            "{at} avete capsule senza lattosio? Grazie",
            "Qualcuno sa se {brand} spedisce anche in Svizzera?",
        ],
        "reply_consumer": [
            "Anche a me è successo, che rabbia",
            "Concordo, la miscela classica resta la migliore",
            "Io l'ho trovata all'Esselunga, prova lì",
            "Secondo me esageri, a me piace",
            "Stessa esperienza, ho scritto anche io ma niente",
        ],
        "followup": [
            "Grazie, vi ho scritto in DM",
            "Ancora nessuna risposta in DM…",
            "Risolto, grazie mille per la disponibilità!",
            "Ok, aspetto notizie",
        ],
    },
    "en": {
        "positive": [
            "Loving the new espresso from {brand} ☕😍 {at}",
            "{brand} {tag} is my new morning ritual. Highly recommend!",
            "{at} your compostable pods are brilliant, well done",
            "Best coffee I've had at home, thanks {at} 🙌",
        ],
        "negative": [
            "My {brand} pods arrived crushed. Really disappointed {at} 😡",
            "{at} my order is two weeks late and nobody answers. Terrible service",
            "The {brand} machine keeps leaking. Not impressed",
            "{brand} coffee tastes burnt lately, won't buy again",
        ],
        "neutral": [
            "Has anyone tried the new {brand} blend? {tag}",
            "Saw a {brand} ad on the tram today",
            "{brand} is opening a store in London apparently",
        ],
        "question": [
            "{at} how do I return a damaged order?",
            "{at} where can I buy {tag} pods in Berlin?",
            "How do I descale my {brand} machine? {at}",
            "{at} do you ship to Ireland?",
        ],
        "reply_consumer": [
            "Same thing happened to me",
            "Agreed, the classic blend is still the best",
            "Try the supermarket near the station, they stock it",
            "Honestly I like it",
        ],
        "followup": [
            "Thanks, sent you a DM",
            "Still no reply to my DM…",
            "Sorted, thank you so much!",
        ],
    },
}

BRAND = {
    "it": {
        "post": [
            "Nuova miscela autunnale disponibile da oggi! 🍂 {tag} {url}",
            "Buongiorno! Come prendete il caffè oggi? ☕",
            "Dietro le quinte della nostra torrefazione a Trieste 🔥 {url}",
            "Il segreto di un buon espresso? Acqua, pressione e pazienza. {tag}",
            "Vi aspettiamo al Salone del Gusto, stand 42! {url}",
            "Capsule 100% compostabili: ecco come smaltirle {url}",
        ],
        "campaign": [
            "L'estate è più buona con {tag}: scopri l'edizione limitata {url}",
            "Solo per pochi giorni: la nuova {tag} in offerta {url}",
        ],
        "answer": [
            "Ciao @{user}, ci dispiace molto! Scrivici in DM il numero d'ordine e risolviamo subito.",
            "Grazie mille @{user}! 😊 Buon caffè!",
            "@{user} certo! Trovi tutti i punti vendita qui: {url}",
            "@{user} ti abbiamo risposto in privato, grazie per la pazienza.",
            "Ciao @{user}, la decalcificazione si fa ogni 3 mesi: guida qui {url}",
        ],
    },
    "en": {
        "post": [
            "Our autumn blend is out today! 🍂 {tag} {url}",
            "Good morning! How do you take your coffee today? ☕",
            "Behind the scenes at our Trieste roastery 🔥 {url}",
        ],
        "campaign": [
            "Summer tastes better with {tag}: limited edition here {url}",
        ],
        "answer": [
            "Hi @{user}, so sorry about this! Please DM us your order number and we'll fix it.",
            "Thank you @{user}! 😊 Enjoy your coffee!",
            "@{user} of course! Find a store near you here: {url}",
        ],
    },
}

SPONSORED = {
    "it": [
        "Le mie mattine iniziano così ☕ con {at} #adv {tag}",
        "In collaborazione con {at}: la nuova miscela è davvero top! #sponsorizzato",
        "Ho provato la macchina {brand} per una settimana, ecco com'è andata #adv {url}",
    ],
    "en": [
        "My mornings start like this ☕ with {at} #ad {tag}",
        "Partnered with {at} to try their new blend, and wow #sponsored",
    ],
}

SHOWCASE = {
    "it": [
        "{brand}: la tradizione del caffè dal 1952. {url}",
        "Scopri la nostra gamma di capsule {tag} {url}",
        "{brand}. Semplicemente caffè.",
    ],
    "en": ["{brand}: coffee tradition since 1952. {url}"],
}

REDDIT_TITLES = {
    "it": [
        "Opinioni su {brand}?",
        "Macchinetta {brand} che perde acqua, consigli?",
        "Miglior caffè in capsule: {brand} vs altri",
        "Esperienza con l'assistenza {brand}",
    ],
    "en": [
        "Thoughts on {brand} coffee?",
        "{brand} machine leaking, any fix?",
        "Best pod coffee: {brand} vs the rest",
    ],
}

VIDEO_TITLES = {
    "it": [
        "{brand} | Come nasce un espresso",
        "{brand} | La nuova miscela {tag}",
        "{brand} | Tutorial decalcificazione",
    ],
    "en": ["{brand} | How an espresso is made", "{brand} | Descaling tutorial"],
}

FIRST_NAMES = [
    "Giulia",
    "Marco",
    "Francesca",
    "Luca",
    "Chiara",
    "Alessandro",
    "Sara",
    "Matteo",
    "Elena",
    "Davide",
    "Martina",
    "Lorenzo",
    "Anna",
    "Simone",
    "Valentina",
    "Andrea",
    "Federica",
    "Paolo",
    "Laura",
    "Stefano",
    "Emma",
    "Oliver",
    "Sophie",
    "James",
    "Charlotte",
    "Noah",
    "Mia",
    "Liam",
]
LAST_NAMES = [
    "Rossi",
    "Bianchi",
    "Romano",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Gallo",
    "Conti",
    "DeLuca",
    "Costa",
    "Giordano",
    "Mancini",
    "Rizzo",
    "Lombardi",
    "Moretti",
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Wilson",
]
