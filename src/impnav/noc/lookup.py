"""`noc show`: a NOC 2021 unit group by code, or the groups an old NOC 2016 code became."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from impnav.noc.dataset import UnitGroupDetail, load_concordance, load_details


class NocLookupError(LookupError):
    pass


@dataclass
class ShownGroup(UnitGroupDetail):
    resolved_from_noc2016: str | None = None


def show(code: str) -> list[ShownGroup]:
    wanted = code.strip()
    details = load_details()
    if re.fullmatch(r"\d{5}", wanted):
        if wanted in details:
            return [ShownGroup(**vars(details[wanted]))]
        raise NocLookupError(f"{wanted} is not a NOC 2021 unit group")
    if re.fullmatch(r"\d{4}", wanted):
        changes = load_concordance().to_2021.get(wanted)
        if changes:
            return [
                replace(ShownGroup(**vars(details[c["code"]])), resolved_from_noc2016=wanted)
                for c in changes
                if c["code"] in details
            ]
        raise NocLookupError(f"{wanted} is not a NOC 2016 unit group")
    raise NocLookupError(
        f"{code!r} is not a NOC code: NOC 2021 codes have 5 digits, NOC 2016 codes 4"
    )
