"""Static images of chart specs (SVG, PNG) for PDFs, with vl-convert (no browser, no network)."""

from __future__ import annotations

from typing import Any


def to_svg(spec: dict[str, Any]) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(spec)


def to_png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    import vl_convert

    return vl_convert.vegalite_to_png(spec, scale=scale)
