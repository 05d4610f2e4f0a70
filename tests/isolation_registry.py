"""Which object of another region each URL pattern is tried on, for the isolation suite.

``tests/test_isolation.py`` walks every URL pattern of ``sepakat.urls`` (through every
``include``, the API's django-ninja routes too). Each pattern with a path parameter must
have an entry in :data:`REGISTRY`, keyed by its name (``"namespace:name"``); a pattern
without one fails the suite with its name. To register a new page:

1. write a factory ``def _thing(w: World) -> Target`` that creates the object the page shows
   in **kab Alfa (98.01)** (``w.regions["kab_a"]``; owners are the personas of Alfa:
   ``w.people["alice"]`` planner, ``"bob"`` regional admin, ``"erin"`` data operator),
   puts :data:`MARKER` into a text the page would show (a title, a name), and returns
   ``Target(kwargs={...})`` with the keyword arguments for ``reverse()``;
2. add ``"namespace:name": Entry(_thing)`` to :data:`REGISTRY`.

The suite then logs in the users of kab Beta (98.02) and of another province (97) in every
regional role and asks for the page by GET and by POST: every answer must be 404 (or 403
for a role the page is not for at all, 405 for a method it does not take), never show the
marker, never 500, and the database (every table, the audit log included) must be exactly
as before. At least one of them must get 404: the region check, not only the role check,
has to hold.

Two other kinds exist, each with its reason written next to it:

- ``Entry(factory, kind=TOKEN)``: a public link whose secret is the token itself
  (participant links, check-in, invitations). The factory creates the real object and
  returns a *made-up* token of the same shape: it must answer 404 (or 400 for a signed link
  that does not verify) and write nothing, for outsiders and for anonymous visitors.
- ``Entry(factory, kind=NATIONAL_TEAM)``: a page only the national team (central admin,
  trainer) uses; they see every region, so no regional role may reach it at all: every
  outsider must get 403 (405 for a method it does not take), still with no marker and no
  write. The region check of these pages is tested in their app's own tests.
- ``Entry(factory, kind=SHARED, reason=...)``: the parameter names something national that
  every region reads (a catalogue template, a library resource, a webinar, an analysis
  block). Only "no error, no region marker" is checked.

Choices (the task is silent): the home region of the objects is the persona set's kab
Alfa, so that the province admin of 98 (hana) and the centre still see them, and the
outsiders are a neighbouring kab of the same province (the likeliest slip: a filter on the
province prefix) and a province elsewhere (97).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

MARKER = "RAHASIA-ALFA-9801"
REGION = "region"
TOKEN = "token"
SHARED = "shared"
NATIONAL_TEAM = "national_team"
MADE_UP_TOKEN = "bukan-token-yang-sah-0000000000"


@dataclass
class World:
    regions: dict[str, Any]
    people: dict[str, Any]
    made: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    kwargs: dict[str, Any]
    query: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Entry:
    factory: Callable[[World], Target]
    kind: str = REGION
    reason: str = ""
    # Answers besides the kind's own that are fine for a GET, with the reason in ``reason``.
    get_also: frozenset[int] = frozenset()


def _now() -> dt.datetime:
    return timezone.now()


# ---- the objects, each created once per world ---------------------------------------


def _once(w: World, key: str, make: Callable[[], Any]) -> Any:
    if key not in w.made:
        w.made[key] = make()
    return w.made[key]


def dataset(w: World) -> Any:
    from sepakat.datahub.models import Dataset, DatasetKind

    return _once(
        w,
        "dataset",
        lambda: Dataset.objects.create(
            code="iso-ddA", name_id="Dataset nasional", kind=DatasetKind.values[0]
        ),
    )


def upload(w: World) -> Any:
    from sepakat.datahub.models import Upload

    return _once(
        w,
        "upload",
        lambda: Upload.objects.create(
            dataset=dataset(w),
            region=w.regions["kab_a"],
            uploaded_by=w.people["erin"],
            original_name=f"{MARKER}.xlsx",
            stored_path="uploads/iso/none.xlsx",
            sha256="0" * 64,
            size=10,
        ),
    )


def submission(w: World) -> Any:
    from sepakat.datahub.models import Submission

    return _once(
        w,
        "submission",
        lambda: Submission.objects.create(
            dataset=dataset(w),
            region=w.regions["kab_a"],
            upload=upload(w),
            created_by=w.people["erin"],
            status="submitted",
        ),
    )


def local_indicator(w: World) -> Any:
    from sepakat.datahub.models import Indicator

    return _once(
        w,
        "indicator",
        lambda: Indicator.objects.create(
            code="ISO_LOKAL",
            name_id=f"Indikator lokal {MARKER}",
            area="poverty",
            unit="persen",
            polarity=-1,
            owner_region=w.regions["kab_a"],
        ),
    )


def microdata_file(w: World) -> Any:
    from sepakat.datahub.models import MicrodataFile

    return _once(
        w,
        "microdata_file",
        lambda: MicrodataFile.objects.create(
            kind="survey",
            title=f"Susenas {MARKER}",
            region=w.regions["kab_a"],
            period="2024",
            relative_path="98.01/iso.parquet",
            row_count=1,
            sha256="0" * 64,
        ),
    )


def incoming(w: World) -> Any:
    from sepakat.datahub.models import MicrodataIncoming

    return _once(
        w,
        "incoming",
        lambda: MicrodataIncoming.objects.create(
            kind="survey",
            title=f"Masuk {MARKER}",
            period="2024",
            region=w.regions["kab_a"],
            uploaded_by=w.people["bob"],
            original_name=f"{MARKER}.csv",
            file_format="csv",
            staging_dir="incoming/iso",
            sha256="0" * 64,
            size=10,
        ),
    )


def api_token(w: World) -> Any:
    from sepakat.datahub.api_services import token_create

    return _once(
        w, "api_token", lambda: token_create(user=w.people["erin"], name=f"SIPD {MARKER}")[0]
    )


def computation_run(w: World) -> Any:
    from sepakat.analysis.models import ComputationRun

    return _once(
        w,
        "computation_run",
        lambda: ComputationRun.objects.create(
            file=microdata_file(w),
            region=w.regions["kab_a"],
            period="2024",
            created_by=w.people["alice"],
        ),
    )


def priority_set(w: World) -> Any:
    from sepakat.priorities.models import PriorityRun, PrioritySet

    def make() -> Any:
        run = PriorityRun.objects.create(
            region=w.regions["kab_a"],
            period="2024",
            file=microdata_file(w),
            method="iso",
            engine="duckdb",
            created_by=w.people["alice"],
        )
        return PrioritySet.objects.create(
            region=w.regions["kab_a"],
            period="2024",
            version=1,
            run=run,
            created_by=w.people["alice"],
            note=MARKER,
        )

    return _once(w, "priority_set", make)


def location_list(w: World) -> Any:
    from sepakat.priorities.models_places import PriorityLocationList

    return _once(
        w,
        "location_list",
        lambda: PriorityLocationList.objects.create(
            region=w.regions["kab_a"], name=f"Lokus {MARKER}", year=2024, source="SK Bupati"
        ),
    )


def access_request(w: World) -> Any:
    from django.core.files.base import ContentFile

    from sepakat.access.models import AccessRequest

    def make() -> Any:
        request = AccessRequest(
            region=w.regions["kab_a"],
            token="iso-token-" + "a" * 40,
            signatory="Bupati",
            signatory_name=f"Bupati {MARKER}",
            contact_name=f"Kontak {MARKER}",
            contact_position="Kabid",
            contact_email="kontak@alfa.go.id",
            contact_phone="0800",
            package="full",
            letter_number=f"005/{MARKER}",
            letter_date=dt.date(2026, 1, 5),
            created_at=_now(),
        )
        request.letter.save("surat.pdf", ContentFile(b"%PDF-1.4 iso"), save=False)
        request.save()
        return request

    return _once(w, "access_request", make)


def region_access(w: World) -> Any:
    from sepakat.access.models import RegionAccess

    return _once(
        w,
        "region_access",
        lambda: RegionAccess.objects.create(
            region=w.regions["kab_a"], package="trial", starts_on=dt.date(2026, 1, 1)
        ),
    )


def worksheet_template(w: World) -> Any:
    from sepakat.access.worksheets import DEFAULT_STRUCTURE, worksheet_template_create

    return _once(
        w,
        "worksheet_template",
        lambda: worksheet_template_create(
            title="LK nasional", structure=DEFAULT_STRUCTURE, by=w.people["diana"]
        ),
    )


def worksheet(w: World) -> Any:
    from sepakat.access.models import Worksheet

    return _once(
        w,
        "worksheet",
        lambda: Worksheet.objects.create(
            template=worksheet_template(w),
            region=w.regions["kab_a"],
            status="submitted",
            created_by=w.people["alice"],
            created_at=_now(),
            updated_at=_now(),
        ),
    )


def extension(w: World) -> Any:
    from sepakat.access.models import Extension

    return _once(
        w,
        "extension",
        lambda: Extension.objects.create(
            access=region_access(w), requested_by=w.people["bob"], requested_at=_now()
        ),
    )


def training(w: World) -> Any:
    from sepakat.training.models import Training

    return _once(
        w,
        "training",
        lambda: Training.objects.create(
            region=w.regions["kab_a"],
            title=f"Pelatihan {MARKER}",
            model="model_i",
            start_date=timezone.localdate() + dt.timedelta(days=30),
        ),
    )


def trainer(w: World) -> Any:
    from sepakat.training.models import TrainingTrainer

    return _once(
        w,
        "trainer",
        lambda: TrainingTrainer.objects.create(training=training(w), name=f"Pelatih {MARKER}"),
    )


def session(w: World) -> Any:
    from sepakat.training.models import Session

    start = _now() + dt.timedelta(days=30)
    return _once(
        w,
        "session",
        lambda: Session.objects.create(
            training=training(w),
            day=1,
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            title=f"Sesi {MARKER}",
        ),
    )


def participant(w: World) -> Any:
    from sepakat.training.models import Participant, Person

    def make() -> Any:
        person = Person.objects.create(
            name=f"Peserta {MARKER}",
            email="peserta@alfa.go.id",
            agency="Bappeda Alfa",
            agency_type="bappeda",
            role="participant",
            region=w.regions["kab_a"],
        )
        return Participant.objects.create(training=training(w), person=person)

    return _once(w, "participant", make)


def certificate(w: World) -> Any:
    from sepakat.training.models import Certificate

    return _once(
        w,
        "certificate",
        lambda: Certificate.objects.create(
            participant=participant(w), attendance_share=1.0, issued_at=_now()
        ),
    )


def mentoring(w: World) -> Any:
    from sepakat.training.models import MentoringRequest

    return _once(
        w,
        "mentoring",
        lambda: MentoringRequest.objects.create(
            region=w.regions["kab_a"],
            requested_by=w.people["bob"],
            topics=f"Topik {MARKER}",
            proposed_start=timezone.localdate() + dt.timedelta(days=10),
        ),
    )


def webinar(w: World) -> Any:
    from sepakat.training.models import Webinar

    start = _now() + dt.timedelta(days=20)
    return _once(
        w,
        "webinar",
        lambda: Webinar.objects.create(
            topic="Webinar nasional",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=2),
            speakers="Tim SEPAKAT",
            min_participants=1,
            registration_deadline=start - dt.timedelta(days=1),
            go_no_go_date=(start - dt.timedelta(days=3)).date(),
        ),
    )


def webinar_registration(w: World) -> Any:
    from sepakat.training.models import WebinarRegistration

    return _once(
        w,
        "webinar_registration",
        lambda: WebinarRegistration.objects.create(
            webinar=webinar(w),
            region=w.regions["kab_a"],
            name=f"Pendaftar {MARKER}",
            email="daftar@alfa.go.id",
            agency="Bappeda Alfa",
            status="registered",
            registered_at=_now(),
        ),
    )


def resource(w: World) -> Any:
    from sepakat.library.models import Resource

    return _once(
        w,
        "resource",
        lambda: Resource.objects.create(slug="iso-pedoman", title="Pedoman", kind="guide"),
    )


def invitation(w: World) -> Any:
    from sepakat.accounts.models import Invitation

    return _once(
        w,
        "invitation",
        lambda: Invitation.objects.create(
            user=w.people["alice"],
            token_hash="0" * 64,
            valid_until=_now() + dt.timedelta(days=3),
        ),
    )


# ---- the registry -----------------------------------------------------------------------


def _pk(make: Callable[[World], Any], name: str = "pk") -> Callable[[World], Target]:
    return lambda w: Target({name: make(w).pk})


def _training_and(
    make: Callable[[World], Any], name: str, attr: str = "pk"
) -> Callable[[World], Target]:
    return lambda w: Target({"pk": training(w).pk, name: getattr(make(w), attr)})


def _kab_a_code(w: World) -> Target:
    return Target({"code": w.regions["kab_a"].code})


def _problem_in_alfa(w: World) -> Target:
    from sepakat.priorities.models import PriorityIndicator

    problem = PriorityIndicator.objects.order_by("pk").first()
    code = problem.code if problem is not None else "P0"
    return Target({"code": code}, query={"wilayah": w.regions["kab_a"].code})


def _desa_in_alfa(w: World) -> Target:
    from sepakat.regions.models import Level, Region

    desa = Region.objects.create(
        code="98.01.01.2001",
        name=f"Desa {MARKER}",
        level=Level.VILLAGE,
        parent=w.regions["kec_a"],
    )
    return Target({"code": _problem_in_alfa(w).kwargs["code"], "desa_code": desa.code})


def _token(make: Callable[[World], Any], name: str = "token") -> Callable[[World], Target]:
    def factory(w: World) -> Target:
        make(w)
        return Target({name: MADE_UP_TOKEN})

    return factory


def _participant_test(w: World) -> Target:
    participant(w)
    return Target({"token": MADE_UP_TOKEN, "kind": "pre"})


def _certificate_code(w: World) -> Target:
    certificate(w)
    return Target({"code": "BUKAN-KODE-0000"})


REGISTRY: dict[str, Entry] = {
    # accounts
    "accounts:user_deactivate": Entry(lambda w: Target({"pk": w.people["alice"].pk})),
    "accounts:invitation": Entry(_token(invitation), kind=TOKEN),
    # regions
    "regions:detail": Entry(_kab_a_code),
    # datahub
    "datahub:indicator": Entry(_pk(local_indicator)),
    "datahub:indicator_edit": Entry(_pk(local_indicator)),
    "datahub:template": Entry(
        lambda w: Target({"code": dataset(w).code}),
        kind=SHARED,
        reason="a data template is national; each region downloads it filled with its own rows",
    ),
    "datahub:template_blank": Entry(
        lambda w: Target({"code": dataset(w).code}),
        kind=SHARED,
        reason="the blank template is public on the home page",
    ),
    "datahub:upload": Entry(_pk(upload)),
    "datahub:upload_commit": Entry(_pk(upload)),
    "datahub:upload_discard": Entry(_pk(upload)),
    "datahub:upload_file": Entry(_pk(upload)),
    "datahub:submission": Entry(_pk(submission)),
    "datahub:submission_action": Entry(
        lambda w: Target({"pk": submission(w).pk, "action": "verify"})
    ),
    "datahub:microdata_mapping": Entry(_pk(incoming)),
    "datahub:microdata_confirm": Entry(_pk(incoming)),
    "datahub:microdata_discard": Entry(_pk(incoming)),
    "datahub:microdata": Entry(_pk(microdata_file)),
    "datahub:microdata_personal_download": Entry(_pk(microdata_file)),
    "datahub:api_token_revoke": Entry(_pk(api_token)),
    # analysis
    "analysis:download": Entry(
        lambda w: Target({"key": "tren", "fmt": "csv"}),
        kind=SHARED,
        reason="the key names an analysis block; the region comes from the user (checked by "
        "the list pages' marker test)",
    ),
    "analysis:run": Entry(_pk(computation_run)),
    # priorities
    "priorities:set": Entry(_pk(priority_set)),
    "priorities:set_action": Entry(
        lambda w: Target({"pk": priority_set(w).pk, "action": "ajukan"})
    ),
    "priorities:set_pdf": Entry(_pk(priority_set)),
    "priorities:set_xlsx": Entry(_pk(priority_set)),
    "priorities:determinants": Entry(_problem_in_alfa),
    "priorities:determinants_edit": Entry(_problem_in_alfa),
    "priorities:location_list": Entry(_pk(location_list)),
    "priorities:locations": Entry(_problem_in_alfa),
    "priorities:locations_households": Entry(_desa_in_alfa),
    # planning
    "planning:skpd_list": Entry(_kab_a_code),
    # access
    "access:confirm": Entry(
        _token(access_request, "signed"),
        kind=TOKEN,
        get_also=frozenset({200}),
        reason="the e-mailed link shows only a button (mail scanners follow links by GET); "
        "the signature is checked when the button is pressed (POST), which answers 400",
    ),
    "access:status": Entry(_token(access_request), kind=TOKEN),
    "access:request": Entry(_pk(access_request)),
    "access:letter": Entry(_pk(access_request)),
    "access:response_letter": Entry(_pk(access_request)),
    "access:consultation_add": Entry(_pk(access_request)),
    "access:request_action": Entry(
        lambda w: Target({"pk": access_request(w).pk, "action": "approve"})
    ),
    "access:extension_decide": Entry(
        lambda w: Target({"pk": extension(w).pk, "action": "approve"})
    ),
    "access:worksheet_start": Entry(
        lambda w: Target({"template_pk": worksheet_template(w).pk}),
        kind=SHARED,
        reason="worksheet templates are national; starting one makes a worksheet of the "
        "user's own region",
    ),
    "access:worksheet": Entry(_pk(worksheet)),
    "access:worksheet_pdf": Entry(_pk(worksheet)),
    "access:worksheet_review": Entry(lambda w: Target({"pk": worksheet(w).pk, "action": "accept"})),
    # training
    **{
        f"training:{name}": Entry(_pk(training))
        for name in (
            "detail edit trainer_add agenda session_new agenda_pdf kak_pdf rab_xlsx participants "
            "participant_template participants_import participants_import_confirm send_links "
            "attendance attendance_mark tests report_pdf certificates certificates_issue "
            "certificates_email certificates_zip survey"
        ).split()
    },
    "training:trainer_remove": Entry(_training_and(trainer, "trainer_pk")),
    "training:session_edit": Entry(_training_and(session, "session_pk")),
    "training:session_delete": Entry(_training_and(session, "session_pk")),
    "training:session_qr": Entry(_training_and(session, "session_pk")),
    "training:session_open": Entry(_training_and(session, "session_pk")),
    "training:participant_remove": Entry(_training_and(participant, "participant_pk")),
    "training:certificate_pdf": Entry(_training_and(certificate, "code", "code")),
    "training:certificate_revoke": Entry(_training_and(certificate, "code", "code")),
    "training:participant_home": Entry(_token(participant), kind=TOKEN),
    "training:participant_test": Entry(_participant_test, kind=TOKEN),
    "training:participant_survey": Entry(_token(participant), kind=TOKEN),
    "training:participant_certificate": Entry(_token(participant), kind=TOKEN),
    "training:checkin": Entry(_token(session, "session_token"), kind=TOKEN),
    "training:certificate_verify": Entry(_certificate_code, kind=TOKEN),
    "training:webinar_detail": Entry(
        _pk(webinar), kind=SHARED, reason="webinars are national and open to every region"
    ),
    "training:webinar_register": Entry(
        _pk(webinar), kind=SHARED, reason="the public registration form of a national webinar"
    ),
    "training:webinar_registration": Entry(_token(webinar_registration), kind=TOKEN),
    "training:mentoring_detail": Entry(_pk(mentoring)),
    "training:mentoring_decide": Entry(_pk(mentoring)),
    "training:mentoring_checklist": Entry(_pk(mentoring)),
    "training:mentoring_session": Entry(_pk(mentoring)),
    # library
    "library:download": Entry(
        _pk(resource), kind=SHARED, reason="the resource library is national"
    ),
    "library:detail": Entry(
        lambda w: Target({"slug": resource(w).slug}),
        kind=SHARED,
        reason="the resource library is national",
    ),
    "library:new_version": Entry(
        lambda w: Target({"slug": resource(w).slug}),
        kind=SHARED,
        reason="the resource library is national (only the centre adds versions)",
    ),
    # API (django-ninja); outsiders call it with their own API token
    "api:get_submission": Entry(lambda w: Target({"submission_id": submission(w).pk})),
    "api:approved_priority_set": Entry(
        lambda w: Target({"region_code": w.regions["kab_a"].code, "year": "2024"})
    ),
    "api:docs_asset": Entry(
        lambda w: Target({"name": "swagger-ui.css"}),
        kind=SHARED,
        reason="a static file of the API documentation page",
    ),
}

# Pages only the national team opens (central admin, trainer; see NATIONAL_TEAM above).
for _name in (
    "training:edit training:trainer_add training:trainer_remove training:session_new training:session_edit training:session_delete training:send_links training:attendance training:attendance_mark training:session_qr training:session_open training:tests training:certificates training:certificates_issue training:certificates_email training:certificates_zip training:certificate_pdf training:certificate_revoke training:survey training:mentoring_decide training:mentoring_session access:request access:request_action access:consultation_add access:extension_decide access:worksheet_review priorities:determinants_edit"
).split():
    REGISTRY[_name] = Entry(REGISTRY[_name].factory, kind=NATIONAL_TEAM)

# Pages without a path parameter that list region data. Every object of every factory here
# exists while each page is asked for by the outsiders, whose page must show no marker.
# Each name maps to the factories whose marker the page does show to someone of kab Alfa
# or above it (the proof that the check can fail); () where the page lists Alfa's objects
# without a text that carries the marker (a status, a count, a region name).
LIST_PAGES: dict[str, tuple[Callable[[World], Any], ...]] = {
    "core:dashboard": (),
    "core:audit_log": (submission, training, access_request),
    "accounts:user_list": (),
    "datahub:index": (submission,),
    "datahub:catalogue": (local_indicator,),
    "datahub:review_queue": (),
    "datahub:readiness": (),
    "datahub:microdata_list": (microdata_file, incoming),
    "datahub:api_tokens": (api_token,),
    "analysis:dashboard": (),
    "analysis:compute": (microdata_file, computation_run),
    "priorities:ranking": (),
    "priorities:sets": (),
    "priorities:location_lists": (location_list,),
    "planning:nomenclature": (),
    "access:queue": (access_request,),
    "access:expiring": (),
    "access:extensions": (),
    "access:worksheets": (),
    "training:index": (training,),
    "training:mentoring": (mentoring,),
    "training:webinar_list": (),
    "api:list_observations": (),
}
