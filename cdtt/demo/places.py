"""The demo district of the story: 19 real communes of Điện Biên and 177 villages.

Village names are made from syllables of Thái, Mông and Khơ Mú place names, and Kinh names
for the centres, so that they read like the real lists a commune keeps.
"""

import random

from django.db import transaction

from cdtt.orgunits.models import Kind, Level, OrgUnit

PROVINCE_CODE = "11"  # Điện Biên
COMMUNE_CODES = [
    "03253", "03295", "03268", "03260", "03283", "03256", "03316", "03301", "03313", "03217",
    "03226", "03241", "03220", "03244", "03325", "03328", "03352", "03349", "03356",
]  # fmt: skip
DEMO_COMMUNE_CODE = "03268"  # Xã Mường Mùn
VILLAGE_COUNT = 177

FIRST = ["Huổi", "Nà", "Phiêng", "Co", "Pá", "Hua", "Pú", "Nậm", "Hát", "Bó", "Xá", "Háng",
         "Tà", "Sáng", "Khó", "Kéo", "Lọng", "Ten", "Thẩm", "Púng"]  # fmt: skip
SECOND = ["Lóng", "Sáy", "Pi", "Muông", "Xa", "Ca", "Nhung", "Dín", "Ẳng", "Tấu", "Nhè", "Tàu",
          "Pao", "Chải", "Phăng", "Lứa", "Luông", "Hịa", "Tỏ", "Khoang", "Cá", "Noong", "Mánh",
          "Cáy", "Hin", "Pục", "Sản", "Tòng"]  # fmt: skip
KINH = ["Tân Lập", "Đoàn Kết", "Thắng Lợi", "Đồng Tâm", "Tân Tiến", "Hòa Bình", "Trung Tâm",
        "Độc Lập", "Sơn Thủy", "Thống Nhất"]  # fmt: skip


def village_names(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(name, kind) pairs, unique, mostly bản; a few Kinh thôn and khối."""
    names: list[tuple[str, str]] = []
    used: set[str] = set()
    while len(names) < count:
        roll = rng.random()
        if roll < 0.12:
            kind, name = Kind.THON, f"Thôn {rng.choice(KINH)}"
        elif roll < 0.17:
            kind, name = Kind.KHOI, f"Khối {rng.choice(KINH)}"
        else:
            kind, name = Kind.BAN, f"Bản {rng.choice(FIRST)} {rng.choice(SECOND)}"
        if name not in used:
            used.add(name)
            names.append((name, kind))
    return names


@transaction.atomic
def seed_places(seed: int) -> list[OrgUnit]:
    """Create the demo villages once (idempotent); return the demo communes."""
    rng = random.Random(seed)
    communes = list(OrgUnit.objects.filter(level=Level.COMMUNE, code__in=COMMUNE_CODES))
    communes.sort(key=lambda c: COMMUNE_CODES.index(c.code))
    if len(communes) != len(COMMUNE_CODES):
        raise RuntimeError("Load the units first: python manage.py load_units")
    per_commune = [VILLAGE_COUNT // len(communes)] * len(communes)
    for i in range(VILLAGE_COUNT - sum(per_commune)):
        per_commune[i] += 1
    for commune, count in zip(communes, per_commune, strict=True):
        for number, (name, kind) in enumerate(village_names(rng, count), start=1):
            population = rng.randint(180, 1400)
            households = max(1, round(population / rng.uniform(4.2, 5.5)))
            OrgUnit.objects.get_or_create(
                code=f"{commune.code}-{number:03d}",
                defaults={
                    "name": name,
                    "kind": kind,
                    "level": Level.VILLAGE,
                    "parent": commune,
                    "population": population,
                    "households": households,
                    "households_without_smartphone": round(households * rng.uniform(0.05, 0.45)),
                },
            )
    return communes
