# Invitations accepted by their recipient: hashed single-use token, expiry, acceptance and revocation.

import hashlib

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import accounts.addresses


def hash_tokens_and_date_acceptances(apps, schema_editor):
    """Stored tokens become their SHA-256; earlier invitations were all accepted on the spot, by their address."""
    Invitation = apps.get_model("dossiers", "Invitation")
    User = apps.get_model("accounts", "User")
    for invitation in Invitation.objects.all():
        invitation.token_hash = hashlib.sha256(invitation.token_hash.encode()).hexdigest()
        invitation.expires_at = invitation.invited_at
        if invitation.accepted_at:
            invitation.accepted_by = User.objects.filter(email=invitation.email).first()
        invitation.save(update_fields=["token_hash", "expires_at", "accepted_by"])


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_email_normalised'),
        ('dossiers', '0006_decision_event'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='invitation',
            name='one_invitation_per_email',
        ),
        migrations.RenameField(
            model_name='invitation',
            old_name='token',
            new_name='token_hash',
        ),
        migrations.AlterField(
            model_name='invitation',
            name='token_hash',
            field=models.CharField(max_length=64, unique=True, verbose_name='empreinte du lien'),
        ),
        migrations.AlterField(
            model_name='invitation',
            name='email',
            field=accounts.addresses.EmailAddressField(max_length=254, verbose_name='adresse électronique'),
        ),
        migrations.AlterField(
            model_name='invitation',
            name='invited_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name='envoyée le'),
        ),
        migrations.AlterField(
            model_name='invitation',
            name='accepted_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='acceptée le'),
        ),
        migrations.AddField(
            model_name='invitation',
            name='expires_at',
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="valable jusqu'au"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='invitation',
            name='accepted_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.RESTRICT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='invitation',
            name='revoked_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='révoquée le'),
        ),
        migrations.AddField(
            model_name='invitation',
            name='revoked_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.RESTRICT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(hash_tokens_and_date_acceptances, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name='invitation',
            options={'ordering': ['-invited_at', '-pk'], 'verbose_name': 'invitation'},
        ),
        migrations.AddConstraint(
            model_name='invitation',
            constraint=models.UniqueConstraint(condition=models.Q(('accepted_at__isnull', True), ('revoked_at__isnull', True)), fields=('dossier', 'email'), name='one_open_invitation_per_email'),
        ),
        migrations.AlterField(
            model_name='dossierevent',
            name='kind',
            field=models.CharField(choices=[('created', 'Dossier créé'), ('edited', 'Modification'), ('action_added', 'Action ajoutée'), ('action_removed', 'Action supprimée'), ('action_moved', 'Action déplacée'), ('document_added', 'Pièce ajoutée'), ('document_removed', 'Pièce retirée'), ('editor_invited', 'Co-rédacteur invité'), ('editor_joined', 'Co-rédacteur arrivé'), ('invitation_revoked', 'Invitation révoquée'), ('editor_removed', 'Co-rédacteur retiré'), ('assigned', 'Attribution'), ('finding_overridden', 'Constat levé'), ('message', 'Message'), ('reminder', 'Relance'), ('decision', 'Décision de financement'), ('transition', "Changement d'état")], max_length=30, verbose_name='nature'),
        ),
    ]
