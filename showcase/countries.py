"""Countries and the UN M49 region each belongs to.

A case records the countries where it is used (ISO 3166-1 alpha-2 codes, via
django-countries); the region facet is derived from them, never entered by
hand. The grouping below follows the UN Statistics Division's *Standard
country or area codes for statistical use* (M49): five regions, each split
into sub-regions. Antarctica (AQ) belongs to no M49 region. Taiwan (TW), which
M49 does not list separately, is placed in Eastern Asia.

https://unstats.un.org/unsd/methodology/m49/
"""

from __future__ import annotations

from collections.abc import Iterable

# region M49 code, region name, {sub-region name: ISO 3166-1 alpha-2 codes}
M49_REGIONS: tuple[tuple[str, str, dict[str, tuple[str, ...]]], ...] = (
    (
        "002",
        "Africa",
        {
            "Northern Africa": ("DZ", "EG", "LY", "MA", "SD", "TN", "EH"),
            "Eastern Africa": (
                "IO", "BI", "KM", "DJ", "ER", "ET", "TF", "KE", "MG", "MW", "MU", "YT", "MZ",
                "RE", "RW", "SC", "SO", "SS", "UG", "TZ", "ZM", "ZW",
            ),
            "Middle Africa": ("AO", "CM", "CF", "TD", "CG", "CD", "GQ", "GA", "ST"),
            "Southern Africa": ("BW", "SZ", "LS", "NA", "ZA"),
            "Western Africa": (
                "BJ", "BF", "CV", "CI", "GM", "GH", "GN", "GW", "LR", "ML", "MR", "NE", "NG",
                "SH", "SN", "SL", "TG",
            ),
        },
    ),
    (
        "019",
        "Americas",
        {
            "Caribbean": (
                "AI", "AG", "AW", "BS", "BB", "BQ", "VG", "KY", "CU", "CW", "DM", "DO", "GD",
                "GP", "HT", "JM", "MQ", "MS", "PR", "BL", "KN", "LC", "MF", "VC", "SX", "TT",
                "TC", "VI",
            ),
            "Central America": ("BZ", "CR", "SV", "GT", "HN", "MX", "NI", "PA"),
            "South America": (
                "AR", "BO", "BV", "BR", "CL", "CO", "EC", "FK", "GF", "GY", "PY", "PE", "GS",
                "SR", "UY", "VE",
            ),
            "Northern America": ("BM", "CA", "GL", "PM", "US"),
        },
    ),
    (
        "142",
        "Asia",
        {
            "Central Asia": ("KZ", "KG", "TJ", "TM", "UZ"),
            "Eastern Asia": ("CN", "HK", "MO", "KP", "JP", "MN", "KR", "TW"),
            "South-eastern Asia": ("BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "TL", "VN"),
            "Southern Asia": ("AF", "BD", "BT", "IN", "IR", "MV", "NP", "PK", "LK"),
            "Western Asia": (
                "AM", "AZ", "BH", "CY", "GE", "IQ", "IL", "JO", "KW", "LB", "OM", "QA", "SA",
                "PS", "SY", "TR", "AE", "YE",
            ),
        },
    ),
    (
        "150",
        "Europe",
        {
            "Eastern Europe": ("BY", "BG", "CZ", "HU", "PL", "MD", "RO", "RU", "SK", "UA"),
            "Northern Europe": (
                "AX", "DK", "EE", "FO", "FI", "GG", "IS", "IE", "IM", "JE", "LV", "LT", "NO",
                "SJ", "SE", "GB",
            ),
            "Southern Europe": (
                "AL", "AD", "BA", "HR", "GI", "GR", "VA", "IT", "MT", "ME", "MK", "PT", "SM",
                "RS", "SI", "ES",
            ),
            "Western Europe": ("AT", "BE", "FR", "DE", "LI", "LU", "MC", "NL", "CH"),
        },
    ),
    (
        "009",
        "Oceania",
        {
            "Australia and New Zealand": ("AU", "CX", "CC", "HM", "NZ", "NF"),
            "Melanesia": ("FJ", "NC", "PG", "SB", "VU"),
            "Micronesia": ("GU", "KI", "MH", "FM", "NR", "MP", "PW", "UM"),
            "Polynesia": ("AS", "CK", "PF", "NU", "PN", "WS", "TK", "TO", "TV", "WF"),
        },
    ),
)

#: ISO alpha-2 code -> M49 region code ("002" Africa, "019" Americas, "142" Asia, "150" Europe, "009" Oceania)
REGION_OF_COUNTRY: dict[str, str] = {
    country: region_code
    for region_code, _name, subregions in M49_REGIONS
    for countries in subregions.values()
    for country in countries
}

#: ISO alpha-2 code -> M49 sub-region name
SUBREGION_OF_COUNTRY: dict[str, str] = {
    country: subregion
    for _code, _name, subregions in M49_REGIONS
    for subregion, countries in subregions.items()
    for country in countries
}

#: M49 region code -> English name (the Region snippets are seeded with these)
REGION_NAMES: dict[str, str] = {code: name for code, name, _subregions in M49_REGIONS}


def region_codes_for(countries: Iterable[object]) -> list[str]:
    """The M49 region codes of the given countries, sorted, without repeats.

    Accepts codes as strings or django-countries ``Country`` objects; unknown
    codes (and Antarctica) contribute no region.
    """
    codes = {REGION_OF_COUNTRY.get(str(getattr(c, "code", c)).upper()) for c in countries}
    codes.discard(None)
    return sorted(codes)  # type: ignore[arg-type]


def country_names(codes: Iterable[str]) -> str:
    """The English names of these ISO codes, for searching ("facial recognition Nigeria")."""
    from django_countries import countries  # the registry reads settings: loaded on first use
    from django.utils import translation

    with translation.override("en"):
        return " ".join(str(countries.name(code)) for code in codes if code)
