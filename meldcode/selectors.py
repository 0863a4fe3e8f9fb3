from .models import MeldcodeTrack


def current_track(case) -> MeldcodeTrack | None:
    """The open track of the dossier, or else the last decided one."""
    tracks = MeldcodeTrack.objects.filter(case=case).prefetch_related("steps").order_by("-started_at")
    return next((t for t in tracks if t.is_open), None) or next(iter(tracks), None)


def has_consulted(case) -> bool:
    """P-2.3.3: the Meldcode has reached (at least) step 2, the consultation, for this dossier."""
    return MeldcodeTrack.objects.filter(case=case, steps__number=2).exists()
