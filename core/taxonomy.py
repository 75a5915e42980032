"""The shared vocabulary of spec/taxonomy.md: stable codes with Dutch and English labels.

The codes are stored in the database and used in the API and the matching formats. The
engine keeps its own tuple of category codes (it imports nothing from Django); a test
keeps the two in step.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Category(models.TextChoices):
    PACKAGING = "packaging", _("Packaging")
    ASSEMBLY = "assembly", _("Assembly")
    CLEANING = "cleaning", _("Cleaning")
    GREEN = "green", _("Grounds and gardening")
    CATERING = "catering", _("Catering and kitchen")
    LOGISTICS = "logistics", _("Logistics and warehouse")
    ADMIN = "admin", _("Administrative support")
    LAUNDRY = "laundry", _("Laundry and ironing")
    TEXTILE = "textile", _("Textile and sewing")
    RECYCLING = "recycling", _("Recycling and dismantling")
    RECEPTION = "reception", _("Reception")
    MAINTENANCE = "maintenance", _("Handyman and maintenance")
    TRANSPORT = "transport", _("Transport and delivery")
    DIGITAL = "digital", _("Digital tasks")
    OTHER = "other", pgettext_lazy("category", "Other")


class Level(models.IntegerChoices):
    SIMPLE = 1, _("1 – Simple, repetitive, fixed instructions")
    ROUTINE = 2, _("2 – Routine with limited variation, short training")
    JUDGEMENT = 3, _("3 – Independent judgement within procedures")
    SKILLED = 4, _("4 – Skilled trade or planning")
    SPECIALIST = 5, _("5 – Specialist, managerial or strategic")


class Intensity(models.IntegerChoices):
    """Time pressure and physical load share one 1–3 scale."""

    LOW = 1, _("low")
    MEDIUM = 2, _("medium")
    HIGH = 3, _("high")


class Mode(models.TextChoices):
    ONSITE = "onsite", _("At the company's site")
    INHOUSE = "inhouse", _("In the organisation's own workshop")
    EITHER = "either", _("Either")


class Province(models.TextChoices):
    """Belgian provinces (and the Brussels region), keyed by a readable code."""

    ANTWERPEN = "antwerpen", _("Antwerp")
    LIMBURG = "limburg", _("Limburg")
    OOST_VLAANDEREN = "oost-vlaanderen", _("East Flanders")
    WEST_VLAANDEREN = "west-vlaanderen", _("West Flanders")
    VLAAMS_BRABANT = "vlaams-brabant", _("Flemish Brabant")
    BRUSSEL = "brussel", _("Brussels")
    WAALS_BRABANT = "waals-brabant", _("Walloon Brabant")
    HENEGOUWEN = "henegouwen", _("Hainaut")
    LUIK = "luik", _("Liège")
    LUXEMBURG = "luxemburg", _("Luxembourg")
    NAMEN = "namen", _("Namur")


# Ranges of spec/matching.md, used by model constraints, form validators and serializers.
MAX_TASK_HOURS = 40
LEVEL_RANGE = (1, 5)
INTENSITY_RANGE = (1, 3)
