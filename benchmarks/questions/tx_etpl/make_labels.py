"""labels.csv from twc.csv (the export's one sheet, as text; see xlsx_to_csv.py), mechanically: one canonical row per
program the export states an outcome for. Same id as the mapping (`Program ID`, unique). Every value is read from
the export; nothing is guessed:
  title, provider   `Program Name`, `ProviderName`, unchanged
  credential_type   from `Program Outcome`, as in mapping.toml: industry / community-college / apprenticeship
                    certificates -> certificate; Associates, Baccalaureate -> degree; secondary school diploma ->
                    diploma; Government license -> licence; no credential / measurable skill gain -> short-course.
                    The 34 rows whose outcome is `INVALID CODE` are left out (the ingest rejects them too:
                    credential_type is required and the export does not state it).
  cost              `Required Cost: Tuition & Fees` + `Required Cost: Books & Supplies` (USD): what the export says a
                    learner must pay. Optional and out-of-district costs are not added. Both parts are kept
                    (tuition_fees, books_supplies): the mapping can store only tuition & fees (see SOURCE.md).
  delivery          In-person -> in-person, Hybrid -> hybrid, Distance Education -> online, INVALID CODE -> ''
  region            `Campus County`, one spelling per county (the commonest of its case variants not written all
                    in capitals, else title case: BEXAR -> Bexar, ATASCOSA -> Atascosa; Mclennan stays as the export
                    spells it 72 times out of 73);
                    '' for `Other` and for campuses outside Texas (`Campus State` not TX: 13 rows in CA, CO, FL,
                    IL, NV, among them an `El Paso` county in Colorado and a `Duval` county in Florida)
  duration_weeks    `Length: Weeks` when 1-520; '' for 0, ERROR and the placeholders 99999 and 44481
  funding           'Pell Grant' when `Pell Eligible` is Yes, else ''
  url               `Program URL` as mapping.toml's [values.url] reads it (url_values.target): a bare address gets
                    https://, text and stripped links are ''
  level, pace, hours_per_week, language: '' (the export has no such column; `Length: Contact Hours` is a total,
                    kept as contact_hours)
Extra columns: city, state, tuition_fees, books_supplies, contact_hours, outcome, cip_title (`Program Description`),
credential_name, institution_type.
Run: python make_labels.py
"""
import csv
import re
from collections import Counter
from pathlib import Path

from url_values import good_host, target

HERE = Path(__file__).parent
TYPE = {
    "Industry recognized certificate or certification": "certificate",
    "Community college certificate of completion": "certificate",
    "Certificate of completion of an apprenticeship": "certificate",
    "Associates Degree": "degree",
    "Baccalaureate degree": "degree",
    "Secondary school diploma or its equivalent": "diploma",
    "Government license": "licence",
    "No credential - employment only": "short-course",
    "Measureable skill gain leading to a credential": "short-course",
    "Measureable skill gain leading to employment": "short-course",
}
DELIVERY = {"In-person": "in-person", "Hybrid": "hybrid", "Distance Education": "online", "INVALID CODE": ""}
COLUMNS = ["id", "title", "provider", "credential_type", "cost", "currency", "delivery", "pace", "region", "level",
           "duration_weeks", "hours_per_week", "language", "funding", "url", "city", "state", "tuition_fees",
           "books_supplies", "contact_hours", "outcome", "cip_title", "credential_name", "institution_type"]


def main() -> None:
    with open(HERE / "twc.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    spellings = Counter(r["Campus County"].strip() for r in rows)
    county = {}
    for name, _ in spellings.most_common():  # the commonest spelling not all in capitals, else its title case
        if not name.isupper():
            county.setdefault(name.lower(), name)
    for name in spellings:
        county.setdefault(name.lower(), name.title())
    out, left_out = [], []
    for r in rows:
        if r["Program Outcome"] == "INVALID CODE":
            left_out.append(r["Program ID"])
            continue
        weeks = r["Length: Weeks"].strip()
        weeks = weeks if weeks.isdigit() and 1 <= int(weeks) <= 520 else ""
        in_tx = r["Campus State"].strip().upper() == "TX"
        region = county[r["Campus County"].strip().lower()] if in_tx else ""
        if region == "Other":
            region = ""
        tuition, books = float(r["Required Cost: Tuition & Fees"]), float(r["Required Cost: Books & Supplies"])
        raw = r["Program URL"].strip()
        url = raw if not raw or (re.match(r"https?://", raw, re.I) and good_host(raw)) else target(raw)
        out.append({
            "id": r["Program ID"], "title": r["Program Name"], "provider": r["ProviderName"],
            "credential_type": TYPE[r["Program Outcome"]], "cost": f"{tuition + books:g}", "currency": "USD",
            "delivery": DELIVERY[r["Delivery Method"]], "pace": "", "region": region, "level": "",
            "duration_weeks": weeks, "hours_per_week": "", "language": "",
            "funding": "Pell Grant" if r["Pell Eligible"] == "Yes" else "",
            "url": url,
            "city": r["Campus City"], "state": r["Campus State"], "tuition_fees": f"{tuition:g}",
            "books_supplies": f"{books:g}", "contact_hours": r["Length: Contact Hours"],
            "outcome": r["Program Outcome"],
            "cip_title": r["Program Description"], "credential_name": r["Associted Credential Name"],
            "institution_type": r["Institution Type"],
        })
    assert len({o["id"] for o in out}) == len(out)
    with open(HERE / "labels.csv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(out)
    print(f"labels.csv: {len(out)} rows; left out {len(left_out)} rows whose outcome is INVALID CODE")


if __name__ == "__main__":
    main()
