"""Users log in with their e-mail; each has one role and memberships to establishments or regions."""

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models

from referential.models import Establishment, Region

from .addresses import EmailAddressField, normalize_email
from .enums import AGENT_ROLES, BACK_OFFICE_ROLES, Role, TrinomeRole


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("L'adresse électronique est obligatoire.")
        user = self.model(email=normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("role", Role.ESTABLISHMENT)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["role"] = Role.ADMIN
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # An exact match on the normalised address: the spelling that logs in is the one axes counts.
        return self.get(email=normalize_email(username))


class User(AbstractUser):
    username = None
    email = EmailAddressField("adresse électronique", unique=True)
    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.ESTABLISHMENT)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    establishments = models.ManyToManyField(
        Establishment,
        through="EstablishmentMembership",
        related_name="members",
        blank=True,
        verbose_name="établissements",
    )
    regions = models.ManyToManyField(
        Region, through="RegionMembership", related_name="agents", blank=True, verbose_name="régions"
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["email"]

    def __str__(self) -> str:
        full_name = self.get_full_name()
        return f"{full_name} <{self.email}>" if full_name else self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        # The back office is for the roles that configure calls; the administrator has every right there.
        self.is_staff = self.role in BACK_OFFICE_ROLES
        self.is_superuser = self.role == Role.ADMIN
        super().save(*args, **kwargs)

    @property
    def is_agent(self) -> bool:
        return self.role in AGENT_ROLES

    def has_role(self, *roles: str) -> bool:
        return self.is_authenticated and self.is_active and self.role in roles


class EstablishmentMembership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="establishment_memberships")
    establishment = models.ForeignKey(Establishment, on_delete=models.CASCADE, related_name="memberships")
    trinome_role = models.CharField(
        "rôle dans le trinôme", max_length=30, choices=TrinomeRole.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rattachement à un établissement"
        verbose_name_plural = "rattachements à un établissement"
        constraints = [
            models.UniqueConstraint(fields=["user", "establishment"], name="unique_establishment_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user.email} → {self.establishment}"


class RegionMembership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="region_memberships")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "rattachement à une région"
        verbose_name_plural = "rattachements à une région"
        constraints = [models.UniqueConstraint(fields=["user", "region"], name="unique_region_membership")]

    def __str__(self) -> str:
        return f"{self.user.email} → {self.region}"
