import base64
import io

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp import login as otp_login

from core.errors import ApplicationError

from . import services
from .forms import AcknowledgeForm, LoginForm, TokenForm
from .rules import current_confidentiality_text, mfa_satisfied

MAX_TOKEN_FAILURES = 5


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, require_https=False):
        return candidate
    return settings.LOGIN_REDIRECT_URL


def login_view(request):
    if request.user.is_authenticated and mfa_satisfied(request.user, mfa_required=settings.MFA_REQUIRED):
        return redirect("core:home")
    form = LoginForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        login(request, form.user)  # rotates the session id
        request.session["token_failures"] = 0
        if settings.MFA_REQUIRED:
            return redirect("accounts:verify")
        return redirect(_next_url(request))
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)})


@login_required
def verify_view(request):
    user = request.user
    if not settings.MFA_REQUIRED or user.is_verified():
        return redirect("core:home")
    devices = list(devices_for_user(user, confirmed=True))
    if not devices:
        return redirect("accounts:setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _match(devices, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            request.session["token_failures"] = 0
            return redirect("core:home")
        if _count_failure(request):
            logout(request)
            messages.error(request, "Te vaak een verkeerde code. Log opnieuw in.")
            return redirect("accounts:login")
        form.add_error("token", "De code klopt niet of is verlopen. Probeer het opnieuw.")
    return render(request, "accounts/verify.html", {"form": form})


def _match(devices, token):
    for device in devices:
        allowed, _ = device.verify_is_allowed()
        if allowed and device.verify_token(token):
            return device
    return None


def _count_failure(request) -> bool:
    failures = request.session.get("token_failures", 0) + 1
    request.session["token_failures"] = failures
    return failures >= MAX_TOKEN_FAILURES


@login_required
def setup_view(request):
    user = request.user
    if list(devices_for_user(user, confirmed=True)):
        return redirect("accounts:verify")
    device = services.pending_totp_device(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.confirm_totp_device(user=user, device=device, token=form.cleaned_data["token"])
        except ApplicationError as exc:
            form.add_error("token", exc.message)
        else:
            otp_login(request, device)
            return render(request, "accounts/backup_codes.html", {"codes": codes})
    secret = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/setup.html", {
        "form": form, "secret": secret, "qr_svg": _qr_svg(device.config_url),
    })


def _qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@login_required
def acknowledge_view(request):
    if not mfa_satisfied(request.user, mfa_required=settings.MFA_REQUIRED):
        return redirect("accounts:verify")
    text = current_confidentiality_text()
    if text is None:
        return render(request, "accounts/no_statement.html", status=503)
    form = AcknowledgeForm(request.POST or None, initial={"version": text.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.acknowledge_confidentiality(actor=request.user, text_version=form.cleaned_data["version"])
        except ApplicationError as exc:
            messages.warning(request, exc.message)
            return redirect("accounts:acknowledge")
        messages.success(request, "Bedankt. Je bevestiging is vastgelegd.")
        return redirect("core:home")
    return render(request, "accounts/acknowledge.html", {"form": form, "statement": text})


@require_POST
def logout_view(request):
    logout(request)  # flushes the session server-side
    messages.info(request, "Je bent uitgelogd.")
    return redirect("accounts:login")


def admin_login_redirect(request, extra_context=None):
    """The admin has no login of its own: every login goes through both factors."""
    from django.urls import reverse
    from django.utils.http import urlencode

    return redirect(f"{reverse('accounts:login')}?{urlencode({'next': request.GET.get('next', '/beheer/')})}")
