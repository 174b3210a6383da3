"""RSS and Atom importer: hand-built feeds (WordPress posts and comments, Atom news, RSS 1.0), sniffing,
broken XML, and hypothesis fuzzing of truncated, mis-encoded, retyped and deeply nested feeds."""

from __future__ import annotations

import io
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from passaparola.canonical import KINDS, MappingError, canonical_urls
from passaparola.sources import ImportOptions, Record, Reject, Skipped, sniff
from passaparola.sources import rss as rss_format
from passaparola.sources.inputs import Entry, Peek
from passaparola.store import Store, decompress_raw
from tests.conftest import import_paths, rows

# A WordPress blog's RSS 2.0 posts feed, as WordPress writes it: CDATA descriptions, content:encoded,
# dc:creator, wfw:commentRss, slash:comments, categories, an enclosure; Italian text with entities.
WORDPRESS_POSTS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:wfw="http://wellformedweb.org/CommentAPI/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:atom="http://www.w3.org/2005/Atom"
\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
\txmlns:slash="http://purl.org/rss/1.0/modules/slash/"
\t>

<channel>
\t<title>Caff&#232; Aurora &#8211; Il blog</title>
\t<atom:link href="https://www.caffeaurora.it/feed/" rel="self" type="application/rss+xml" />
\t<link>https://www.caffeaurora.it</link>
\t<description>Storie di caff&#232;, torrefazione e ricette</description>
\t<lastBuildDate>Mon, 04 Mar 2024 09:12:40 +0000</lastBuildDate>
\t<language>it-IT</language>
\t<sy:updatePeriod>hourly</sy:updatePeriod>
\t<generator>https://wordpress.org/?v=6.4.3</generator>
\t<item>
\t\t<title>Il nuovo blend &#8220;Alba&#8221; &#232; arrivato</title>
\t\t<link>https://www.caffeaurora.it/2024/03/nuovo-blend-alba/?utm_source=rss&#038;utm_medium=rss</link>
\t\t<comments>https://www.caffeaurora.it/2024/03/nuovo-blend-alba/#respond</comments>
\t\t<dc:creator><![CDATA[Giulia Bianchi]]></dc:creator>
\t\t<pubDate>Mon, 04 Mar 2024 08:30:00 +0100</pubDate>
\t\t<category><![CDATA[Novità]]></category>
\t\t<category><![CDATA[Caffè Aurora]]></category>
\t\t<guid isPermaLink="false">https://www.caffeaurora.it/?p=101</guid>
\t\t<description><![CDATA[<p>Dopo due anni di prove, il blend <strong>Alba</strong> &egrave; pronto: 70% arabica, 30% robusta.</p>
<p>Lo trovate <a href="https://shop.caffeaurora.it/alba?utm_campaign=alba&amp;fbclid=XYZ">nel nostro shop</a>.</p>]]></description>
\t\t<content:encoded><![CDATA[<h2>Un caff&egrave; per la mattina</h2>
<p>Dopo due anni di prove, il blend <strong>Alba</strong> &egrave; pronto: 70% arabica, 30% robusta.</p>
<p>Lo trovate <a href="https://shop.caffeaurora.it/alba?utm_campaign=alba&amp;fbclid=XYZ">nel nostro shop</a>
e nei bar di <a href="https://www.caffeaurora.it/bar/">Torino</a>.</p>
<script>alert("x")</script>]]></content:encoded>
\t\t<wfw:commentRss>https://www.caffeaurora.it/2024/03/nuovo-blend-alba/feed/</wfw:commentRss>
\t\t<slash:comments>4</slash:comments>
\t\t<enclosure url="https://www.caffeaurora.it/wp-content/uploads/alba.mp3" length="1234" type="audio/mpeg" />
\t</item>
\t<item>
\t\t<title>Coffee &amp; Co. at the London Coffee Festival</title>
\t\t<link>https://www.caffeaurora.it/en/2024/02/london-coffee-festival/</link>
\t\t<author>press@caffeaurora.it (Ufficio Stampa)</author>
\t\t<pubDate>Thu, 29 Feb 2024 17:00:00 GMT</pubDate>
\t\t<description>We will be at stand &lt;b&gt;B12&lt;/b&gt; &#8211; come &amp; taste our espresso!</description>
\t</item>
\t<item>
\t\t<title>Orari festivi</title>
\t\t<pubDate>Wed, 28 Feb 2024 12:00:00 +0100</pubDate>
\t\t<description>Il 1&#176; marzo siamo chiusi.</description>
\t</item>
</channel>
</rss>
"""

# Comments on that post: WordPress's RSS 2.0 comments feed (no threading facts in RSS 2.0).
WORDPRESS_COMMENTS_RSS = """<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"
\txmlns:content="http://purl.org/rss/1.0/modules/content/"
\txmlns:dc="http://purl.org/dc/elements/1.1/"
\txmlns:atom="http://www.w3.org/2005/Atom"
\txmlns:sy="http://purl.org/rss/1.0/modules/syndication/"
\t>
<channel>
\t<title>Commenti a: Il nuovo blend &#8220;Alba&#8221; &#232; arrivato</title>
\t<atom:link href="https://www.caffeaurora.it/2024/03/nuovo-blend-alba/feed/" rel="self" type="application/rss+xml" />
\t<link>https://www.caffeaurora.it/2024/03/nuovo-blend-alba/</link>
\t<description>Storie di caff&#232;, torrefazione e ricette</description>
\t<lastBuildDate>Tue, 05 Mar 2024 10:01:02 +0000</lastBuildDate>
\t<sy:updatePeriod>hourly</sy:updatePeriod>
\t<item>
\t\t<title>Di: Marco</title>
\t\t<link>https://www.caffeaurora.it/2024/03/nuovo-blend-alba/#comment-7</link>
\t\t<dc:creator><![CDATA[Marco]]></dc:creator>
\t\t<pubDate>Mon, 04 Mar 2024 10:15:00 +0000</pubDate>
\t\t<guid isPermaLink="false">https://www.caffeaurora.it/?p=101#comment-7</guid>
\t\t<description><![CDATA[Provato stamattina: ottimo! Ma costa troppo &#x1f615;]]></description>
\t\t<content:encoded><![CDATA[<p>Provato stamattina: ottimo! Ma costa troppo &#x1f615;</p>
]]></content:encoded>
\t</item>
</channel>
</rss>
"""

# WordPress's Atom comments feed for the whole site, with RFC 4685 threading (bound to prefix "t" here,
# which is legal XML and must work as well as WordPress's "thr").
WORDPRESS_COMMENTS_ATOM = """<?xml version="1.0" encoding="UTF-8" ?>
<feed
\txmlns="http://www.w3.org/2005/Atom"
\txml:lang="it-IT"
\txmlns:t="http://purl.org/syndication/thread/1.0"
\t>
\t<title type="text">Commenti per Caff&#232; Aurora</title>
\t<subtitle type="text">Storie di caffè, torrefazione e ricette</subtitle>
\t<updated>2024-03-05T10:01:02Z</updated>
\t<link rel="alternate" type="text/html" href="https://www.caffeaurora.it" />
\t<link rel="self" type="application/atom+xml" href="https://www.caffeaurora.it/comments/feed/atom/" />
\t<id>https://www.caffeaurora.it/comments/feed/atom/</id>
\t<entry>
\t\t<title>
\t\tCommento su Il nuovo blend &#8220;Alba&#8221; &#232; arrivato di Caffè Aurora\t\t</title>
\t\t<link rel="alternate" href="https://www.caffeaurora.it/2024/03/nuovo-blend-alba/#comment-8" type="text/html" />
\t\t<author>
\t\t\t<name>Caffè Aurora</name>
\t\t\t<uri>https://www.caffeaurora.it</uri>
\t\t</author>
\t\t<id>https://www.caffeaurora.it/?p=101#comment-8</id>
\t\t<updated>2024-03-04T11:00:00Z</updated>
\t\t<published>2024-03-04T11:00:00Z</published>
\t\t<content type="html" xml:base="https://www.caffeaurora.it/2024/03/nuovo-blend-alba/#comment-8"><![CDATA[<p>Ciao Marco, grazie! Questa settimana c&#8217;&#232; lo sconto: <a href="/promo/">guarda qui</a></p>
]]></content>
\t\t<t:in-reply-to ref="https://www.caffeaurora.it/?p=101#comment-7" href="https://www.caffeaurora.it/2024/03/nuovo-blend-alba/#comment-7" type="text/html" />
\t</entry>
\t<entry>
\t\t<title>
\t\tCommento su Il nuovo blend &#8220;Alba&#8221; &#232; arrivato di Marco\t\t</title>
\t\t<link rel="alternate" href="https://www.caffeaurora.it/2024/03/nuovo-blend-alba/#comment-7" type="text/html" />
\t\t<author>
\t\t\t<name>Marco</name>
\t\t</author>
\t\t<id>https://www.caffeaurora.it/?p=101#comment-7</id>
\t\t<updated>2024-03-04T10:15:00Z</updated>
\t\t<published>2024-03-04T10:15:00Z</published>
\t\t<content type="html" xml:base="https://www.caffeaurora.it/2024/03/nuovo-blend-alba/#comment-7"><![CDATA[<p>Provato stamattina: ottimo! Ma costa troppo &#x1f615;</p>
]]></content>
\t\t<t:in-reply-to ref="https://www.caffeaurora.it/?p=101" href="https://www.caffeaurora.it/2024/03/nuovo-blend-alba/" type="text/html" />
\t</entry>
</feed>
"""

# An English news site's Atom feed: feed-level author, xhtml content, a tag: id, a relative link.
ATOM_NEWS = """<?xml version="1.0" encoding="utf-8"?>
<?xml-stylesheet type="text/xsl" href="/feed.xsl"?>
<!-- generated by a static site generator -->
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB" xml:base="https://news.example.co.uk/">
  <title type="html">Coffee &amp;amp; Markets</title>
  <link href="https://news.example.co.uk/" rel="alternate"/>
  <link href="https://news.example.co.uk/atom.xml" rel="self"/>
  <id>tag:news.example.co.uk,2024:feed</id>
  <updated>2024-03-02T09:00:00+00:00</updated>
  <author><name>The Newsroom</name><email>newsroom@news.example.co.uk</email></author>
  <entry>
    <title type="html">Arabica prices hit a 2-year high &lt;em&gt;again&lt;/em&gt;</title>
    <link href="/2024/03/arabica-prices?utm_source=feed" rel="alternate"/>
    <id>tag:news.example.co.uk,2024-03-02:/2024/03/arabica-prices</id>
    <published>2024-03-02T08:45:00-05:00</published>
    <updated>2024-03-02T10:00:00Z</updated>
    <author><name>Jane Doe</name><uri>https://news.example.co.uk/authors/jane</uri></author>
    <category term="Commodities" label="Commodities"/>
    <category term="coffee"/>
    <summary type="html">Arabica futures rose 4% &amp;mdash; the &lt;a href="https://www.ice.com/coffee"&gt;ICE&lt;/a&gt; says.</summary>
    <content type="xhtml">
      <div xmlns="http://www.w3.org/1999/xhtml">
        <p>Arabica futures rose <b>4%</b> on Friday &#8212; the highest since 2022.</p>
        <p>Roasters, including <a href="https://www.caffeaurora.it/">Caffè Aurora</a>, expect higher retail prices.</p>
      </div>
    </content>
  </entry>
  <entry>
    <title>Opinion: Is the flat white over?</title>
    <link href="https://news.example.co.uk/2024/03/flat-white" rel="alternate"/>
    <id>tag:news.example.co.uk,2024-03-01:/2024/03/flat-white</id>
    <updated>2024-03-01T07:00:00Z</updated>
    <link rel="replies" type="application/atom+xml" href="https://news.example.co.uk/2024/03/flat-white/comments.xml" xmlns:thr="http://purl.org/syndication/thread/1.0" thr:count="12"/>
    <summary>Milk, microfoam &amp; marketing.</summary>
  </entry>
</feed>
"""

# A forum's RSS 2.0 feed whose guids are bare numbers (only unique inside the feed).
FORUM = """<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0">
<channel>
<title>Forum Baristi - Discussioni recenti</title>
<link>https://forum.baristi.example/</link>
<description>Ultime discussioni</description>
<language>it</language>
<item>
<title>Macinatura per moka?</title>
<link>https://forum.baristi.example/t/4512</link>
<guid isPermaLink="false">4512</guid>
<pubDate>Sat, 02 Mar 2024 21:05:00 +0100</pubDate>
<description>Che macinatura usate per la moka? Io ho provato il blend Alba di @caffeaurora ma viene amaro. #moka</description>
</item>
</channel>
</rss>
""".encode("iso-8859-1")

RSS1 = """<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
 xmlns:dc="http://purl.org/dc/elements/1.1/">
 <channel rdf:about="https://planet.example.org/">
  <title>Planet Espresso</title>
  <link>https://planet.example.org/</link>
  <description>Aggregated</description>
  <dc:language>en</dc:language>
  <items><rdf:Seq><rdf:li rdf:resource="https://blog.example.org/crema"/></rdf:Seq></items>
 </channel>
 <item rdf:about="https://blog.example.org/crema">
  <title>On crema</title>
  <link>https://blog.example.org/crema</link>
  <description>Crema is not a quality signal.</description>
  <dc:creator>Ann</dc:creator>
  <dc:date>2024-02-20T10:00:00Z</dc:date>
 </item>
</rdf:RDF>
"""


def entry_of(data: bytes | str, name: str = "feed.xml") -> Entry:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    return Entry(name, lambda: io.BytesIO(payload), len(payload))


def outputs(data: bytes | str, name: str = "feed.xml") -> list:
    return list(rss_format.records(entry_of(data, name), ImportOptions()))


def items(data: bytes | str) -> list[dict]:
    return [rss_format.map_item(o.data) for o in outputs(data) if isinstance(o, Record)]


def extra(item: dict) -> dict:
    return orjson.loads(item["extra"]) if item["extra"] else {}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- hand-built feeds ----------------------------------------------------------------------------


def test_wordpress_rss2_posts():
    first, second, third = items(WORDPRESS_POSTS)

    assert first["platform"] == "rss"
    assert first["id"] == "https://www.caffeaurora.it/?p=101"
    assert first["kind"] == "post"
    assert first["title"] == "Il nuovo blend “Alba” è arrivato"
    assert first["author_name"] == "Giulia Bianchi"
    assert first["author_id"] == "Giulia Bianchi"
    assert first["created_at"] == utc(2024, 3, 4, 7, 30)
    # the full content (content:encoded), not the excerpt; script dropped, entities decoded
    assert first["text"] == (
        "Un caffè per la mattina\n\n"
        "Dopo due anni di prove, il blend Alba è pronto: 70% arabica, 30% robusta.\n\n"
        "Lo trovate nel nostro shop\ne nei bar di Torino."
    )
    assert first["hashtags"] == ["novità", "caffè aurora"]
    assert canonical_urls(first["urls"]) == [
        "https://shop.caffeaurora.it/alba",
        "https://www.caffeaurora.it/bar/",
    ]  # as enrichment stores them
    assert first["url"] == "https://www.caffeaurora.it/2024/03/nuovo-blend-alba/"
    assert first["lang"] == "it"
    assert first["replies"] == 4
    assert first["parent_id"] is None and first["root_id"] is None
    assert extra(first) == {
        "feed_title": "Caffè Aurora – Il blog",
        "feed_url": "https://www.caffeaurora.it",
        "comments": "https://www.caffeaurora.it/2024/03/nuovo-blend-alba/#respond",
        "comments_feed": "https://www.caffeaurora.it/2024/03/nuovo-blend-alba/feed/",
        "enclosures": ["https://www.caffeaurora.it/wp-content/uploads/alba.mp3"],
    }

    # no guid: the link is the id; RSS <author> "email (name)"
    assert second["id"] == "https://www.caffeaurora.it/en/2024/02/london-coffee-festival/"
    assert second["author_name"] == "Ufficio Stampa"
    assert second["author_id"] == "press@caffeaurora.it"
    assert second["text"] == "We will be at stand B12 – come & taste our espresso!"
    assert second["title"] == "Coffee & Co. at the London Coffee Festival"
    assert second["created_at"] == utc(2024, 2, 29, 17, 0)
    assert second["hashtags"] is None and second["urls"] is None  # enrichment reads the text
    assert second["lang"] == "it"  # the channel's language: the feed says nothing per item

    # neither guid nor link: a stable hash of title, date and text
    assert third["id"].startswith("sha1:") and len(third["id"]) == 45
    assert items(WORDPRESS_POSTS)[2]["id"] == third["id"]
    assert third["text"] == "Il 1° marzo siamo chiusi."
    assert third["url"] is None
    assert third["author_id"] is None and third["author_name"] is None


def test_wordpress_rss2_comments_are_replies_to_the_post():
    (comment,) = items(WORDPRESS_COMMENTS_RSS)
    assert comment["id"] == "https://www.caffeaurora.it/?p=101#comment-7"
    assert comment["kind"] == "reply"
    assert comment["root_id"] == "https://www.caffeaurora.it/?p=101"  # the post's guid
    assert comment["parent_id"] is None  # RSS 2.0 comment feeds do not say which comment it answers
    assert comment["url"] == "https://www.caffeaurora.it/2024/03/nuovo-blend-alba/#comment-7"
    assert comment["text"] == "Provato stamattina: ottimo! Ma costa troppo 😕"
    assert comment["author_name"] == "Marco"
    assert comment["lang"] is None  # neither the feed nor the entry names a language
    assert comment["created_at"] == utc(2024, 3, 4, 10, 15)


def test_wordpress_atom_comments_thread():
    answer, question = items(WORDPRESS_COMMENTS_ATOM)
    assert question["kind"] == "reply"
    assert question["parent_id"] == "https://www.caffeaurora.it/?p=101"  # top level: the post
    assert question["root_id"] == "https://www.caffeaurora.it/?p=101"
    assert answer["kind"] == "reply"
    assert answer["parent_id"] == "https://www.caffeaurora.it/?p=101#comment-7"  # nested: the comment
    assert answer["root_id"] == "https://www.caffeaurora.it/?p=101"
    assert answer["author_id"] == "https://www.caffeaurora.it"  # the author's URI
    assert answer["_author"] == {"url": "https://www.caffeaurora.it"}
    assert answer["author_name"] == "Caffè Aurora"
    assert answer["title"] == "Commento su Il nuovo blend “Alba” è arrivato di Caffè Aurora"
    assert answer["text"] == "Ciao Marco, grazie! Questa settimana c’è lo sconto: guarda qui"
    assert answer["urls"] == ["https://www.caffeaurora.it/promo/"]  # resolved against xml:base
    assert answer["lang"] == "it"
    assert extra(answer)["in_reply_to_url"] == (
        "https://www.caffeaurora.it/2024/03/nuovo-blend-alba/#comment-7"
    )
    assert question["author_id"] == "Marco"


def test_atom_news_feed():
    first, second = items(ATOM_NEWS)
    assert first["id"] == "tag:news.example.co.uk,2024-03-02:/2024/03/arabica-prices"
    assert first["title"] == "Arabica prices hit a 2-year high again"
    assert first["text"] == (
        "Arabica futures rose 4% on Friday — the highest since 2022.\n\n"
        "Roasters, including Caffè Aurora, expect higher retail prices."
    )
    assert first["created_at"] == utc(2024, 3, 2, 13, 45)
    assert first["url"] == "https://news.example.co.uk/2024/03/arabica-prices"  # relative, resolved, utm gone
    assert first["author_id"] == "https://news.example.co.uk/authors/jane"
    assert first["hashtags"] == ["commodities", "coffee"]
    assert first["urls"] == ["https://www.caffeaurora.it/"]
    assert first["lang"] == "en"
    assert extra(first)["updated"] == "2024-03-02T10:00:00Z"
    assert extra(first)["feed_title"] == "Coffee & Markets"

    # no published date: updated; no author: the feed's author; replies from thr:count
    assert second["created_at"] == utc(2024, 3, 1, 7, 0)
    assert second["author_name"] == "The Newsroom"
    assert second["author_id"] == "newsroom@news.example.co.uk"
    assert second["text"] == "Milk, microfoam & marketing."
    assert second["replies"] == 12
    assert second["kind"] == "post"


def test_feed_local_guids_are_qualified_with_the_site():
    (topic,) = items(FORUM)
    assert topic["id"] == "https://forum.baristi.example#4512"
    assert topic["url"] == "https://forum.baristi.example/t/4512"
    assert topic["lang"] == "it"
    assert "@caffeaurora" in topic["text"]


def test_rss1():
    (entry,) = items(RSS1)
    assert entry["id"] == "https://blog.example.org/crema"
    assert entry["author_name"] == "Ann"
    assert entry["created_at"] == utc(2024, 2, 20, 10, 0)
    assert entry["lang"] == "en"


def test_lines_point_at_the_entries():
    lines = [o.line for o in outputs(WORDPRESS_POSTS)]
    text_lines = WORDPRESS_POSTS.split("\n")
    assert [text_lines[n - 1].strip()[:6] for n in lines] == ["<item>"] * 3


def test_records_are_json_and_self_contained():
    for output in outputs(WORDPRESS_COMMENTS_ATOM):
        data = orjson.loads(orjson.dumps(output.data))
        assert data["_pp"]["feed"]["title"] == "Commenti per Caffè Aurora"
        assert rss_format.map_item(data) == rss_format.map_item(output.data)


# --- sniffing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "document",
    [
        WORDPRESS_POSTS,
        WORDPRESS_COMMENTS_ATOM,
        ATOM_NEWS,
        RSS1,
        FORUM,
        "\ufeff" + WORDPRESS_POSTS,
        WORDPRESS_POSTS.encode("utf-16"),
        '<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"\n'
        ' "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91"><channel></channel></rss>',
    ],
)
def test_sniff_feeds(document):
    peek = Peek(entry_of(document, "download"))
    assert rss_format.sniff(peek)
    assert sniff(peek).name == "rss"


@pytest.mark.parametrize(
    "document",
    [
        "<!DOCTYPE html><html><head><title>rss</title></head><body><rss></body></html>",
        '<?xml version="1.0"?><feed><entry>not atom</entry></feed>',
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>',
        '{"rss": "<rss version=\\"2.0\\">"}',
        "",
        "\x00\x01\x02<rss",
    ],
)
def test_sniff_rejects_other_documents(document):
    assert not rss_format.sniff(Peek(entry_of(document)))


# --- broken feeds ----------------------------------------------------------------------------------


def test_broken_xml_imports_what_can_be_read_and_says_so():
    broken = WORDPRESS_POSTS.replace("<title>Orari festivi</title>", "<title>Orari & festivi</title>")
    result = outputs(broken)
    notes = [o for o in result if isinstance(o, Skipped)]
    assert len(notes) == 1
    assert "read leniently" in notes[0].reason and "3 entries recovered" in notes[0].reason
    assert notes[0].line == broken.split("\n").index("\t\t<title>Orari & festivi</title>") + 1
    assert len([o for o in result if isinstance(o, Record)]) == 3


def test_truncated_feed_keeps_whole_entries():
    cut = WORDPRESS_COMMENTS_ATOM[: WORDPRESS_COMMENTS_ATOM.rindex("<t:in-reply-to")]
    result = outputs(cut)
    assert any(isinstance(o, Skipped) for o in result)
    mapped = [rss_format.map_item(o.data) for o in result if isinstance(o, Record)]
    assert mapped[0]["parent_id"] == "https://www.caffeaurora.it/?p=101#comment-7"


def test_nothing_readable_is_one_reject():
    note, record = outputs("<rss version='2.0'><channel><title>x</title><item><titl")
    assert isinstance(note, Skipped) and "1 entries recovered" in note.reason
    with pytest.raises(MappingError, match="expected an entry id, link, title, date or text"):
        rss_format.map_item(record.data)
    (reject,) = outputs("\n\nthis is not xml at all < & >")
    assert isinstance(reject, Reject)
    assert reject.reason.startswith("not a readable feed: SAXParseException")
    (reject,) = outputs('<?xml version="1.0"?><urlset><url>x</url></urlset>')
    assert isinstance(reject, Reject) and "not an RSS or Atom feed" in reject.reason
    (empty,) = outputs('<rss version="2.0"><channel><title>Nothing yet</title></channel></rss>')
    assert isinstance(empty, Skipped) and empty.reason == "feed has no entries"


def test_mislabelled_encoding_is_read_as_windows_1252():
    document = WORDPRESS_COMMENTS_RSS.encode("utf-8").replace(b"stamattina", "stamattinà".encode("cp1252"))
    result = outputs(document)
    assert "CharacterEncodingOverride" in next(o for o in result if isinstance(o, Skipped)).reason
    (comment,) = [rss_format.map_item(o.data) for o in result if isinstance(o, Record)]
    assert "stamattinà" in comment["text"]


def test_external_entities_are_not_fetched(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    document = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><title>t</title><item><guid>urn:x:1</guid><title>a &xxe; b</title></item></channel></rss>"""
    for output in outputs(document):
        assert (
            "TOPSECRET"
            not in orjson.dumps(output.data if isinstance(output, Record) else output.reason).decode()
        )


def test_a_path_is_not_opened():
    (output,) = outputs(b"/etc/passwd")
    assert isinstance(output, Reject)


def test_map_item_errors_are_mapping_errors():
    with pytest.raises(MappingError, match="none"):
        rss_format.map_item({"_pp": {}})
    with pytest.raises(MappingError, match="expected title to be text"):
        rss_format.map_item({"id": "urn:x", "title": 3})
    with pytest.raises(MappingError):
        rss_format.map_item([])  # type: ignore[arg-type]


# --- through the pipeline ---------------------------------------------------------------------------


def test_import_sniffs_and_stores(store, tmp_path: Path):
    (tmp_path / "posts.rss").write_text(WORDPRESS_POSTS)
    (tmp_path / "comments.atom").write_text(WORDPRESS_COMMENTS_ATOM)
    (tmp_path / "comments-rss.xml").write_text(WORDPRESS_COMMENTS_RSS)
    summary = import_paths(store, tmp_path)
    assert set(summary.formats.values()) == {"rss"}
    totals = summary.totals()
    # comment 7 is in both comment feeds: 3 + 2 + 1 entries, 5 distinct items
    assert totals.new + totals.updated + totals.unchanged >= 5
    assert totals.quarantined == 0
    assert rows(store, "SELECT count(*) FROM items WHERE platform = 'rss'") == [(5,)]
    stored = rows(
        store,
        "SELECT kind, parent_id, root_id, source_line FROM items WHERE id = ?",
        "https://www.caffeaurora.it/?p=101#comment-8",
    )
    assert stored[0][:3] == (
        "reply",
        "https://www.caffeaurora.it/?p=101#comment-7",
        "https://www.caffeaurora.it/?p=101",
    )
    # the stored raw record maps again to the same item (reparse)
    (raw,) = rows(store, "SELECT raw FROM items WHERE id = 'https://www.caffeaurora.it/?p=101'")[0]
    again = rss_format.map_item(decompress_raw(raw))
    assert again["title"] == "Il nuovo blend “Alba” è arrivato"
    # enrichment found the mention and hashtag in the forum post's text
    (tmp_path / "forum.xml").write_bytes(FORUM)
    import_paths(store, tmp_path / "forum.xml")
    assert rows(store, "SELECT mentions, hashtags FROM items WHERE id LIKE '%#4512'") == [
        (["caffeaurora"], ["moka"])
    ]


def test_import_quarantines_unreadable_feed(store, tmp_path: Path):
    path = tmp_path / "broken.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<rss version="2.0">\n<channel>\n<item><category>x</category></item>\n</channel></rss>'
    )
    summary = import_paths(store, path, format_name="rss")
    assert summary.totals().quarantined == 1  # an entry with no id, link, date or text
    assert rows(store, "SELECT line, reason FROM quarantine") == [
        (4, "expected an entry id, link, title, date or text; the entry has none")
    ]


# --- hypothesis ---------------------------------------------------------------------------------------

FEEDS = [WORDPRESS_POSTS, WORDPRESS_COMMENTS_RSS, WORDPRESS_COMMENTS_ATOM, ATOM_NEWS, RSS1]


def _check(data: bytes) -> None:
    for output in rss_format.records(entry_of(data), ImportOptions()):
        assert isinstance(output, Record | Reject | Skipped)
        if isinstance(output, Record):
            assert output.line >= 1
            orjson.dumps(output.data)
            try:
                item = rss_format.map_item(output.data)
            except MappingError:
                continue
            assert isinstance(item["id"], str) and item["id"]
            assert item["kind"] in ("post", "reply")


@settings(max_examples=60, deadline=None)
@given(feed=st.integers(0, len(FEEDS) - 1), cut=st.floats(0, 1))
def test_truncated_feeds(feed, cut):
    data = FEEDS[feed].encode("utf-8")
    _check(data[: int(len(data) * cut)])


@settings(max_examples=60, deadline=None)
@given(
    feed=st.integers(0, len(FEEDS) - 1),
    noise=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=8)), max_size=5),
)
def test_mis_encoded_feeds(feed, noise):
    data = bytearray(FEEDS[feed].encode("latin-1", "replace"))
    for where, garbage in noise:
        at = int(len(data) * where)
        data[at:at] = garbage
    _check(bytes(data))


_ODD = st.one_of(
    st.none(),
    st.integers(),
    st.floats(allow_nan=True),
    st.booleans(),
    st.text(max_size=20),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
    st.lists(
        st.dictionaries(st.sampled_from(["term", "href", "value", "type", "ref"]), st.integers()), max_size=2
    ),
)


@settings(max_examples=100, deadline=None)
@given(
    feed=st.integers(0, len(FEEDS) - 1),
    index=st.integers(0, 10),
    swaps=st.lists(st.tuples(st.integers(0, 100), _ODD), min_size=1, max_size=6),
)
def test_wrongly_typed_records(feed, index, swaps):
    records = [o.data for o in outputs(FEEDS[feed]) if isinstance(o, Record)]
    data = orjson.loads(orjson.dumps(records[index % len(records)]))
    targets = [(data, key) for key in data]
    targets += [(data["_pp"], key) for key in data["_pp"]]
    targets += [(data["_pp"]["feed"], key) for key in data["_pp"]["feed"]]
    targets += [(value, key) for value in data.values() if isinstance(value, dict) for key in value]
    for position, value in swaps:
        container, key = targets[position % len(targets)]
        container[key] = value
    try:
        item = rss_format.map_item(data)
    except MappingError:
        return
    assert isinstance(item["id"], str) and item["id"] and item["kind"] in KINDS


@settings(max_examples=20, deadline=None)
@given(depth=st.integers(1, 3000), tag=st.sampled_from(["div", "x:thing", "b"]))
def test_deeply_nested_feeds(depth, tag):
    nested = f"<{tag}>" * depth + "deep" + f"</{tag}>" * depth
    if tag.startswith("x:"):
        body = f'<foo xmlns:x="urn:x">{nested}</foo>'
        document = f'<rss version="2.0"><channel><title>t</title><item><guid>urn:d</guid>{body}</item></channel></rss>'
    else:
        document = (
            '<rss version="2.0"><channel><title>t</title><item><guid>urn:d</guid>'
            f"<description><![CDATA[{nested}]]></description></item></channel></rss>"
        )
    _check(document.encode())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(feed=st.integers(0, len(FEEDS) - 1), cut=st.floats(0.2, 1), noise=st.binary(max_size=6))
def test_import_accounts_for_every_entry(feed, cut, noise):
    data = FEEDS[feed].encode("utf-8")
    at = int(len(data) * cut)
    data = data[:at] + noise + data[at:]
    expected_items, expected_rejects, expected_skipped = set(), set(), 0
    for output in rss_format.records(entry_of(data), ImportOptions()):
        if isinstance(output, Record):
            try:
                expected_items.add(rss_format.map_item(output.data)["id"])
            except MappingError:
                expected_rejects.add(output.line)
        elif isinstance(output, Reject):
            expected_rejects.add(output.line)
        else:
            expected_skipped += 1
    with tempfile.TemporaryDirectory() as folder, Store.open(None) as store:
        path = Path(folder) / "feed.xml"
        path.write_bytes(data)
        summary = import_paths(store, path, format_name="rss")
        assert summary.status == "done"
        assert {r[0] for r in rows(store, "SELECT id FROM items")} == expected_items
        quarantined = rows(store, "SELECT source, line FROM quarantine")
        assert {line for _, line in quarantined} == expected_rejects
        assert all(source == str(path) for source, _ in quarantined)
        assert summary.totals().skipped == expected_skipped
