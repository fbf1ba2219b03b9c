"""factory_boy factories for every model of the project."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from actors.models import Actor, Collectivity, CollectivityType, Domain, LegalForm, PublicationStatus
from case_studies.models import CaseStudy, KeyFigure, KeyPoint, Part, PartKind
from projects.models import Agreement, AgreementKind, ContractMode, Participant, Project, Role


class DomainFactory(DjangoModelFactory):
    class Meta:
        model = Domain
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Domaine {n}")
    slug = factory.Sequence(lambda n: f"domaine-{n}")


class ActorFactory(DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Association numéro {n}")
    slug = factory.Sequence(lambda n: f"association-{n}")
    legal_form = LegalForm.ASSOCIATION
    status = PublicationStatus.PUBLISHED


class CollectivityFactory(DjangoModelFactory):
    class Meta:
        model = Collectivity

    name = factory.Sequence(lambda n: f"Ville numéro {n}")
    slug = factory.Sequence(lambda n: f"ville-{n}")
    kind = CollectivityType.COMMUNE
    status = PublicationStatus.PUBLISHED


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project

    title = factory.Sequence(lambda n: f"Projet numéro {n}")
    slug = factory.Sequence(lambda n: f"projet-{n}")
    status = PublicationStatus.PUBLISHED


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    project = factory.SubFactory(ProjectFactory)
    actor = factory.SubFactory(ActorFactory)
    collectivity = None
    role = Role.OPERATEUR


class AgreementFactory(DjangoModelFactory):
    class Meta:
        model = Agreement
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    slug = factory.Sequence(lambda n: f"convention-{n}")
    kind = AgreementKind.CONVENTION_FINANCEMENT
    mode = ContractMode.SUBVENTION

    @factory.post_generation
    def parties(self, create, extracted, **kwargs):
        if create and extracted:
            self.parties.set(extracted)


class CaseStudyFactory(DjangoModelFactory):
    class Meta:
        model = CaseStudy

    number = factory.Sequence(lambda n: n % 90 + 1)
    heading = factory.LazyAttribute(lambda o: f"3.{o.number} Une étude de cas")
    title = factory.Sequence(lambda n: f"Étude de cas {n}")
    status = PublicationStatus.PUBLISHED


class KeyPointFactory(DjangoModelFactory):
    class Meta:
        model = KeyPoint

    case_study = factory.SubFactory(CaseStudyFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = "Un point à retenir."


class PartFactory(DjangoModelFactory):
    class Meta:
        model = Part

    case_study = factory.SubFactory(CaseStudyFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = PartKind.CADRE
    body = "Le cadre partenarial."


class KeyFigureFactory(DjangoModelFactory):
    class Meta:
        model = KeyFigure

    case_study = factory.SubFactory(CaseStudyFactory)
    position = factory.Sequence(lambda n: n + 1)
    value = 180
    label = "électriciens formés"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"personne{n}")
    email = factory.Sequence(lambda n: f"personne{n}@example.org")
    password = factory.django.Password("motdepasse-solide-42")


class VerifiedUserFactory(UserFactory):
    """A user whose e-mail address allauth knows as verified (they can log in)."""

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class CuratorFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def curators_group(self, create, extracted, **kwargs):
        if create:
            from contributions.roles import ensure_curators_group

            self.groups.add(ensure_curators_group())


class EditorshipFactory(DjangoModelFactory):
    class Meta:
        model = "contributions.Editorship"

    actor = factory.SubFactory(ActorFactory)
    user = factory.SubFactory(UserFactory)


class SubmissionFactory(DjangoModelFactory):
    class Meta:
        model = "contributions.Submission"

    kind = "claim"
    actor = factory.SubFactory(ActorFactory)
    user = factory.SubFactory(UserFactory)
    justification = "Je suis la présidente de l’association depuis 2019."


class MembershipFactory(DjangoModelFactory):
    """A person verified as working for a collectivity."""

    class Meta:
        model = "calls.Membership"

    user = factory.SubFactory(VerifiedUserFactory)
    collectivity = factory.SubFactory(CollectivityFactory)
    job_title = "Chargée de mission coopération"
    status = "verified"
    method = "curator"
    verified_at = factory.LazyFunction(timezone.now)


class CallFactory(DjangoModelFactory):
    class Meta:
        model = "calls.Call"
        skip_postgeneration_save = True

    collectivity = factory.SubFactory(CollectivityFactory)
    title = factory.Sequence(lambda n: f"Appel numéro {n}")
    description = "Nous cherchons un opérateur pour un projet d’accès à l’eau."
    domain = factory.SubFactory(DomainFactory)
    role = Role.OPERATEUR
    mode = ContractMode.SUBVENTION
    deadline = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    status = "published"
    reviewed_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def countries(self, create, extracted, **kwargs):
        if create and extracted:
            self.countries.set(extracted)


def project_funded_by_afd_and_region():
    """A project with two funders: a public body (the AFD, an établissement public) and a région."""
    project = ProjectFactory()
    afd = CollectivityFactory(
        name="Agence Française de Développement", kind="organisme-public", institution="etablissement-public"
    )
    region = CollectivityFactory(name="Région Île-de-France", kind="region")
    for funder in (afd, region):
        ParticipantFactory(project=project, actor=None, collectivity=funder, role=Role.FINANCEUR)
    return project
