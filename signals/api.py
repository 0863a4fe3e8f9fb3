"""JSON API for chain partners' automated feeds (P-2.2.3).

A partner authenticates with a key of one registered feed ("Authorization: Bearer <key>");
only a hash of the key is stored. The signal lands in quarantine; the response carries its
number and deadline, never its content.
"""

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, parsers, serializers, status
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import ApplicationError

from . import services
from .models import Category, PartnerToken, SignalFeed, SourceKind

_REFUSED = "De API-sleutel ontbreekt, is onbekend of is ingetrokken."


class FeedPrincipal:
    """The caller: one feed of one chain partner (not a staff user)."""

    is_authenticated = True
    is_active = True
    pk = None

    def __init__(self, feed: SignalFeed):
        self.feed = feed


class PartnerTokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_REFUSED)
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_REFUSED) from None
        token = (PartnerToken.objects.select_related("feed__organisation")
                 .filter(key_hash=PartnerToken.hash_key(key), revoked_at__isnull=True).first())
        if token is None:
            raise exceptions.AuthenticationFailed(_REFUSED)
        PartnerToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        return FeedPrincipal(token.feed), token

    def authenticate_header(self, request):
        return self.keyword  # 401 with WWW-Authenticate, not 403, when the key is missing


class PartnerTokenScheme(OpenApiAuthenticationExtension):
    target_class = PartnerTokenAuthentication
    name = "partnerKey"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "API-sleutel van een geregistreerde signaalbron."}


class IsActiveFeed(BasePermission):
    message = "Deze signaalbron is niet actief. Neem contact op met de gemeente."

    def has_permission(self, request, view):
        return isinstance(request.user, FeedPrincipal) and request.user.feed.active


class TextField(serializers.CharField):
    """Only JSON strings: a number or list is a mistake of the sender, not text to store."""

    default_error_messages = {"invalid": "Dit veld moet tekst zijn."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class SignalInSerializer(serializers.Serializer):
    category = serializers.ChoiceField(
        choices=Category.choices, required=False,
        error_messages={"invalid_choice": "Onbekende soort signaal: kies een van de vaste waarden."},
        help_text="Soort signaal; zonder waarde de soort van de bron.")
    content = TextField(
        max_length=services.MAX_CONTENT_LENGTH, trim_whitespace=True,
        error_messages={"required": "Het veld content (inhoud van het signaal) ontbreekt.",
                        "blank": "De inhoud van het signaal is leeg.",
                        "max_length": f"De inhoud is langer dan {services.MAX_CONTENT_LENGTH} tekens.",
                        "invalid": "De inhoud moet tekst zijn."})
    subject_name = TextField(required=False, allow_blank=True, max_length=200,
                                         error_messages={"max_length": "De naam is langer dan 200 tekens."})
    subject_bsn = TextField(required=False, allow_blank=True, max_length=20,
                                        error_messages={"max_length": "Het BSN is te lang."})


class SignalReceiptSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Signaalnummer bij de gemeente.")
    received_at = serializers.DateTimeField()
    assessment_deadline = serializers.DateField()
    status = serializers.CharField()


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class JSONParser(parsers.JSONParser):
    """JSON nested deeper than Python's recursion limit is malformed input (400), not a 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError() from None


class SignalCreateView(APIView):
    authentication_classes = [PartnerTokenAuthentication]
    permission_classes = [IsActiveFeed]
    parser_classes = [JSONParser, parsers.FormParser, parsers.MultiPartParser]

    def handle_exception(self, exc):
        if isinstance(exc, exceptions.ParseError):  # DRF's own text is English and echoes the parser
            exc = exceptions.ParseError("De aanvraag is geen geldige JSON. Stuur een JSON-object.")
        return super().handle_exception(exc)

    @extend_schema(
        operation_id="signaal_aanleveren", request=SignalInSerializer,
        responses={201: SignalReceiptSerializer, 400: OpenApiResponse(description="Ongeldige invoer"),
                   401: ErrorSerializer, 403: ErrorSerializer},
        description="Lever een signaal aan. Het komt in quarantaine bij het intaketeam.",
    )
    def post(self, request):
        if not isinstance(request.data, dict):
            raise exceptions.ValidationError({"detail": "Stuur een JSON-object."})
        serializer = SignalInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data, feed = serializer.validated_data, request.user.feed
        try:
            signal = services.receive_signal(
                actor=None, source_kind=SourceKind.AUTOMATED_FEED, feed=feed,
                category=data.get("category") or feed.category, content=data["content"],
                subject_name=data.get("subject_name", ""), subject_bsn=data.get("subject_bsn", ""))
        except ApplicationError as exc:
            return Response({exc.field or "detail": [exc.message]}, status=status.HTTP_400_BAD_REQUEST)
        receipt = {"id": signal.pk, "received_at": signal.received_at,
                   "assessment_deadline": signal.assessment_deadline, "status": signal.status}
        return Response(SignalReceiptSerializer(receipt).data, status=status.HTTP_201_CREATED)
