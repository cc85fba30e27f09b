"""Seed the taxonomies with the scheme's agreed lists (editable afterwards in the admin)."""

from django.db import migrations
from django.utils.text import slugify

SECTORS = [
    "Health and social care",
    "Education, youth and children's services",
    "Culture, media and libraries",
    "Employment and skills",
    "Housing",
    "Sports and leisure",
    "Other public services",
]
STAGES = [
    ("Exploring the mutual model", "Still in the public sector, finding out whether a mutual fits"),
    ("Preparing to spin out", "Agreement in principle; working on the business plan and set-up"),
    ("Spun out in the last 2 years", "Trading independently for less than two years"),
    ("Established (2+ years) and growing", "Trading for two years or more"),
]
LEGAL_FORMS = [
    "Community interest company",
    "Charity",
    "Community benefit society",
    "Co-operative",
    "Company limited by guarantee",
    "Company limited by shares",
    "Other",
]
NEEDS = [
    "Business planning",
    "Governance and board",
    "Choosing a legal form",
    "TUPE and HR",
    "Pensions (Fair Deal, NHS pension)",
    "Finance and investment",
    "Bidding, contracts and commissioning",
    "Leadership and culture",
    "Employee ownership and engagement",
    "Partnerships and growth",
    "Marketing and communications",
    "Digital and data",
    "Measuring social impact",
    "Property and assets",
]
REGIONS = [
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]


def seed(apps, schema_editor):
    def fill(model_name, names, **extra_for):
        model = apps.get_model("mentoring", model_name)
        for position, entry in enumerate(names, start=1):
            name, fields = (entry[0], {"description": entry[1]}) if isinstance(entry, tuple) else (
                entry,
                {},
            )
            fields.update(extra_for.get(name, {}))
            model.objects.update_or_create(
                slug=slugify(name), defaults={"name": name, "position": position, **fields}
            )

    fill("Sector", SECTORS)
    fill("Stage", STAGES)
    fill("LegalForm", LEGAL_FORMS)
    fill("Need", NEEDS)
    fill("Region", [*REGIONS, "Anywhere (remote)"], **{"Anywhere (remote)": {"is_remote": True}})


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
