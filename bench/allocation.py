"""A national-size allocation problem: 2,000 actions, a 4 M€ envelope, department floors."""

import random

from funding.allocation_input import Problem, parse_problem

DEPARTMENTS = ["08", "10", "51", "52", "54", "55", "57", "67", "68", "88", "14", "27", "50", "61", "76"]


def national_problem(count: int = 2000, seed: int = 2024, partial: bool = False) -> Problem:
    rng = random.Random(seed)
    items = []
    for n in range(count):
        dossier = f"NAT-{n // 3:04d}"
        items.append(
            {
                "id": f"{dossier}/{n % 3 + 1}",
                "dossier": dossier,
                "department": rng.choice(DEPARTMENTS),
                # Fundable amounts as the rule engine gives them: half of a cost, to the cent.
                "amount": round(rng.uniform(1500, 60000), 2),
                # Committee means of a few members, weighted criteria: two decimals.
                "score": round(rng.uniform(4, 20), 2),
            }
        )
    return parse_problem(
        {
            "format": "qvct.allocation/1",
            "envelope": 4_000_000,
            "partial": partial,
            "department_floors": {"08": 150_000, "55": 150_000, "52": 120_000},
            "items": items,
        }
    )
