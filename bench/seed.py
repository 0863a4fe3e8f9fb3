"""The reference municipality for the benchmark (issue 10): deterministic, built with COPY.

Scale 1 (the default) is the size of the issue: 100,000 residents, 150,000 working dossiers
(open and closed) plus 100,000 archived dossiers past their term with about 20 linked rows
each, 300 staff in 30 teams, 1,000,000 per-user grants (plus a view and change grant per team
per dossier), 10,000,000 access-log entries over the last 12 months with a valid hash chain,
and 1,000,000 signals of which a fifth are "no action" signals past their retention date.

Everything personal is encrypted through the real model fields (core.crypto via
Field.get_prep_value), BSNs are valid 11-proof numbers with the real keyed hash beside them,
and the access-log chain is computed with audit.chain.entry_hash, so `verify_access_log`
passes on the seeded log. Random choices come from one seeded generator: the same scale gives
the same data (timestamps are relative to the day of seeding).

The seed writes only to the benchmark database. It turns off triggers for its own session
while loading (copy.fast_load): never run it against a database that holds real data.
"""

import datetime as dt
import json
import random
import time
from dataclasses import dataclass, field
from types import SimpleNamespace

from auditlog.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import roles
from accounts.models import ConfidentialityAcknowledgement, Organisation, User
from accounts.rules import current_confidentiality_text
from accounts.services import create_team, ensure_roles, publish_confidentiality_text
from audit import chain
from audit.models import AccessLogEntry
from audit.services import reset_chain_head
from cases.models import (
    Case,
    CaseGroupObjectPermission,
    CaseUserObjectPermission,
    GrantListFacts,
    IdentityCheck,
    MissingInformation,
    Note,
    Resident,
    TransparencyNotice,
)
from cases.rules import is_valid_bsn
from core.crypto import keyed_hash
from retention import rules as retention_rules
from retention.models import RetentionRule
from signals.models import Signal

from .copy import copy_rows, fast_load, next_id, reset_sequence

SEED_VERSION = 1
RANDOM_SEED = 20_261_206
PASSWORD = "Bench-wachtwoord-2026"  # noqa: S105 - benchmark users only, never a real account
MARKER = "bench_seed"  # a plain table in the benchmark database only: what was seeded, at what scale
STATUTES = [("wmo", "wmo_art_2_3_2"), ("jeugdwet", "jw_art_2_3"), ("participatiewet", "pw_art_7"),
            ("wgs", "wgs_art_2")]
RESULTS = ["granted", "partly_granted", "refused", "not_processed", "withdrawn"]
FIRST = ["Anna", "Bram", "Chantal", "Daan", "Esra", "Fleur", "Gerrit", "Hanna", "Ilse", "Joris", "Kees",
         "Lotte", "Mohamed", "Noor", "Otto", "Petra", "Ruben", "Sanne", "Tim", "Yara"]
LAST = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "Bos", "Vos",
        "Peters", "Hendriks", "van Dijk", "Kok", "Wolters", "Hoekstra", "Aydin", "el Amrani", "Gerritsen"]
STREETS = ["Hamburgerstraat", "Grutstraat", "Keppelseweg", "Terborgseweg", "Varsseveldseweg", "Dr. Huber Noodtstraat"]


@dataclass
class Sizes:
    scale: float
    residents: int
    cases: int
    archived: int
    staff: int
    teams: int
    user_grants: int
    log_entries: int
    signals: int
    expired_share: float = 0.2
    linked_per_archived: int = 20
    extra: dict = field(default_factory=dict)

    @classmethod
    def at(cls, scale: float) -> "Sizes":
        def n(full: int, minimum: int) -> int:
            return max(minimum, round(full * scale))

        staff = n(300, 20)
        return cls(scale=scale, residents=n(100_000, 200), cases=n(150_000, 300), archived=n(100_000, 100),
                   staff=staff, teams=max(2, staff // 10), user_grants=n(1_000_000, 2_000),
                   log_entries=n(10_000_000, 5_000), signals=n(1_000_000, 1_000))

    def as_dict(self) -> dict:
        return {"scale": self.scale, "residents": self.residents, "dossiers": self.cases,
                "archived_dossiers": self.archived, "staff": self.staff, "teams": self.teams,
                "user_grants": self.user_grants, "access_log_entries": self.log_entries,
                "signals": self.signals}


def _say(out, message: str) -> None:
    if out:
        out(message)


# --- the marker -------------------------------------------------------------------------

def seeded() -> dict | None:
    """What the marker says is in this database, or None."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s)", [MARKER])
        if cursor.fetchone()[0] is None:
            return None
        cursor.execute(f"SELECT scale, version, sizes FROM {MARKER} ORDER BY seeded_at DESC LIMIT 1")  # noqa: S608
        row = cursor.fetchone()
    if not row:
        return None
    sizes = json.loads(row[2]) if isinstance(row[2], str) else row[2]
    return {"scale": float(row[0]), "version": row[1], "sizes": sizes}


def _mark(sizes: Sizes, seconds: float) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER} (scale numeric NOT NULL, version int NOT NULL, "
                       "sizes jsonb NOT NULL, seconds numeric NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now())")
        cursor.execute(f"INSERT INTO {MARKER} (scale, version, sizes, seconds) VALUES (%s, %s, %s, %s)",  # noqa: S608
                       [sizes.scale, SEED_VERSION, json.dumps(sizes.as_dict()), round(seconds, 1)])


def is_empty() -> bool:
    return not Case.objects.exists() and not AccessLogEntry.objects.exists()


# --- the seed ---------------------------------------------------------------------------

class Seeder:
    def __init__(self, scale: float = 1.0, *, out=None):
        self.sizes = Sizes.at(scale)
        self.rng = random.Random(RANDOM_SEED)
        self.out = out
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate(self.now)
        self.enc = {}

    def encrypt(self, model, name: str, value):
        """The real field's encryption (AES-GCM through core.crypto with the field's context)."""
        key = (model, name)
        if key not in self.enc:
            self.enc[key] = model._meta.get_field(name)
        return self.enc[key].get_prep_value(value)

    def step(self, label: str, fn, *args):
        started = time.monotonic()
        result = fn(*args)
        _say(self.out, f"  {label}: {time.monotonic() - started:.1f} s")
        return result

    def run(self) -> Sizes:
        started = time.monotonic()
        s = self.sizes
        _say(self.out, f"Seeding scale {s.scale}: {s.as_dict()}")
        with transaction.atomic():
            self.step("staff and teams", self.staff)
        with fast_load(Resident):
            self.step(f"{s.residents} residents", self.residents)
        with fast_load(Case, CaseUserObjectPermission, CaseGroupObjectPermission):
            self.step(f"{s.cases} dossiers with grants", self.cases)
        with fast_load(Case, Note, TransparencyNotice, MissingInformation, IdentityCheck, LogEntry):
            self.step(f"{s.archived} archived dossiers past their term with linked rows", self.archived, s.archived)
        with fast_load(Signal):
            self.step(f"{s.signals} signals", self.signals, s.signals, s.expired_share)
        with fast_load(AccessLogEntry):
            self.step(f"{s.log_entries} access-log entries", self.access_log)
        reset_chain_head()  # the COPY ran without triggers: the head row did not move with it
        for model in (Resident, Case, CaseUserObjectPermission, CaseGroupObjectPermission, Note,
                      TransparencyNotice, MissingInformation, IdentityCheck, LogEntry, Signal, AccessLogEntry):
            reset_sequence(model)
        self.step("analyze", _analyze)
        _mark(s, time.monotonic() - started)
        _say(self.out, f"Seeded in {time.monotonic() - started:.0f} s")
        return s

    # staff -------------------------------------------------------------------------------

    def staff(self):
        ensure_roles()
        text = current_confidentiality_text() or publish_confidentiality_text(
            text="Ik houd gegevens van inwoners geheim.")
        org, _ = Organisation.objects.get_or_create(name="Gemeente Doetinchem",
                                                    defaults={"kind": Organisation.Kind.MUNICIPALITY})
        password = make_password(PASSWORD)  # once: PBKDF2 per user would take minutes
        caseworker, lead = Group.objects.get(name=roles.CASEWORKER), Group.objects.get(name=roles.TEAM_LEAD)
        archivist = Group.objects.get(name=roles.ARCHIVIST)
        for t in range(self.sizes.teams):
            team = create_team(name=f"Bench {t + 1:02d}", organisation=org)
            for m in range(self.sizes.staff // self.sizes.teams):
                username = f"bench{t + 1:02d}{m:02d}"
                user, new = User.objects.get_or_create(username=username, defaults={
                    "organisation": org, "password": password, "first_name": "Bench",
                    "last_name": f"Medewerker {t + 1:02d}-{m:02d}"})
                user.groups.add(team.group, lead if m == 0 else caseworker)
                ConfidentialityAcknowledgement.objects.get_or_create(user=user, text=text)
                TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        user, _ = User.objects.get_or_create(username="bench-archief", defaults={
            "organisation": org, "password": password, "first_name": "Bench", "last_name": "Archief"})
        user.groups.add(archivist)
        ConfidentialityAcknowledgement.objects.get_or_create(user=user, text=text)

    def load_staff(self):
        teams = {}
        for user in User.objects.filter(username__regex=r"^bench\d{4}$").prefetch_related("groups").order_by("pk"):
            group = next(g for g in user.groups.all() if g.name.startswith("team:"))
            teams.setdefault(group.pk, []).append(user.pk)
        self.team_groups = sorted(teams)
        self.team_members = [teams[g] for g in self.team_groups]
        self.team_ids = dict(Group.objects.filter(pk__in=self.team_groups).values_list("pk", "team__pk"))
        self.staff_ids = [u for members in self.team_members for u in members]
        self.archivist_id = User.objects.get(username="bench-archief").pk
        self.roles = {}
        for user in User.objects.filter(pk__in=self.staff_ids).prefetch_related("groups"):
            self.roles[user.pk] = ",".join(user.role_names)[:100]

    # residents ---------------------------------------------------------------------------

    def residents(self, count: int | None = None):
        count = count or self.sizes.residents
        start = next_id(Resident)
        bsn = 100_000_000 + start * 20  # every id gets its own range of BSNs: unique across top-ups
        rng, e = self.rng, self.encrypt

        def rows():
            nonlocal bsn
            for i in range(count):
                while not is_valid_bsn(str(bsn)):
                    bsn += 1
                number, bsn = str(bsn), bsn + 1
                born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(365 * 80))
                yield (start + i, e(Resident, "bsn", number), keyed_hash(number, purpose="bsn"),
                       e(Resident, "first_names", rng.choice(FIRST)), e(Resident, "surname", rng.choice(LAST)),
                       e(Resident, "date_of_birth", born),
                       e(Resident, "address", f"{rng.choice(STREETS)} {rng.randrange(1, 200)}, Doetinchem"),
                       e(Resident, "phone", f"06{rng.randrange(10**8):08d}"), None, self.now)

        copy_rows(Resident, ["id", "bsn", "bsn_hash", "first_names", "surname", "date_of_birth", "address",
                             "phone", "email", "created_at"], rows())
        return list(range(start, start + count))

    # working dossiers and grants ---------------------------------------------------------

    def cases(self):
        self.load_staff()
        s, rng = self.sizes, self.rng
        resident_ids = list(Resident.objects.order_by("pk").values_list("pk", flat=True))
        start = next_id(Case)
        perms = {p.codename: p.pk for p in Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Case), codename__in=["view_case", "change_case"])}
        view, change = perms["view_case"], perms["change_case"]
        self.case_rows = []  # (id, resident, team index) for the access log
        case_rows, user_grants, team_grants, facts = [], [], [], {}
        extra = max(0, s.user_grants - 2 * s.cases)  # view grants for colleagues beyond the caseworker's two
        for i in range(s.cases):
            pk = start + i
            t = rng.randrange(len(self.team_groups))
            worker = rng.choice(self.team_members[t])
            opened = self.now - dt.timedelta(seconds=rng.randrange(5 * 365 * 86400))
            closed = rng.random() < 0.6
            closed_at = opened + dt.timedelta(days=rng.randrange(30, 400)) if closed else None
            if closed_at and closed_at > self.now:
                closed_at = None
            statute, basis = rng.choice(STATUTES)
            resident = rng.choice(resident_ids)
            case_rows.append((pk, f"D-{opened.year}-{pk:06d}", resident, statute, basis,
                              self.encrypt(Case, "request", "Hulp bij het huishouden en de administratie."),
                              "closed" if closed_at else "open", worker, self.team_ids[self.team_groups[t]],
                              False, "", opened, closed_at, None, None,
                              rng.choice(RESULTS) if closed_at else "", False, False, None))
            self.case_rows.append((pk, resident, t))
            # the dossier's list facts on each grant, as the triggers copy them (GrantListFacts.FACT_FIELDS;
            # the seed's COPY runs without triggers)
            facts[pk] = ("closed" if closed_at else "open", worker, opened, statute, f"D-{opened.year}-{pk:06d}")
            user_grants += [(worker, view, pk), (worker, change, pk)]
            team_grants += [(self.team_groups[t], view, pk), (self.team_groups[t], change, pk)]
        seen = {(u, pk) for u, _, pk in user_grants}
        while extra > 0:
            pk = start + rng.randrange(s.cases)
            user = rng.choice(self.staff_ids)
            if (user, pk) in seen:
                continue
            seen.add((user, pk))
            user_grants.append((user, view, pk))
            extra -= 1
        copy_rows(Case, CASE_COLUMNS, case_rows)
        grant_id = next_id(CaseUserObjectPermission)
        facts_columns = GrantListFacts.FACT_FIELDS
        copy_rows(CaseUserObjectPermission, ["id", "user_id", "permission_id", "content_object_id", *facts_columns],
                  ((grant_id + n, *row, *facts[row[2]]) for n, row in enumerate(user_grants)))
        grant_id = next_id(CaseGroupObjectPermission)
        copy_rows(CaseGroupObjectPermission, ["id", "group_id", "permission_id", "content_object_id", *facts_columns],
                  ((grant_id + n, *row, *facts[row[2]]) for n, row in enumerate(team_grants)))

    # archived dossiers past their term ---------------------------------------------------

    def archived(self, count: int) -> list[int]:
        """Archived dossiers whose term ended before today, each with ~20 linked rows: notes,
        a transparency notice, missing information, an identity check and change history."""
        if not hasattr(self, "staff_ids"):
            self.load_staff()
        rng = self.rng
        rules = _short_rules(self.today)
        residents = self.residents(count)  # their own residents: destruction removes them too
        start = next_id(Case)
        ids = {m: next_id(m) for m in (Note, TransparencyNotice, MissingInformation, IdentityCheck, LogEntry)}
        types = {m: ContentType.objects.get_for_model(m).pk for m in (Case, Note, MissingInformation)}
        cases, notes, notices, missing, checks, history = [], [], [], [], [], []
        note_text = self.encrypt(Note, "text", "Gesprek gevoerd; afspraken vastgelegd.")
        for i in range(count):
            pk = start + i
            t = rng.randrange(len(self.team_groups))
            worker = rng.choice(self.team_members[t])
            statute, basis, result = rng.choice(rules)
            opened = dt.datetime(2020, 2, 1, 9, tzinfo=dt.UTC) + dt.timedelta(days=rng.randrange(300))
            closed = opened + dt.timedelta(days=rng.randrange(20, 60))
            cases.append((pk, f"D-{opened.year}-{pk:06d}", residents[i], statute, basis,
                          self.encrypt(Case, "request", "Ondersteuning gevraagd."), "archived", worker,
                          self.team_ids[self.team_groups[t]], False, "", opened, closed,
                          closed + dt.timedelta(days=1), closed + dt.timedelta(days=2), result, False, False, None))
            for _ in range(8):
                notes.append((ids[Note], pk, note_text if rng.random() < 0.5 else
                              self.encrypt(Note, "text", "Huisbezoek afgelegd."), "ordinary", None, False,
                              worker, opened + dt.timedelta(days=rng.randrange(20))))
                history.append((ids[LogEntry], types[Note], str(ids[Note]), ids[Note], f"Note object ({ids[Note]})",
                                0, "", "{}", worker, opened, "{}"))
                ids[Note] += 1
                ids[LogEntry] += 1
            notices.append((ids[TransparencyNotice], pk, "informed", opened.date(), "letter", "", None, None, None,
                            worker, opened))
            ids[TransparencyNotice] += 1
            for _ in range(2):
                missing.append((ids[MissingInformation], pk,
                                self.encrypt(MissingInformation, "description", "Loonstroken van drie maanden."),
                                opened.date(), False, closed, worker, opened))
                ids[MissingInformation] += 1
            checks.append((ids[IdentityCheck], residents[i], pk, "id_card", opened.date(), worker, opened))
            ids[IdentityCheck] += 1
            history.append((ids[LogEntry], types[Case], str(pk), pk, f"D-{opened.year}-{pk:06d}", 0, "", "{}",
                            worker, opened, "{}"))
            ids[LogEntry] += 1
        copy_rows(Case, CASE_COLUMNS, cases)
        copy_rows(Note, ["id", "case_id", "text", "category", "justification", "is_working_note", "author_id",
                         "created_at"], notes)
        copy_rows(TransparencyNotice, ["id", "case_id", "kind", "informed_on", "method", "unless_reason", "risk",
                                       "weighing", "sharing", "recorded_by_id", "recorded_at"], notices)
        copy_rows(MissingInformation, ["id", "case_id", "description", "asked_on", "refused", "resolved_at",
                                       "recorded_by_id", "recorded_at"], missing)
        copy_rows(IdentityCheck, ["id", "resident_id", "case_id", "document_type", "checked_on", "checked_by_id",
                                  "recorded_at"], checks)
        copy_rows(LogEntry, ["id", "content_type_id", "object_pk", "object_id", "object_repr", "action",
                             "changes_text", "changes", "actor_id", "timestamp", "additional_data"], history)
        return list(range(start, start + count))

    # signals -----------------------------------------------------------------------------

    def signals(self, count: int, expired_share: float) -> int:
        """Signals: most taken up into a dossier, some new, `expired_share` kept without action
        whose retention date has passed (what the purge removes)."""
        if not hasattr(self, "staff_ids"):
            self.load_staff()
        rng = self.rng
        working = list(Case.objects.exclude(status="archived").order_by("pk").values_list("pk", "resident_id")[:50_000])
        start = next_id(Signal)
        content = [self.encrypt(Signal, "content", f"Melding van de woningcorporatie ({n}).") for n in range(64)]
        kinds = ["professional", "network", "automated_feed"]
        categories = ["rent_arrears", "disconnection", "school_worry", "network_worry", "other"]

        def rows():
            for i in range(count):
                received = self.now - dt.timedelta(seconds=rng.randrange(2 * 365 * 86400))
                deadline = received.date() + dt.timedelta(days=14)
                assessor = rng.choice(self.staff_ids)
                roll = rng.random()
                if roll < expired_share:
                    status, resident, case = "no_action", None, None
                    retain = self.today - dt.timedelta(days=rng.randrange(1, 300))
                elif roll < 0.9:
                    status, retain = "taken_up", None
                    case, resident = rng.choice(working)
                else:
                    status, resident, case, retain, assessor = "new", None, None, None, None
                assessed = received + dt.timedelta(days=3) if assessor else None
                yield (start + i, rng.choice(kinds), rng.choice(categories), None, None, received, deadline,
                       rng.choice(content), None, None, None, status, "laag" if assessor else "", assessed,
                       assessor, retain, resident, case)

        return copy_rows(Signal, ["id", "source_kind", "category", "feed_id", "partner_id", "received_at",
                                  "assessment_deadline", "content", "subject_name", "subject_bsn",
                                  "registered_by_id", "status", "severity", "assessed_at", "assessed_by_id",
                                  "retain_until", "resident_id", "case_id"], rows())

    # the access log ----------------------------------------------------------------------

    def access_log(self):
        """10M entries over the last 12 months, in sequence order, each with its HMAC chain
        link computed by audit.chain.entry_hash (the same code the application writes with)."""
        rng, n = self.rng, self.sizes.log_entries
        last = AccessLogEntry.objects.order_by("-seq").only("seq", "hash").first()
        seq, prev = (last.seq, last.hash) if last else (0, chain.GENESIS)
        begin = self.now - dt.timedelta(days=365)
        step = dt.timedelta(days=365) / n
        purposes = [("list", "dossierlijst"), ("read", "dossier_overzicht"), ("read", "notities"),
                    ("list", "mijn_werk"), ("search", "zoeken"), ("read", "documenten")]
        cases = self.case_rows
        entry = SimpleNamespace(on_behalf_of="", result="allowed", detail="")

        def rows():
            nonlocal seq, prev
            for i in range(n):
                pk, resident, t = cases[rng.randrange(len(cases))]
                user = rng.choice(self.team_members[t])
                action, purpose = purposes[rng.randrange(len(purposes))]
                seq += 1
                entry.seq, entry.at, entry.user_id, entry.role = seq, begin + step * i, user, self.roles[user]
                entry.resident_id, entry.case_id, entry.action, entry.purpose = resident, pk, action, purpose
                entry.origin = f"10.20.{t}.{user % 250}"
                entry.prev_hash = prev
                prev = chain.entry_hash(prev, entry)
                yield (seq, entry.at, user, "", entry.role, resident, pk, action, purpose, entry.origin,
                       "allowed", "", entry.prev_hash, prev)

        copy_rows(AccessLogEntry, ["seq", "at", "user_id", "on_behalf_of", "role", "resident_id", "case_id",
                                   "action", "purpose", "origin", "result", "detail", "prev_hash", "hash"], rows())


# The tables the archived-dossier generator writes ids into (sequences moved on after a top-up).
TOPPED_UP = (Resident, Case, Note, TransparencyNotice, MissingInformation, IdentityCheck, LogEntry)

CASE_COLUMNS = ["id", "number", "resident_id", "statute", "legal_basis", "request", "status", "caseworker_id",
                "team_id", "compulsory_framework", "court_order_reference", "opened_at", "closed_at", "cleaned_at",
                "archived_at", "result", "incapacitated", "custodial_parents_disagree", "client_support_offered_on"]


def _short_rules(today: dt.date) -> list[tuple[str, str, str]]:
    """(statute, legal basis, result) whose term, counted from a closure in 2020, has ended."""
    basis = dict(STATUTES)
    closed = dt.date(2021, 1, 1)
    found = [(r.statute, basis[r.statute], r.case_result) for r in RetentionRule.objects.order_by("pk")
             if r.statute in basis and retention_rules.destruction_due_on(closed, r.term) <= today]
    if not found:
        raise RuntimeError("no retention rule with a term that has ended; load the Selectielijst first")
    return found


def _analyze():
    """VACUUM as well as ANALYZE: after a bulk load the visibility map is empty, so index-only
    scans (the grants, the dossier list's covering index) would still visit every heap page,
    and the first reads would set hint bits; autovacuum would get there, later."""
    with connection.cursor() as cursor:
        # VACUUM cannot run inside a transaction (the harness's own test seeds in one).
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")


def seed(scale: float = 1.0, *, out=None) -> Sizes:
    return Seeder(scale, out=out).run()
