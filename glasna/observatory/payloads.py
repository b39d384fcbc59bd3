"""The published data as plain, JSON-ready dicts: the dashboard renders these and the API
returns them, so neither can show more than the other."""

from typing import Any

from django.apps import apps

from glasna.observatory import codebook, codebook_labels, disclosure, foi, sources, tables


def case_tables() -> dict[str, dict[str, Any]]:
    t = disclosure.threshold()
    bundle = tables.published_bundle(t=t)
    return {name: case_table(name, table, t) for name, table in bundle.items()}


def case_table(name: str, table: disclosure.Table, t: int) -> dict[str, Any]:
    return {
        "name": name,
        "label": codebook.dimension_label(name),
        "kind": table.kind,
        "threshold": t,
        "withheld": table.withheld,
        "total": table.total,
        "rows": tables.table_rows(table),
    }


def funnels() -> list[dict[str, Any]]:
    out = []
    for f in tables.funnels():
        out.append(
            {
                "key": f.key,
                "dataset": f.dataset,
                "jurisdiction": f.jurisdiction,
                "jurisdiction_label": codebook.label("country", f.jurisdiction),
                "offence": f.offence,
                "offence_label": codebook.label("offence", f.offence),
                "offence_local": f.offence_local,
                "institution_type": f.institution_type,
                "institution_type_label": str(
                    codebook_labels.INSTITUTION_TYPES.get(f.institution_type, f.institution_type)
                ),
                "period_start": f.period_start,
                "period_end": f.period_end,
                "sources": list(f.sources),
                "rows": [
                    {**row, "unit_label": str(codebook_labels.UNITS.get(row["unit"], row["unit"]))}
                    for row in tables.funnel_rows(f)
                ],
            }
        )
    return out


def official() -> list[dict[str, Any]]:
    return tables.official_rows()


def official_trend() -> list[dict[str, Any]]:
    return [
        {
            **row,
            "jurisdiction_label": codebook.label("country", row["jurisdiction"]),
            "offence_label": codebook.label("offence", row["offence"]),
            "stage_label": codebook.label("stage", row["stage"]),
            "institution_type_label": str(codebook_labels.INSTITUTION_TYPES.get(row["institution_type"], "")),
            "unit_label": str(codebook_labels.UNITS.get(row["unit"], row["unit"])),
        }
        for row in tables.yearly_trend()
    ]


def silence() -> list[dict[str, Any]]:
    return [
        {
            **row,
            "country_label": codebook.label("country", row["country"]),
            "institution_type_label": str(codebook_labels.INSTITUTION_TYPES.get(row["institution_type"], "")),
        }
        for row in foi.silence()
    ]


def platform_response() -> list[dict[str, Any]]:
    return sources.platform_response() or []


def space_figures() -> dict[str, Any] | None:
    """The networks room's figures on abusive spaces (networks/figures.py: its disclosure control,
    counted at the month's start), each table carrying the threshold as a case table does; None
    when the room is not installed (the observatory runs without it and never imports it then)."""
    if not apps.is_installed("glasna.networks"):
        return None
    from glasna.networks import figures

    data = figures.published()
    return {**data, "tables": [{**table, "threshold": data["threshold"]} for table in data["tables"]]}
