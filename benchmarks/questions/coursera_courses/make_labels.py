"""labels.csv from Coursera.csv, mechanically: one canonical row per row of the export the ingest can store.

Left out: the 23 rows the ingest rejects, all of them scraper failures that carry a title and a partner but no data:
19 whose `certificatetype` is `None` (no type; 17 of them repeat a title that has a complete row elsewhere) and 4
whose `level` holds the type instead (`Course`, `Specialization`, `Degree`: the cells shifted by one).
Every other value is read from the export; nothing is guessed:
  title, provider   `course`, `partner`, stripped of the spaces around them (` IIT Guwahati`)
  credential_type   `certificatetype`, as in mapping.toml: Course, Guided Project -> short-course; Specialization,
                    Professional Certificate, University / Graduate Certificate, Mastertrack -> certificate;
                    Postgraduate Diploma -> diploma; Degree -> degree
  level             Beginner -> introductory, Intermediate -> intermediate, Advanced -> advanced; Mixed, None -> ''
  duration_weeks    `duration`, the upper end of a range ("3 - 6 Months" -> 26, "1 - 4 Weeks" -> 4, "18 a 24 meses"
                    -> 104, "2 or 3 years" -> 156); a month is 52/12 weeks, a year 52; "Less Than 2 Hours" (the 9
                    guided projects) is no length in weeks: duration_weeks '' and total_hours 2; "15+ hours of
                    study/wk per course" (one degree) is no length: ''.
  delivery          'online' (every program is taught on Coursera)
  language          only where the title is plainly in another language than English, from the table LANG below
                    (every title was read by hand); '' otherwise: the export has no language column, and an English
                    title does not prove an English course
  cost, currency, pace, region, hours_per_week, funding, url: '' (the export has no such column)
  id                the id the ingest gave the row: ingest_ids.csv is the (id, provider, title, skills) of an export
                    of the store (`python -m ingest --export`) right after ingesting with mapping.toml; a row is
                    joined on its provider, title and skills in Unicode NFKC form, as the ingest stores
                    them (two different `Google Data Analytics` rows share a provider and a title).
                    Only the id is taken from there.
Extra columns: total_hours, certificate_type and duration (the export's words), skills, rating, review_count,
credit_eligible.
Run: python make_labels.py
"""
import csv
import re
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent
TYPE = {"Course": "short-course", "Guided Project": "short-course", "Specialization": "certificate",
        "Professional Certificate": "certificate", "University Certificate": "certificate",
        "Graduate Certificate": "certificate", "Mastertrack": "certificate", "Postgraduate Diploma": "diploma",
        "Degree": "degree"}
LEVEL = {"Beginner": "introductory", "Intermediate": "intermediate", "Advanced": "advanced", "Mixed": "",
         "None": "", "": ""}
UNIT = {"week": 1, "weeks": 1, "semanas": 1, "month": 52 / 12, "months": 52 / 12, "meses": 52 / 12, "mes": 52 / 12,
        "year": 52, "years": 52, "años": 52}
# titles plainly written in another language than English (read by hand over all 1,139 titles)
LANG = {
    "fr": ["Cybersécurité Google", "Réussir le Changement", "Reporting extra-financier et stratégie RSE",
           "Étudier en France: French Intermediate course B1-B2", "Vivre avec le TDAH à travers les âges",
           "Développement psychologique de l'enfant", "Troubles du spectre de l'autisme : diagnostic",
           "Gestion de projet de Google", "Rédaction de contrats", "Diversité et inclusion sur le lieu de travail"],
    "es": ["Análisis de Datos de Google", "Ciberseguridad de Google", "Gestión de Proyectos de Google",
           "Diseño de Experiencia del Usuario (UX) de Google", "Soporte de Tecnologías de la Información de Google",
           "Primeros Auxilios Psicológicos (PAP)", "Aspectos básicos: Datos, datos, en todas partes",
           "Fundamentos de la gestión de proyectos", "Marketing en redes sociales de Meta",
           "Fundamentos de la ciberseguridad", "IA generativa en el aula", "Contabilidad para no contadores",
           "Fundamentos del marketing digital y comercio electrónico",
           "Aspectos básicos del diseño de la experiencia del usuario",
           "Introducción a la programación en Python I: Aprendiendo a programar con Python",
           "Administración de Empresas", "Desarrollador front-end de Meta",
           "Diseño Instruccional: Aprendizaje activo y Pedagogía digital", "Claves de la Dirección de Empresas",
           "Dirección y Gestión de Negocios", "Finanzas corporativas", "Finanzas personales",
           "Magíster en Salud Pública Global", "Maestría en Inteligencia Artificial",
           "Maestría en Ingeniería de Software",
           "Analítica de datos: visualización, predicción y toma de decisiones",
           "Introducción a la Inteligencia Artificial", "Administración de Empresas Certificado MasterTrack®",
           "Principios de ingeniería de software automatizada y ágil Programa de Certificado MasterTrack®",
           "Certificado en Gestión de Inversiones", "Certificado en Bases de la Salud Pública",
           "Metodologías ágiles de desarrollo de software Programa de Certificado MasterTrack®",
           "Certificado en Toma de Decisiones Basadas en Datos", "Certificado en Finanzas Corporativas",
           "Certificado en Gestión y Políticas en Salud Pública", "Certificado en Introducción a la Ciencia de Datos",
           "Certificado en Modelos Analíticos para la Toma de Decisiones de Negocio",
           "Maestría en Inteligencia Analítica de Datos", "Magíster en Inversiones y Finanzas Aplicadas",
           "Maestría en Dirección de Empresas (MBA)", "Magíster en Ciencia de Datos", "Magíster en Business Analytics",
           "Maestría en Gerencia de la Ingeniería"],
    "pt": ["Google Marketing Digital e E-Commerce", "Suporte em TI do Google",
           "Marketing digital e e-commerce do Google"],
    "de": ["Google IT Support (Deutsch)"],
    "ja": ["Google データアナリティクス", "Google サイバーセキュリティ",
           "AI For Everyone （すべての人のためのAIリテラシー講座）",
           "Preparing for Google Cloud Certification: Cloud Data Engineer Professional Certificate 日本語版",
           "Data Engineering, Big Data and ML on Google Cloud 日本語版"],
    "ar": ["تحليلات البيانات من Google"],
    "uk": ["Цифровий маркетинг і електронна комерція від Google"],
}
LANG_OF = {t: code for code, titles in LANG.items() for t in titles}
COLUMNS = ["id", "title", "provider", "credential_type", "cost", "currency", "delivery", "pace", "region", "level",
           "duration_weeks", "hours_per_week", "language", "funding", "url", "total_hours", "certificate_type",
           "duration", "skills", "rating", "review_count", "credit_eligible"]


def weeks(cell: str) -> str:
    """Upper end of a length, in weeks (1 decimal); '' when the cell is not a length in weeks, months or years."""
    text = cell.strip().lower().rstrip(".")
    m = re.match(r"^(\d+(?:\.\d+)?)(?:\s*(?:-|–|to|a|or)\s*(\d+(?:\.\d+)?))?\s+([a-zñ]+)", text)
    if not m or m.group(3) not in UNIT:
        return ""
    n = float(m.group(2) or m.group(1)) * UNIT[m.group(3)]
    return f"{round(n, 1):g}"


def key(provider: str, title: str, skills: str) -> tuple:
    """Join key with the export: the ingest stores text in Unicode NFKC form ('(ISC)²' is stored '(ISC)2')."""
    def nfkc(value: str) -> str:
        return unicodedata.normalize("NFKC", value).strip()
    return nfkc(provider), nfkc(title), skill_set(nfkc(skills))


def skill_set(text: str) -> frozenset:
    return frozenset(s.strip() for s in re.split(r"[,;]", text) if s.strip() not in ("", "None"))  # None: empty


def main() -> None:
    with open(HERE / "Coursera.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    with open(HERE / "ingest_ids.csv", encoding="utf-8", newline="") as f:
        stored = {}
        for r in csv.DictReader(f):
            k = key(r["provider"], r["title"], r["skills"])
            assert k not in stored, k
            stored[k] = r["id"]
    out, left_out = [], []
    for line, r in enumerate(rows, start=2):
        ctype, level = r["certificatetype"].strip(), r["level"].strip()
        if ctype not in TYPE or level not in LEVEL:
            left_out.append(line)
            continue
        title, provider, duration = r["course"].strip(), r["partner"].strip(), r["duration"].strip()
        out.append({
            "id": stored.pop(key(provider, title, r["skills"])),
            "title": title, "provider": provider, "credential_type": TYPE[ctype], "cost": "", "currency": "",
            "delivery": "online", "pace": "", "region": "", "level": LEVEL[level], "duration_weeks": weeks(duration),
            "hours_per_week": "", "language": LANG_OF.get(title, ""), "funding": "", "url": "",
            "total_hours": "2" if duration == "Less Than 2 Hours" else "", "certificate_type": ctype,
            "duration": duration, "skills": r["skills"].strip(), "rating": r["rating"],
            "review_count": r["reviewcount"], "credit_eligible": r["crediteligibility"],
        })
    assert not stored, f"stored by the ingest but not read here: {list(stored.values())[:5]}"
    assert len({o["id"] for o in out}) == len(out)
    missing = set(LANG_OF) - {o["title"] for o in out}
    assert not missing, missing
    with open(HERE / "labels.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(out)
    print(f"labels.csv: {len(out)} rows; left out {len(left_out)} rows the ingest rejects (lines {left_out})")


if __name__ == "__main__":
    main()
