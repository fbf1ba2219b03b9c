"""The columns of the projects' list export: [(header, function(project) → value)]."""

from django.utils.translation import gettext_lazy as _

from core.exports import join


def participants_text(project):
    return join(f"{p.organisation} ({p.get_role_display()})" for p in project.participants.all())


def modes_text(project):
    return join(dict.fromkeys(a.get_mode_display() for a in project.agreements.all() if a.mode))


PROJECT_COLUMNS = [
    (_("Titre"), lambda p: p.title),
    (_("Pays"), lambda p: join(c.name for c in p.countries.all())),
    (_("Lieux"), lambda p: p.places),
    (_("Domaines"), lambda p: join(d.name for d in p.domains.all())),
    (_("Début"), lambda p: p.start_year),
    (_("Fin"), lambda p: p.end_year),
    (_("État"), lambda p: p.get_project_status_display() if p.project_status else ""),
    (_("Initiative"), lambda p: p.get_initiative_display() if p.initiative else ""),
    (_("Modes de contractualisation"), modes_text),
    (_("Participants"), participants_text),
    (_("Résumé"), lambda p: p.summary),
    (_("Fiche"), lambda p: p.get_absolute_url()),
]
