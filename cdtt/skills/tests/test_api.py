"""The skills API: the catalogue, levels scoped to what the caller may read, own level set."""

import pytest

from cdtt.accounts.models import Role
from cdtt.factories import make_member, make_team, make_tree, make_user
from cdtt.skills.models import SkillLevel, Task

pytestmark = pytest.mark.django_db


def test_catalogue_levels_and_confirmation(client):
    tree = make_tree()
    team = make_team(tree["village"])
    mai_user = make_user(Role.MEMBER, tree["village"], "mai")
    mai = make_member("Lò Thị Mai", team, user=mai_user)
    lan = make_member("Quàng Văn Lan", team)
    far = make_member("Người Xa", make_team(tree["other_village"]))
    task = Task.objects.get(code="vneid-muc-2")
    SkillLevel.objects.create(member=far, task=task, level="can_do", source="self",
                              changed_at="2026-01-01T00:00:00Z")  # fmt: skip

    client.force_login(mai_user)
    tasks = client.get("/api/v1/skills/tasks/").json()
    assert tasks["count"] >= 20 and tasks["results"][0]["questions"] >= 3
    assert client.get("/api/v1/skills/tasks/vneid-muc-2/").json()["guide"] == "vneid-muc-2"
    answer = client.post("/api/v1/skills/levels/", {"task": task.code, "level": "can_do"},
                         content_type="application/json")  # fmt: skip
    assert answer.status_code == 201 and answer.json()["level"] == "can_do"
    bad = client.post("/api/v1/skills/levels/", {"task": task.code, "level": "expert"},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 400 and "level" in bad.json()
    # A member reads her own levels only; confirming is not hers.
    SkillLevel.objects.create(member=lan, task=task, level="can_do", source="self",
                              changed_at="2026-01-01T00:00:00Z")  # fmt: skip
    assert [r["member"] for r in client.get("/api/v1/skills/levels/").json()["results"]] == [mai.pk]
    refused = client.post("/api/v1/skills/confirmations/", {"member": lan.pk, "task": task.code},
                          content_type="application/json")  # fmt: skip
    assert refused.status_code == 400

    officer = make_user(Role.COMMUNE, tree["commune"], "xa")
    client.force_login(officer)
    members = {r["member"] for r in client.get("/api/v1/skills/levels/").json()["results"]}
    assert members == {mai.pk, lan.pk}  # not the other province's member
    done = client.post("/api/v1/skills/confirmations/", {"member": lan.pk, "task": task.code},
                       content_type="application/json")  # fmt: skip
    assert done.status_code == 200 and done.json()["confirmed_by"] == officer.pk
    far_off = client.post("/api/v1/skills/confirmations/", {"member": far.pk, "task": task.code},
                          content_type="application/json")  # fmt: skip
    assert far_off.status_code == 400
    stats = client.get(f"/api/v1/stats/?orgunit={tree['commune'].pk}").json()["skills"]
    row = next(r for r in stats["matrix"] if r["task"] == task.code)
    assert (row["members"], row["can_do"], row["can_guide"]) == (2, 1, 1)
