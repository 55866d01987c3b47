"""Synthetic catalogues of any size: varied fields, providers, regions, languages and stacks.

Deterministic for a seed, so runs compare. Written in the canonical CSV columns.
"""
from __future__ import annotations

import csv
import random
from pathlib import Path

from knowledge_base.schema import CANONICAL_COLUMNS

FIELDS = {
    "data analytics": (["SQL", "Excel", "Python", "dashboards", "statistics", "data cleaning", "Power BI"],
                       ["data analyst", "business analyst", "reporting analyst"]),
    "cybersecurity": (["network security", "incident response", "risk assessment", "firewalls", "SIEM"],
                      ["cybersecurity analyst", "SOC analyst", "security administrator"]),
    "cloud computing": (["AWS", "Linux", "Kubernetes", "Terraform", "DevOps", "cloud storage"],
                        ["cloud engineer", "systems administrator", "DevOps engineer"]),
    "health care": (["personal care", "infection control", "dementia care", "medication assistance"],
                    ["personal support worker", "health care aide", "continuing care assistant"]),
    "skilled trades": (["welding", "electrical wiring", "blueprint reading", "HVAC", "shop safety"],
                       ["welder", "electrician apprentice", "HVAC technician"]),
    "accounting": (["bookkeeping", "payroll", "GST/HST", "financial statements", "QuickBooks"],
                   ["bookkeeper", "payroll administrator", "accounting clerk"]),
    "digital marketing": (["SEO", "social media", "content marketing", "web analytics", "email marketing"],
                          ["digital marketing coordinator", "marketing specialist"]),
    "project management": (["scheduling", "Agile", "Scrum", "risk management", "stakeholder communication"],
                           ["project coordinator", "project manager"]),
    "early childhood": (["child development", "play-based learning", "child safety", "nutrition"],
                        ["early childhood educator", "child care worker"]),
    "supply chain": (["logistics", "inventory control", "purchasing", "warehousing"],
                     ["logistics coordinator", "buyer", "warehouse supervisor"]),
    "software development": (["JavaScript", "React", "APIs", "Git", "testing"],
                             ["web developer", "software developer"]),
    "clean energy": (["solar installation", "heat pumps", "energy audits", "EV charging"],
                     ["solar installer", "energy advisor"]),
    "human resources": (["recruitment", "employment law", "onboarding", "compensation"],
                        ["HR generalist", "recruiter"]),
    "hospitality": (["customer service", "food safety", "event planning"], ["hotel supervisor", "event coordinator"]),
}
REGIONS = ["Ontario", "Quebec", "British Columbia", "Alberta", "Manitoba", "Saskatchewan", "Nova Scotia",
           "New Brunswick", "Canada-wide"]
TOPICS = ["Foundations", "Essentials", "in Practice", "for Beginners", "Advanced Topics", "Applied", "Professional",
          "Workshop", "Intensive", "Toolkit"]
FUNDING = ["OSAP micro-credential", "Canada Training Credit", "StrongerBC future skills grant", "Canada-Alberta Job Grant"]


def generate(size: int, seed: int = 7) -> list[dict[str, str]]:
    """``size`` programs: groups of four micro-credentials stacking into a certificate, some
    certificates stacking into diplomas, and stand-alone badges and courses."""
    rng = random.Random(seed)
    rows: list[dict[str, str]] = []
    providers = [f"{name} {kind}" for name in ("Northgate", "Riverside", "Maple Bay", "Summit", "Lakehead Valley",
                                                 "Bayview", "Prairie Sky", "Harbour Point", "Cedar Hills", "Aurora")
                 for kind in ("College", "Polytechnic", "Institute", "University", "Academy")]
    fields = list(FIELDS)
    number = 0
    while len(rows) < size:
        field = fields[number % len(fields)]
        skills, jobs = FIELDS[field]
        provider = rng.choice(providers)
        region = rng.choice(REGIONS)
        language = "fr" if region == "Quebec" and rng.random() < 0.7 else "en"
        group = f"S{number:06d}"
        certificate = f"{group}-CERT"
        members = []
        for part in range(4):
            if len(rows) >= size - 1:
                break
            skill = rng.sample(skills, 2)
            program_id = f"{group}-{part + 1}"
            members.append(program_id)
            rows.append(_row(rng, program_id, f"{skill[0].title()} {rng.choice(TOPICS)}", provider, "micro-credential",
                             field, skill, jobs, region, language,
                             prerequisites=members[0] if part == 2 else "", stacks_into=f"{certificate}:3", credits="3"))
        if len(rows) < size:
            rows.append(_row(rng, certificate, f"Certificate in {field.title()} ({provider.split()[0]})", provider,
                             "certificate", field, skills[:3], jobs, region, language, credits="12",
                             credits_required=str(3 * max(1, len(members) - (1 if len(members) == 4 and number % 3 == 0 else 0))),
                             cost=""))
        if len(rows) < size and number % 5 == 0:
            rows.append(_row(rng, f"{group}-BADGE", f"{rng.choice(skills).title()} Badge", rng.choice(providers),
                             "digital-badge", field, rng.sample(skills, 2), jobs, "Canada-wide", "en"))
        number += 1
    return rows[:size]


def _row(rng: random.Random, program_id: str, title: str, provider: str, kind: str, field: str, skills: list[str],
         jobs: tuple | list, region: str, language: str, prerequisites: str = "", stacks_into: str = "",
         credits: str = "", credits_required: str = "", cost: str | None = None) -> dict[str, str]:
    level = rng.choice(["introductory", "introductory", "intermediate", "advanced"])
    description = (f"A {level} {kind.replace('-', ' ')} in {field}: {', '.join(skills)} for people working towards "
                   f"roles such as {', '.join(rng.sample(list(jobs), min(2, len(jobs))))}. "
                   f"Assessed through {rng.choice(['a capstone project', 'practical labs', 'a portfolio', 'an exam'])}.")
    return {
        "id": program_id, "title": title, "provider": provider, "credential_type": kind, "description": description,
        "skills": ";".join(skills), "occupations": ";".join(jobs), "level": level,
        "duration_weeks": str(rng.choice([2, 4, 6, 8, 10, 12, 16])), "hours_per_week": str(rng.choice([2, 3, 5, 6, 8, 10])),
        "cost": str(rng.choice([0, 79, 150, 299, 450, 600, 850, 1200, 2400])) if cost is None else cost,
        "currency": "CAD", "delivery": rng.choice(["online", "online", "hybrid", "in-person"]),
        "pace": rng.choice(["self-paced", "cohort"]), "region": region, "language": language,
        "prerequisites": prerequisites, "stacks_into": stacks_into, "credits": credits,
        "credits_required": credits_required, "assessment": "Assessed", "funding": rng.choice(FUNDING + [""] * 3),
        "url": f"https://programs.example.org/{program_id.lower()}", "next_start": f"2027-{rng.randint(1, 12):02d}-01",
    }


def write(rows: list[dict[str, str]], path: Path) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CANONICAL_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def questions(count: int = 60, seed: int = 11) -> list[str]:
    """Varied learner questions: goals, constraints, definitions, stacking, off-topic."""
    rng = random.Random(seed)
    templates = [
        "I want to become a {job}.", "Show me {field} programs online under ${cost}.",
        "I live in {region} and want to learn {skill}.", "{skill} courses, self-paced, at most {hours} hours a week",
        "What is a micro-credential?", "How do badges differ from certificates?",
        "Where do I start in {field}? I'm a beginner.", "Do you have programs in veterinary surgery?",
        "Je cherche une formation en ligne en {field}.", "Cheap {skill} training in {region}",
    ]
    out = []
    for n in range(count):
        field = rng.choice(list(FIELDS))
        skills, jobs = FIELDS[field]
        out.append(templates[n % len(templates)].format(
            job=rng.choice(jobs), field=field, cost=rng.choice([300, 500, 1000]), region=rng.choice(REGIONS[:-1]),
            skill=rng.choice(skills), hours=rng.choice([3, 5, 8])))
    return out
