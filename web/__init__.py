"""The web app's pages, templates, static assets and message catalogues."""

from pathlib import Path

WEB_DIR = Path(__file__).resolve().parent
STATIC_DIR = WEB_DIR / "static"
TEMPLATES_DIR = WEB_DIR / "templates"
I18N_DIR = WEB_DIR / "i18n"
