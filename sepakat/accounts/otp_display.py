from __future__ import annotations

import io
from typing import Any

import segno
from django_otp.plugins.otp_totp.models import TOTPDevice


def print_device(out: Any, device: TOTPDevice) -> None:
    """Show the otpauth link and a terminal QR code to scan with an authenticator app."""
    url = device.config_url
    out.write("Pindai kode QR ini dengan aplikasi autentikator (Google Authenticator, Aegis...):")
    buffer = io.StringIO()
    segno.make(url, error="m").terminal(out=buffer, compact=True)
    out.write(buffer.getvalue())
    out.write(f"atau masukkan tautan ini: {url}")
