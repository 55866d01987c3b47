"""Synthetic catalogues of any size: varied fields, providers, regions, languages and stacks.

Deterministic for a seed, so runs compare. Written in the canonical CSV columns.
"""
from __future__ import annotations

import csv
import random
from dataclasses import dataclass
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
FUNDING = ["OSAP micro-credential", "Canada Training Credit", "StrongerBC future skills grant",
           "Canada-Alberta Job Grant"]
ASSESSMENTS = ["a capstone project", "practical labs", "a portfolio", "an exam"]


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
                             prerequisites=members[0] if part == 2 else "", stacks_into=f"{certificate}:3",
                             credits="3"))
        if len(rows) < size:
            rows.append(_row(rng, certificate, f"Certificate in {field.title()} ({provider.split()[0]})", provider,
                             "certificate", field, skills[:3], jobs, region, language, credits="12",
                             credits_required=str(3 * max(1, len(members) - (len(members) == 4 and number % 3 == 0))),
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
                   f"Assessed through {rng.choice(ASSESSMENTS)}.")
    return {
        "id": program_id, "title": title, "provider": provider, "credential_type": kind, "description": description,
        "skills": ";".join(skills), "occupations": ";".join(jobs), "level": level,
        "duration_weeks": str(rng.choice([2, 4, 6, 8, 10, 12, 16])),
        "hours_per_week": str(rng.choice([2, 3, 5, 6, 8, 10])),
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


def field_of(program_id: str) -> str:
    """The field a generated program belongs to (its group number says which)."""
    return list(FIELDS)[int(program_id[1:7]) % len(FIELDS)]


@dataclass(frozen=True)
class Question:
    """One learner turn and what an answer to it must respect: the labels a judge reads,
    written with the question, never taken from Stackwise's reading of it."""

    text: str
    field: str | None = None  # the field the learner asks about; None: no program is asked for
    nothing_fits: bool = False  # a field the catalogue lacks: the right answer names no program
    max_cost: float | None = None
    online: bool = False
    self_paced: bool = False
    max_hours: float | None = None
    region: str | None = None  # every program there or Canada-wide
    home_region: str | None = None  # in-person and hybrid programs there or Canada-wide

    def broken(self, row: dict[str, str]) -> list[str]:
        """The constraints a program (a catalogue row) breaks."""
        broken = []
        if self.max_cost is not None and row["cost"] and float(row["cost"]) > self.max_cost:
            broken.append("cost")
        if self.online and row["delivery"] != "online":
            broken.append("delivery")
        if self.self_paced and row["pace"] != "self-paced":
            broken.append("pace")
        if self.max_hours is not None and float(row["hours_per_week"]) > self.max_hours:
            broken.append("hours")
        if self.region and row["region"] not in (self.region, "Canada-wide"):
            broken.append("region")
        if self.home_region and row["delivery"] != "online" and row["region"] not in (self.home_region, "Canada-wide"):
            broken.append("home region")
        return broken

    def off_topic(self, program_id: str) -> bool:
        return self.field is not None and field_of(program_id) != self.field


OTHER_WORK = ["cashier", "truck driver", "line cook", "bank teller", "receptionist", "warehouse picker"]


def conversations(count: int = 40, seed: int = 11) -> list[list[Question]]:
    """Varied conversations of one to three turns: goals said plainly and as life stories,
    fragments with typos, constraints, definitions, a field the catalogue lacks, French, and
    follow-ups that narrow what was shown."""
    rng = random.Random(seed)
    out: list[list[Question]] = []
    for n in range(count):
        name = rng.choice(list(FIELDS))
        skills, jobs = FIELDS[name]
        job, skill = rng.choice(jobs), rng.choice(skills)
        cost, hours = rng.choice([300, 500, 1000]), rng.choice([3, 5, 8])
        region = rng.choice(REGIONS[:-1])
        kind = n % 12
        if kind == 0:
            turns = [Question(f"I want to become a {job}.", name)]
        elif kind == 1:
            turns = [Question(f"Show me {name} programs online under ${cost}.", name, max_cost=cost, online=True)]
        elif kind == 2:
            turns = [Question(f"I live in {region} and want to learn {skill}.", name, home_region=region)]
        elif kind == 3:
            turns = [Question(f"{skill} courses, self-paced, at most {hours} hours a week", name,
                              self_paced=True, max_hours=hours)]
        elif kind == 4:
            turns = [Question(rng.choice(["so what even is a micro-credential",
                                          "How do badges differ from certificates?", "what does stackable mean"]))]
        elif kind == 5:
            turns = [Question(f"Where do I start in {name}? I'm a beginner.", name),
                     Question("any of those online?", name, online=True)]
        elif kind == 6:
            turns = [Question(rng.choice(["Do you have programs in veterinary surgery?",
                                          "any courses for airline pilots", "I want to be a dentist"]),
                              nothing_fits=True)]
        elif kind == 7:
            turns = [Question(f"Je cherche une formation en ligne en {name}.", name, online=True)]
        elif kind == 8:
            turns = [Question(f"Cheap {skill} training in {region}", name, region=region)]
        elif kind == 9:
            years = rng.randint(3, 15)
            turns = [Question(
                f"So I've been a {rng.choice(OTHER_WORK)} for {years} years and honestly I'm done with it. My cousin "
                f"works as a {job} and says it's a good move. I have two kids so I can only do evenings or online, "
                f"and money is tight, nothing over {cost} dollars. Where would someone like me even start?",
                name, max_cost=cost)]
        elif kind == 10:
            typo = skill[:-1] if len(skill) > 5 else skill
            turns = [Question(f"{typo} pls, online, under {cost}", name, max_cost=cost, online=True),
                     Question(f"and under {cost // 2}?", name, max_cost=cost // 2, online=True)]
        else:
            first = Question(f"I'm a {job} and want to move up. What would help?", name)
            turns = [first, Question("is any of it self-paced?", name, self_paced=True)]
        out.append(turns)
    return out
