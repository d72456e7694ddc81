"""Parameter types shared by several commands."""

from __future__ import annotations

import click


class CountryCode(click.ParamType):
    """An ISO 3166 two-letter country code, in any case (sy, SY); given upper-case to the code."""

    name = "ISO2"

    def convert(self, value, param, ctx) -> str:
        code = str(value).strip().upper()
        if len(code) != 2 or not code.isascii() or not code.isalpha():
            self.fail(f"{value!r} is not a two-letter ISO 3166 country code such as SY or IQ", param, ctx)
        return code


COUNTRY = CountryCode()
