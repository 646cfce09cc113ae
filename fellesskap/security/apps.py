from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Log-in hardening (rate limit, TOTP), the Content-Security-Policy, and the
    data-protection commands (retention, subject access, backup and restore)."""

    name = "fellesskap.security"
    label = "security"
    verbose_name = "Security and data protection"
