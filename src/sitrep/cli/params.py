"""Parameter types shared by several commands."""

from __future__ import annotations

import os

import click


class CountryCode(click.ParamType):
    """A country as an ISO code in any case or a name (SY, sy, SYR, Syria); given as ISO2 to the code.
    Anything else is a one-line usage error listing the countries sitrep knows."""

    name = "COUNTRY"

    def convert(self, value, param, ctx) -> str:
        from ..countries import iso2_of, unknown_country

        iso2 = iso2_of(str(value))
        if iso2 is None:
            self.fail(unknown_country(str(value)), param, ctx)
        return iso2


COUNTRY = CountryCode()


def use_home(ctx: click.Context, param: click.Parameter, value):
    """`--home` is the SITREP_HOME of the whole command: what sitrep keeps deep in the coder, where no options
    reach (the patterns' prefixes and compiled code, the user's resource files), goes there too."""
    if value is not None:
        os.environ["SITREP_HOME"] = str(value)
    return value
