"""Lists both sides choose from: sectors, stages, legal forms, needs (= expertise), regions.

Seeded by a data migration; coordinators edit them in the admin. Retired entries are hidden from
forms but kept, so old profiles still read correctly.
"""

from django.db import models


class Taxonomy(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True, help_text="Untick to hide from new answers.")

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Sector(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = "sector"


class Stage(Taxonomy):
    description = models.CharField(max_length=200, blank=True)

    class Meta(Taxonomy.Meta):
        verbose_name = "stage"


class LegalForm(Taxonomy):
    class Meta(Taxonomy.Meta):
        verbose_name = "legal form"


class Need(Taxonomy):
    """A kind of help a mentee asks for, and the same word for what a mentor offers."""

    class Meta(Taxonomy.Meta):
        verbose_name = "need or expertise area"
        verbose_name_plural = "needs and expertise areas"


class Region(Taxonomy):
    is_remote = models.BooleanField(
        default=False, help_text='True for "Anywhere (remote)", which matches every region.'
    )

    class Meta(Taxonomy.Meta):
        verbose_name = "region"
