"""What an import found, kept as plain data on its job: the page shows it after the job ends.

The preview is what the officer reviews: per team who joins, whose role changes, who leaves
or stays, and every skipped row, warning and error. Its digest ties the confirmation to it.
"""

from django.utils.translation import gettext as _

from ..models import TeamRole
from .plan import ALREADY, JOIN, LEAVE, NEW, ROLE, STAYS, STEP_DOWN, MemberImport


def _role(code: str) -> str:
    return str(TeamRole(code).label)


def _where(sheet: str, row: int) -> str:
    return f"{sheet} · {row}" if sheet else str(row)


def as_preview(result: MemberImport) -> dict:
    """The import as JSON-ready data for the preview page (and the job's summary)."""
    table = result.table
    teams = []
    for team in result.teams:
        rows = []
        for p in team.rows:
            rows.append(
                {
                    "where": _where(p.sheet, p.row),
                    "name": p.full_name,
                    "phone": p.phone or "",
                    "birth_year": p.person.get("birth_year"),
                    "role": _role(p.role),
                    "was": _role(p.was) if p.was else "",
                    "action": p.action,
                    "add_phone": p.add_phone,
                    "note": p.person.get("affiliation_note", ""),
                }
            )
        others = [
            {
                "name": s.membership.member.full_name,
                "role": _role(s.membership.role),
                "since": s.membership.start.strftime("%d/%m/%Y"),
                "action": s.action,
            }
            for s in team.others
        ]
        teams.append(
            {
                "unit": team.unit.name,
                "team": getattr(team.team, "pk", None),
                "current": team.current_count,
                "changes": team.changes,
                "rows": rows,
                "others": others,
            }
        )
    return {
        "ok": result.ok,
        "day": result.day.strftime("%d/%m/%Y") if result.day else "",
        "replace": result.replace,
        "digest": result.digest() if result.ok else "",
        "errors": [str(e) for e in result.errors],
        "warnings": [*table.warnings, *(str(w) for w in result.warnings)],
        "skipped": [{"where": _where(s.sheet, s.number), "why": s.why} for s in table.skipped],
        "sheets_read": table.sheets_read,
        "sheets_ignored": [[title, why] for title, why in table.sheets_ignored],
        "counts": {
            NEW: result.count(NEW),
            JOIN: result.count(JOIN),
            ALREADY: result.count(ALREADY),
            ROLE: result.count(ROLE),
            LEAVE: result.count_others(LEAVE),
            STAYS: result.count_others(STAYS),
            STEP_DOWN: result.count_others(STEP_DOWN),
        },
        "teams": teams,
        "done": {
            "members_created": result.members_created,
            "memberships_created": result.memberships_created,
            "memberships_ended": result.memberships_ended,
            "roles_changed": result.roles_changed,
        },
    }


def summary(preview: dict, written: bool) -> list[str]:
    """The lines the job's page shows when it ends."""
    if preview["errors"]:
        return [_("%(n)s problem(s) found; nothing was imported.") % {"n": len(preview["errors"])}]
    counts = preview["counts"]
    if written:
        done = preview["done"]
        return [
            _(
                "Written: %(members)s new member(s), %(joined)s membership(s) begun, "
                "%(roles)s role(s) changed, %(ended)s membership(s) ended, from %(day)s."
            )
            % {
                "members": done["members_created"],
                "joined": done["memberships_created"],
                "roles": done["roles_changed"],
                "ended": done["memberships_ended"],
                "day": preview["day"],
            }
        ]
    return [
        _("The file was read: sheets %(sheets)s.")
        % {"sheets": ", ".join(f"“{s}”" for s in preview["sheets_read"])},
        _(
            "%(teams)s team(s): %(new)s new member(s), %(join)s joining, %(role)s role "
            "change(s), %(leave)s leaving. Nothing is written until you confirm."
        )
        % {
            "teams": len(preview["teams"]),
            "new": counts[NEW],
            "join": counts[JOIN],
            "role": counts[ROLE] + counts[STEP_DOWN],
            "leave": counts[LEAVE],
        },
    ]
