"""Hostile-input fuzzing of forms (P-2.2.5): strategies, the table checksum and the run loop.

Each example is posted inside a savepoint that is rolled back afterwards, so every example
starts from the same rows and the checksum taken once before the run is the reference for
every rejected submission. See docs/decisions/0013-hostile-input.md.
"""

import html.parser
import json
import os
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

# 200 per URL (issue #11); FUZZ_EXAMPLES only to try a strategy quickly on one's own machine.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "200"))
FUZZ_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                         suppress_health_check=list(HealthCheck), print_blob=False)

# Tables a rejected submission may legitimately change, for every form:
EXCLUDED_TABLES = {
    # L-LOG: every read of client data is logged, also when a rejected form is shown again.
    "audit_accesslogentry",
    # ... and its chain head, which the log's insert trigger moves on (decision 0012).
    "audit_chainhead",
    # The session is saved on requests that leave a message or count wrong codes.
    "django_session",
    # django-axes records every login attempt, failed ones above all (the lockout needs them).
    "axes_accessattempt", "axes_accessfailurelog", "axes_accesslog",
    # Monitoring (issue 11): every failed login is counted, and a spike becomes a security event.
    "audit_failedlogin", "audit_securityevent",
}

# Values that reach the application unescaped if a template or message echoes them raw.
MARKERS = ("<script>fz1</script>", "\"><img src=x onerror=fz2>", "'><svg onload=fz3>")

_CONTROL = "".join(chr(c) for c in range(0x20) if c not in (9, 10, 13)) + "\x7f\x85"
HOSTILE = [
    *MARKERS,
    "", " ", "\t\n", "\x00", "a\x00b", "Tekst\x00", _CONTROL, "\x1b[31mrood", "\r\n\r\n", "\ufeff",
    "x" * 101, "x" * 201, "y" * 1001, "z" * 2001, "w" * 4001, "n" * 5001, "\u00e9" * 10001, "q" * 100_001,
    "\u202eevil\u202c", "A\u200bB\u200dC\u2060", "Jаnsеn",  # Cyrillic а and е in a Latin name
    "\u0645\u0631\u062d\u0628\u0627 Jan", "\u65e5\u672c\u8a9e", "\U0001f4a9\U0001f600", "e\u0301" * 50,
    "-1", "0", "1e309", "NaN", "Infinity", "99999999999999999999999", "-99999999999999999999", "3.5", "0x1f",
    "[]", "{}", "null", "None", "true", "[object Object]", "%s%n%x", "{{ 7*7 }}", "${7*7}",
    "'; DROP TABLE cases_case; --", "../../../etc/passwd", "\\\\server\\share",
    "31-02-2025", "30-02-2024", "29-02-2023", "00-00-0000", "01-01-0000", "01-01-0001", "31-12-9999",
    "01-01-99999", "2025-02-31", "0000-01-01", "99999-01-01", "32-01-2025", "01-13-2025", "-1-01-2025",
    "1-1-1", "14/03/2025", "2025-03-14T25:61", "31-12-1899", "01-01-1900",
]
RAW_BODIES = [b"%FF%FE=%00", b"a=%ZZ&&&=&b", b"\xff\xfe\x00\x01", b"=" * 50, b"a[]=1&a[]=2&a[x]=3",
              b"x=" + b"%00" * 100]
# Multipart bodies a browser would not send: no boundary end, an empty or path file name, NUL.
_B = b"--fzb\r\n"
RAW_MULTIPART = [
    _B + b'Content-Disposition: form-data; name="file"; filename=""\r\n\r\n%PDF\r\n--fzb--\r\n',
    _B + b'Content-Disposition: form-data; name="file"; filename="../../x.pdf"\r\n'
         b"Content-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--fzb--\r\n",
    _B + b'Content-Disposition: form-data; name="name\x00"\r\n\r\n\xff\xfe\r\n--fzb--\r\n',
    _B + b'Content-Disposition: form-data; name="name"\r\n\r\nzonder einde',
    b"geen multipart",
]


@dataclass
class Field:
    name: str
    kind: str = "text"
    options: list = field(default_factory=list)


class _FormParser(html.parser.HTMLParser):
    """The fields of the POST forms on a page that post back to the page itself."""

    def __init__(self, path):
        super().__init__()
        self.path, self.fields, self.in_form, self.select = path, {}, False, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.in_form = (a.get("method") or "").lower() == "post" and a.get("action") in (None, "", self.path)
        if not self.in_form:
            return
        name = a.get("name")
        if tag == "select" and name:
            self.select = self.fields.setdefault(name, Field(name, "select"))
        elif tag == "option" and self.select is not None:
            self.select.options.append(a.get("value", ""))
        elif tag in ("input", "textarea", "button") and name and name != "csrfmiddlewaretoken":
            kind = a.get("type", "text") if tag == "input" else ("text" if tag == "textarea" else "submit")
            f = self.fields.setdefault(name, Field(name, kind))
            if kind in ("radio", "checkbox", "submit", "hidden") and a.get("value") is not None:
                f.options.append(a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "form":
            self.in_form = False


def form_fields(html_text: str, path: str) -> dict:
    parser = _FormParser(path)
    parser.feed(html_text)
    return parser.fields


def _valid(f: Field):
    name = f.name
    if f.options:
        return st.sampled_from(f.options)
    if f.kind == "file":
        return st.just("FILE")
    if f.kind == "number" or name in ("count", "pages_removed"):
        return st.sampled_from(["0", "3"])
    if name.endswith(("_on", "_date", "date_of_birth", "start", "end", "_at")) or name in ("start", "end"):
        return st.sampled_from(["14-03-2025", "2025-03-14", "01-06-2026"])
    if "bsn" in name:
        return st.just("111222333")
    return st.sampled_from(["Gewone tekst.", "Jan de Vries", "Ja"])


MISSING = object()


def _upload(kind):
    data = {"pdf": b"%PDF-1.4\n%%EOF\n", "junk": b"\x00\xff" * 16, "empty": b"", "html": b"<script>fz1</script>"}[kind]
    return kind, data


def value_strategy(f: Field):
    valid = _valid(f)
    hostile = st.sampled_from(HOSTILE)
    text = st.text(max_size=40)
    one = st.one_of(valid, valid, valid, hostile, hostile, text)
    return st.one_of(st.just(MISSING), one, one, one, st.lists(one, min_size=2, max_size=3))


def file_strategy():
    names = st.sampled_from(["bestand.pdf", "<script>fz1</script>.pdf", "a\x00b.pdf", "x" * 300 + ".pdf",
                             "../../etc/passwd", "\u202efdp.exe", ".pdf", "a\"b\r\n.pdf"])
    return st.tuples(names, st.sampled_from(["pdf", "junk", "empty", "html"]),
                     st.sampled_from(["application/pdf", "text/html", "image/png"]))


def submission(fields: dict, extra: dict):
    """A strategy of POST bodies: a dict (lists for duplicated fields) or raw bytes."""
    all_fields = dict(fields)
    for name, options in extra.items():
        all_fields.setdefault(name, Field(name, "submit", list(options)))
    parts = {}
    for name, f in all_fields.items():
        parts[name] = st.one_of(st.just(MISSING), file_strategy()) if f.kind == "file" else value_strategy(f)
    # Half the bodies are random in every field; the other half are valid but for one or two
    # fields, so hostile values also get past the form into the services.
    valid = {name: (st.just(("bestand.pdf", "pdf", "application/pdf")) if f.kind == "file" else _valid(f))
             for name, f in all_fields.items()}
    names = sorted(all_fields)
    one_bad = (st.fixed_dictionaries(valid) if not names else st.tuples(
        st.fixed_dictionaries(valid), st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True),
        st.fixed_dictionaries(parts)).map(lambda t: {**t[0], **{n: t[2][n] for n in t[1]}}))
    body = st.one_of(st.fixed_dictionaries(parts), one_bad)
    unknown = st.dictionaries(st.sampled_from(["id", "pk", "case", "actor", "is_staff", "\x00", "<b>", "x" * 300]),
                              st.sampled_from(HOSTILE), max_size=2)
    form = st.tuples(body, unknown).map(lambda t: {**{k: v for k, v in t[0].items() if v is not MISSING}, **t[1]})
    raw = st.one_of(st.sampled_from(RAW_BODIES).map(lambda b: ("application/x-www-form-urlencoded", b)),
                    st.sampled_from(RAW_MULTIPART).map(lambda b: ("multipart/form-data; boundary=fzb", b)))
    return st.one_of(form, form, form, form, form, form, form, form, form, raw)


def _encode(data: dict):
    out = {}
    for name, value in data.items():
        if isinstance(value, tuple):  # a file: (name, kind, content type)
            filename, kind, content_type = value
            out[name] = SimpleUploadedFile(filename, _upload(kind)[1], content_type=content_type)
        else:
            out[name] = value
    return out


def table_checksums(exclude=()) -> dict:
    """md5 over the rows of every application table (small in tests), one query."""
    skip = EXCLUDED_TABLES | set(exclude)
    tables = sorted(t for t in connection.introspection.table_names() if t not in skip)
    sql = " UNION ALL ".join(
        f"SELECT '{t}', md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) FROM \"{t}\" r"
        for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return dict(cursor.fetchall())


ACCEPTED = (201, 302, 303)


def writes() -> dict:
    """Rows inserted, updated or deleted per table so far in this transaction (PostgreSQL's
    own counters; one cheap query)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables "
                       "WHERE n_tup_ins + n_tup_upd + n_tup_del > 0")
        return dict(cursor.fetchall())


def check_response(response, before, written, *, exclude=()):
    """No 500, no raw marker in the page, and a rejected submission changed no row.

    `written` is the write counters from before the request: a rejected submission that wrote
    nothing outside the excluded tables cannot have changed a row; if it did write, the table
    checksums (against `before`, the state every example starts from) decide."""
    assert response.status_code < 500, response.status_code
    body = response.content.decode("utf-8", errors="replace")
    for marker in MARKERS:
        assert marker not in body, f"unescaped reflection of {marker!r}"
    if response.status_code not in ACCEPTED:
        skip = EXCLUDED_TABLES | set(exclude)
        now = writes()
        if any(n != written.get(t) for t, n in now.items() if t not in skip):
            after = table_checksums(exclude)
            changed = sorted(t for t in after if after[t] != before.get(t))
            assert changed == [], f"rejected submission ({response.status_code}) changed {changed}"


def _report(line: dict):
    """With FUZZ_REPORT set, one JSON line per fuzzed URL (counts, or the failure) as it finishes."""
    if os.environ.get("FUZZ_REPORT"):
        with open(os.environ["FUZZ_REPORT"], "a") as report:
            report.write(json.dumps(line) + "\n")


def fuzz(client, url, *, fields=None, extra=None, exclude=(), relogin=None):
    """Post EXAMPLES generated bodies to url; fields found on the page unless given (for a
    POST-only action that reads no fields, every submission may be accepted)."""
    action = fields is not None
    if fields is None:
        page = client.get(url)
        assert page.status_code == 200, (url, page.status_code)
        fields = form_fields(page.content.decode(), url)
    else:
        fields = {n: Field(n, k) for n, k in fields.items()}
    before = table_checksums(exclude)
    counts = {"accepted": 0, "rejected": 0}

    @FUZZ_SETTINGS
    @given(submission(fields, extra or {}))
    def run(data):
        with transaction.atomic():
            if relogin:
                relogin()
            written = writes()
            if isinstance(data, tuple):
                response = client.post(url, data=data[1], content_type=data[0])
            else:
                response = client.post(url, _encode(data))
            check_response(response, before, written, exclude=exclude)
            counts["accepted" if response.status_code in ACCEPTED else "rejected"] += 1
            transaction.set_rollback(True)

    try:
        run()
    except BaseException as exc:
        _report({"url": url, "error": f"{type(exc).__name__}: {exc}"[:3000]})
        raise
    _report({"url": url, **counts})
    assert action or counts["rejected"] > 0, counts  # the hostile values did reach the validation
    return fields, counts
