"""The demo's members: about 1,000 people on the 196 teams of the demo district.

They look like the story: village teams led by the village head, often past 60; Youth
Union members doing most of the guiding and knowing most of the skills; many people never
trained, except in the teams where someone follows up; Thái, Mông, Khơ Mú and Kinh names
by village; a few people on both their village's team and the commune's; a few former
members and former leaders.

Deterministic from the seed (and a fixed reference year, so ages do not drift between
runs). Written once with bulk_create, which skips the audit log: this is demo data, not
anybody's work. A second run creates nothing and only links the demo accounts.
"""

import random
from datetime import date, timedelta

from django.db import transaction

from cdtt.accounts.models import User
from cdtt.orgunits.models import Kind, Level, OrgUnit
from cdtt.teams.models import (
    Affiliation,
    Gender,
    Member,
    Membership,
    Skill,
    Team,
    TeamRole,
    Training,
)
from cdtt.vietnamese import MOBILE_PREFIXES, fold, sort_key

from .accounts import DEMO_ACCOUNTS, demo_units

REFERENCE_YEAR = 2026
VILLAGE_SIZES = [4, 4, 5, 5, 5, 6, 7]
COMMUNE_SIZES = [6, 7, 8, 9]

NAMES = {
    "Thái": {
        "family": ["Lò", "Lường", "Quàng", "Cà", "Tòng", "Vì", "Điêu", "Hoàng", "Bạc", "Cầm"],
        "middle": {Gender.MALE: ["Văn"], Gender.FEMALE: ["Thị"]},
        Gender.MALE: ["Thanh", "Piếng", "Xuân", "Tiến", "Inh", "Ún", "Phóng", "Cương", "Khăm",
                      "Bun", "Xiêng", "Ơn", "Hặc", "Panh", "Chính", "Thưởng", "Hùng", "Minh"],
        Gender.FEMALE: ["Mai", "Hoa", "Nhung", "Ngoan", "Kim", "Xuân", "Hương", "Ánh", "Ín",
                        "Phanh", "Ban", "Diện", "Thoa", "Duyên"],
    },
    "Mông": {
        "family": ["Giàng", "Sùng", "Mùa", "Vàng", "Thào", "Lý", "Hờ", "Lầu", "Chang", "Hạng",
                   "Vừ", "Cứ"],
        "middle": {Gender.MALE: ["A"], Gender.FEMALE: ["Thị"]},
        Gender.MALE: ["Páo", "Sềnh", "Dế", "Chứ", "Lử", "Súa", "Chía", "Pà", "Dình", "Tủa",
                      "Nhìa", "Tếnh", "Chá", "Vảng"],
        Gender.FEMALE: ["Mỷ", "Sua", "Dua", "Pà", "Mai", "Dợ", "Chu", "Sy", "Dở", "Xá"],
    },
    "Khơ Mú": {
        "family": ["Lò", "Quàng", "Vì", "Cà", "Tòng", "Lường"],
        "middle": {Gender.MALE: ["Văn"], Gender.FEMALE: ["Thị"]},
        Gender.MALE: ["Ón", "Thoong", "Pọm", "Kham", "Ỏn", "Phăn", "Lả", "Thịnh", "Sinh"],
        Gender.FEMALE: ["Ơn", "Dăn", "Xuân", "Hom", "Phơi", "Ngân"],
    },
    "Kinh": {
        "family": ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đỗ", "Bùi", "Đặng", "Ngô"],
        "middle": {Gender.MALE: ["Văn", "Đức", "Quang", "Minh", "Hữu"],
                   Gender.FEMALE: ["Thị", "Thu", "Thanh", "Ngọc"]},
        Gender.MALE: ["Hùng", "Dũng", "Tuấn", "Nam", "Minh", "Long", "Hải", "Quân", "Sơn",
                      "Thắng"],
        Gender.FEMALE: ["Lan", "Hà", "Hạnh", "Thủy", "Hương", "Linh", "Trang", "Nga", "Huyền"],
    },
}  # fmt: skip
# Ethnic make-up of a village, by kind: (ethnicity, weight).
PEOPLE_OF = {
    Kind.BAN: [("Thái", 55), ("Mông", 25), ("Khơ Mú", 12), ("Kinh", 8)],
    "other": [("Kinh", 60), ("Thái", 30), ("Mông", 10)],
}
# Who sits on a village team besides the leader: (affiliation, weight).
VILLAGE_MIX = [
    (Affiliation.YOUTH_UNION, 42), (Affiliation.WOMEN_UNION, 15), (Affiliation.FARMERS, 9),
    (Affiliation.VETERANS, 8), (Affiliation.POLICE, 6), (Affiliation.TEACHER, 7),
    (Affiliation.HEALTH, 6), (Affiliation.OTHER, 7),
]  # fmt: skip
COMMUNE_TEAM = [Affiliation.OTHER, Affiliation.OTHER, Affiliation.YOUTH_UNION,
                Affiliation.POLICE, Affiliation.JUSTICE, Affiliation.WOMEN_UNION,
                Affiliation.FRONT, Affiliation.HEALTH, Affiliation.TEACHER]  # fmt: skip
# How the "Đoàn thể/đơn vị công tác" column is written, by affiliation.
WRITTEN = {
    Affiliation.YOUTH_UNION: ["Đoàn Thanh niên", "Bí thư chi đoàn", "Đoàn viên", "ĐTN"],
    Affiliation.WOMEN_UNION: ["Hội LHPN", "Chi hội Phụ nữ", "Hội Phụ nữ"],
    Affiliation.VETERANS: ["Hội CCB", "Cựu chiến binh"],
    Affiliation.FARMERS: ["Hội Nông dân", "Chi hội Nông dân"],
    Affiliation.POLICE: ["Công an xã", "Công an viên"],
    Affiliation.JUSTICE: ["Tư pháp - hộ tịch"],
    Affiliation.FRONT: ["Ban công tác Mặt trận"],
    Affiliation.TEACHER: ["Giáo viên Trường PTDTBT TH", "Giáo viên mầm non"],
    Affiliation.HEALTH: ["Y tế thôn bản", "Trạm y tế xã"],
    Affiliation.OTHER: ["Bưu điện văn hóa xã", "Nhân viên Viettel", "Công chức Văn hóa - Xã hội",
                        "Phó Chủ tịch UBND xã"],
}  # fmt: skip
HEAD_OF = {Kind.BAN: "Trưởng bản", Kind.THON: "Trưởng thôn", Kind.KHOI: "Trưởng khối"}
# Birth years by affiliation (against REFERENCE_YEAR).
BORN = {
    Affiliation.YOUTH_UNION: (1994, 2007), Affiliation.WOMEN_UNION: (1972, 2000),
    Affiliation.VETERANS: (1950, 1968), Affiliation.FARMERS: (1962, 1995),
    Affiliation.POLICE: (1985, 2001), Affiliation.JUSTICE: (1980, 1997),
    Affiliation.TEACHER: (1978, 1998), Affiliation.HEALTH: (1975, 1998),
    Affiliation.FRONT: (1960, 1985), Affiliation.OTHER: (1965, 2000),
}  # fmt: skip
# How many of the seven skills someone can guide, by affiliation: (low, high).
SKILLED = {Affiliation.YOUTH_UNION: (2, 5), Affiliation.POLICE: (1, 3),
           Affiliation.TEACHER: (1, 3), Affiliation.HEALTH: (1, 3)}  # fmt: skip
# What people can guide, most to least common: VNeID first, health records rarely.
SKILL_WEIGHTS = {Skill.VNEID: 12, Skill.VSSID: 6, Skill.PUBLIC_SERVICES: 5, Skill.CASHLESS: 6,
                 Skill.ECOMMERCE: 1, Skill.SCAMS: 3, Skill.HEALTH_RECORD: 1}  # fmt: skip
TRAINED = {Affiliation.YOUTH_UNION: 0.6, Affiliation.POLICE: 0.7, Affiliation.TEACHER: 0.5,
           Affiliation.OTHER: 0.5}  # fmt: skip
TOPICS = [
    ("Tập huấn kỹ năng số cơ bản cho Tổ công nghệ số cộng đồng", "UBND xã"),
    ("Hướng dẫn kích hoạt tài khoản định danh điện tử mức 2", "Công an xã"),
    ("Sử dụng ứng dụng VssID", "Bảo hiểm xã hội tỉnh Điện Biên"),
    ("Nhận diện và phòng tránh lừa đảo trực tuyến", "Sở Khoa học và Công nghệ tỉnh Điện Biên"),
    ("Thanh toán không dùng tiền mặt", "Viettel Điện Biên"),
    ("Đưa nông sản lên sàn thương mại điện tử", "Tỉnh đoàn Điện Biên"),
    ("Sổ sức khỏe điện tử trên VNeID", "Trung tâm Y tế"),
]
RESERVED_PHONES = {phone for *_rest, phone in DEMO_ACCOUNTS if phone}


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


class _People:
    """Makes one person at a time, each with a unique phone (a few have none)."""

    def __init__(self, rng: random.Random, taken: set[str]):
        self.rng = rng
        self.phones = set(taken) | RESERVED_PHONES
        self.prefixes = sorted(MOBILE_PREFIXES)

    def phone(self) -> str:
        while True:
            number = f"0{self.rng.choice(self.prefixes)}{self.rng.randint(0, 9_999_999):07d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def skills(self, count: int) -> set[str]:
        """`count` distinct skills, the common ones more often."""
        left, chosen = dict(SKILL_WEIGHTS), set()
        for _ in range(count):
            skill = self.rng.choices(list(left), weights=list(left.values()))[0]
            chosen.add(skill)
            del left[skill]
        return chosen

    def make(self, people: str, affiliation: str, gender: str | None = None, born=None) -> Member:
        rng = self.rng
        if gender is None:
            female = {Affiliation.WOMEN_UNION: 1.0, Affiliation.VETERANS: 0.05,
                      Affiliation.POLICE: 0.15, Affiliation.VILLAGE_HEAD: 0.1}.get(
                affiliation, 0.45)  # fmt: skip
            gender = Gender.FEMALE if rng.random() < female else Gender.MALE
        names = NAMES[people]
        full_name = " ".join(
            [rng.choice(names["family"]), rng.choice(names["middle"][gender]),
             rng.choice(names[gender])]
        )  # fmt: skip
        low, high = born or BORN[affiliation]
        birth_year = None if rng.random() < 0.04 else rng.randint(low, high)
        low, high = SKILLED.get(affiliation, (0, 2))
        if birth_year and REFERENCE_YEAR - birth_year >= 60:
            low, high = 0, 1
        skills = self.skills(rng.randint(low, high))
        note = rng.choice(WRITTEN[affiliation]) if affiliation in WRITTEN else ""
        return Member(
            full_name=full_name,
            phone=None if rng.random() < 0.05 else self.phone(),
            birth_year=birth_year,
            gender=gender,
            ethnicity=people,
            affiliation=affiliation,
            affiliation_note=note,
            skills=[code for code in Skill.values if code in skills],
            name_folded=fold(full_name),
            name_sort=sort_key(full_name),
        )


def _start(rng: random.Random) -> date:
    """Most teams were set up in 2022-2023; some members came later."""
    first = date(2022, 3, 1)
    days = int(rng.triangular(0, (date(2025, 12, 31) - first).days, 200))
    return first + timedelta(days=days)


@transaction.atomic
def seed_members(seed: int, communes: list[OrgUnit]) -> int:
    """Create the demo's members once; link the demo leader and member accounts.

    Returns how many members were created (0 when the demo teams already have members).
    """
    units = list(communes)
    units += list(OrgUnit.objects.filter(parent__in=communes, level=Level.VILLAGE).order_by("code"))
    teams = {t.unit_id: t for t in Team.objects.filter(unit__in=units)}
    Team.objects.bulk_create([Team(unit=u) for u in units if u.pk not in teams])
    teams = {t.unit_id: t for t in Team.objects.filter(unit__in=units)}
    if Membership.objects.filter(team__in=teams.values()).exists():
        _link_accounts()
        return 0
    rng = random.Random(f"{seed}:members")
    people = _People(rng, set(Member.objects.exclude(phone=None).values_list("phone", flat=True)))
    plans: list[tuple[Member, Team, str, date, date | None]] = []
    youth_of_commune: dict[int, list[Member]] = {}
    special = demo_units()
    for unit in units:
        if unit.level == Level.VILLAGE:
            plans += _village_team(rng, people, unit, teams[unit.pk], special, youth_of_commune)
    for commune in communes:
        plans += _commune_team(rng, people, commune, teams[commune.pk], youth_of_commune)
    members = list({id(m): m for m, *_rest in plans}.values())
    # Most leaders and deputies agree to have their phone in the public directory.
    for member, _team, role, _start_day, end in plans:
        if role in (TeamRole.LEADER, TeamRole.DEPUTY) and end is None:
            member.phone_public = rng.random() < 0.8
    # Where someone follows up, everybody on the team gets trained.
    followed = {id(m) for m, t, *_rest in plans if _followed(seed, t.unit.code)}
    Member.objects.bulk_create(members)
    Membership.objects.bulk_create(
        [Membership(member=m, team=t, role=r, start=s, end=e) for m, t, r, s, e in plans]
    )
    Training.objects.bulk_create(_trainings(rng, members, followed))
    _link_accounts()
    return len(members)


def _village_team(rng, people: _People, unit, team, special, youth_of_commune) -> list:
    folk = _weighted(rng, PEOPLE_OF.get(unit.kind, PEOPLE_OF["other"]))
    size = rng.choice(VILLAGE_SIZES)
    elderly_head = rng.random() < 0.45
    leader = people.make(folk, Affiliation.VILLAGE_HEAD,
                         born=(1952, 1966) if elderly_head else (1967, 1992))  # fmt: skip
    leader.affiliation_note = HEAD_OF.get(unit.kind, "Trưởng thôn")
    start = _start(rng)
    plans = []
    if rng.random() < 0.07:  # a former leader, who handed over
        former = people.make(folk, Affiliation.VILLAGE_HEAD, born=(1945, 1960))
        handover = start if start > date(2022, 6, 1) else date(2023, 7, 1)
        plans.append((former, team, TeamRole.LEADER, date(2022, 3, 1), handover))
        start = handover + timedelta(days=1)
    plans.append((leader, team, TeamRole.LEADER, start, None))
    for number in range(size - 1):
        local = folk if rng.random() < 0.85 else _weighted(rng, PEOPLE_OF["other"])
        affiliation = _weighted(rng, VILLAGE_MIX)
        member = people.make(local, affiliation)
        role = TeamRole.DEPUTY if number == 0 else TeamRole.MEMBER
        plans.append((member, team, role, _start(rng), None))
        if affiliation == Affiliation.YOUTH_UNION:
            youth_of_commune.setdefault(unit.parent_id, []).append(member)
    if rng.random() < 0.12:  # someone who left the team
        gone = people.make(folk, _weighted(rng, VILLAGE_MIX))
        joined = _start(rng)
        plans.append((gone, team, TeamRole.MEMBER, joined, joined + timedelta(days=200)))
    if unit == special["leader"]:
        _make_demo_people(plans)
    return plans


def _make_demo_people(plans: list) -> None:
    """The demo leader and member accounts are people of this team (same names, phones)."""
    by_username = {username: (name, phone) for username, _r, name, phone in DEMO_ACCOUNTS}
    current = [p for p in plans if p[4] is None]
    leader = next(p[0] for p in current if p[2] == TeamRole.LEADER)
    member = next(p[0] for p in current if p[2] == TeamRole.MEMBER)
    for person, username, year, gender, affiliation in [
        (leader, "demo-leader", 1961, Gender.MALE, Affiliation.VILLAGE_HEAD),
        (member, "demo-member", 1998, Gender.FEMALE, Affiliation.YOUTH_UNION),
    ]:
        (last, first), phone = by_username[username]
        person.full_name = f"{last} {first}"
        person.name_folded, person.name_sort = fold(person.full_name), sort_key(person.full_name)
        person.phone, person.birth_year, person.gender = phone, year, gender
        person.ethnicity, person.affiliation = "Thái", affiliation
        person.affiliation_note = "Trưởng bản" if affiliation == Affiliation.VILLAGE_HEAD else "ĐTN"
    member.skills = [Skill.VNEID, Skill.VSSID, Skill.PUBLIC_SERVICES, Skill.CASHLESS, Skill.SCAMS]
    leader.skills = [Skill.VNEID]


def _commune_team(rng, people: _People, commune, team, youth_of_commune) -> list:
    size = rng.choice(COMMUNE_SIZES)
    plans = []
    for number, affiliation in enumerate(COMMUNE_TEAM[:size]):
        folk = _weighted(rng, [("Thái", 50), ("Kinh", 40), ("Mông", 10)])
        member = people.make(folk, affiliation, born=(1970, 1990) if number < 2 else None)
        if number == 0:
            member.affiliation_note = "Phó Chủ tịch UBND xã"
        elif number == 1:
            member.affiliation_note = "Công chức Văn hóa - Xã hội"
        role = [TeamRole.LEADER, TeamRole.DEPUTY][number] if number < 2 else TeamRole.MEMBER
        plans.append((member, team, role, _start(rng), None))
    # One or two Youth Union members of a village sit on the commune's team as well.
    youth = youth_of_commune.get(commune.pk, [])
    for member in rng.sample(youth, min(len(youth), rng.randint(1, 2))):
        plans.append((member, team, TeamRole.MEMBER, _start(rng), None))
    return plans


def _followed(seed: int, unit_code: str) -> bool:
    return random.Random(f"{seed}:followed:{unit_code}").random() < 0.25


def _trainings(rng: random.Random, members: list[Member], followed: set[int]) -> list[Training]:
    trainings = []
    for member in members:
        chance = TRAINED.get(member.affiliation, 0.3)
        if member.birth_year and REFERENCE_YEAR - member.birth_year >= 60:
            chance = 0.35
        if id(member) in followed:
            chance = 1.0
        if rng.random() >= chance:
            continue
        for topic, organiser in rng.sample(TOPICS, rng.choice([1, 1, 2, 3])):
            day = date(2022, 6, 1) + timedelta(days=rng.randint(0, 1600))
            trainings.append(Training(member=member, date=day, topic=topic, organiser=organiser))
    return trainings


def _link_accounts() -> None:
    """The demo accounts with a phone are the members with that phone."""
    for user in User.objects.filter(phone__in=RESERVED_PHONES, member__isnull=True):
        Member.objects.filter(phone=user.phone, user__isnull=True).update(user=user)
