"""Server-rendered screens (templates + htmx), i18n, static assets."""
