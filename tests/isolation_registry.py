"""Which object of another region each URL pattern is tried on, for the isolation suite.

``tests/test_isolation.py`` walks every URL pattern of ``sepakat.urls`` (through every
``include``, the API's django-ninja routes too). Each pattern with a path parameter must
have an entry in :data:`REGISTRY`, keyed by its name (``"namespace:name"``); a pattern
without one fails the suite with its name. To register a new page:

1. in ``tests/isolation_objects.py``, a function ``thing(w: World)`` that creates the object
   the page shows in **kab Alfa (98.01)** (``w.regions["kab_a"]``; owners are the personas
   of Alfa: ``w.people["alice"]`` planner, ``"bob"`` regional admin, ``"erin"`` data
   operator) once per world, with :data:`MARKER` in a text the page would show;
2. here, ``"namespace:name": Entry(_pk(thing))``: a factory returning ``Target(kwargs=...)``,
   the keyword arguments for ``reverse()`` (``_pk`` when the parameter is ``pk``).

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

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.isolation_objects import (
    MARKER,
    World,
    access_request,
    api_token,
    budget_line,
    certificate,
    computation_run,
    dataset,
    extension,
    incoming,
    intervention,
    invitation,
    local_indicator,
    location_list,
    mentoring,
    microdata_file,
    monitoring_target,
    participant,
    plan_objective,
    plan_version,
    priority_set,
    programme_outcome,
    quarter_report,
    resource,
    session,
    submission,
    trainer,
    training,
    tree_node,
    upload,
    webinar,
    webinar_registration,
    worksheet,
    worksheet_template,
)

__all__ = ["MARKER", "World"]

REGION = "region"
TOKEN = "token"
SHARED = "shared"
NATIONAL_TEAM = "national_team"
MADE_UP_TOKEN = "bukan-token-yang-sah-0000000000"


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


# ---- the registry -----------------------------------------------------------------------


def _pk(make: Callable[[World], Any], name: str = "pk") -> Callable[[World], Target]:
    return lambda w: Target({name: make(w).pk})


def _training_and(
    make: Callable[[World], Any], name: str, attr: str = "pk"
) -> Callable[[World], Target]:
    return lambda w: Target({"pk": training(w).pk, name: getattr(make(w), attr)})


def _tree_version(w: World) -> Target:
    return Target({"pk": tree_node(w).version_id})


def _kab_a_code(w: World) -> Target:
    return Target({"code": w.regions["kab_a"].code})


def _budget_year(w: World) -> Target:
    line = budget_line(w)
    return Target({"code": line.region.code, "year": line.year})


def _monitoring_table(w: World) -> Target:
    target = monitoring_target(w)
    return Target({"code": target.region.code, "year": target.year})


def _monitoring_quarter(w: World) -> Target:
    report = quarter_report(w)
    return Target({"code": report.region.code, "year": report.year, "quarter": report.quarter})


def _monitoring_target_new(w: World) -> Target:
    return Target({"code": monitoring_target(w).region.code})


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
    # budgeting: tagging
    "budgeting:tagging": Entry(_budget_year),
    "budgeting:tagging_bulk": Entry(_budget_year),
    "budgeting:tagging_suggestions": Entry(_budget_year),
    "monitoring:table": Entry(_monitoring_table),
    "monitoring:target_new": Entry(_monitoring_target_new),
    "monitoring:quarter": Entry(_monitoring_quarter),
    "planning:plan_version": Entry(_pk(plan_version)),
    "planning:version_edit": Entry(_pk(plan_version)),
    "planning:version_action": Entry(
        lambda w: Target({"pk": plan_version(w).pk, "action": "ajukan"})
    ),
    "planning:objective_new": Entry(_pk(plan_version)),
    "planning:objective_edit": Entry(_pk(plan_objective)),
    "planning:objective_remove": Entry(_pk(plan_objective)),
    "planning:outcome_new": Entry(
        lambda w: Target(
            {"pk": plan_version(w).pk}, query={"sasaran": str(programme_outcome(w).sasaran_id)}
        )
    ),
    "planning:outcome_edit": Entry(_pk(programme_outcome)),
    "planning:outcome_remove": Entry(_pk(programme_outcome)),
    "planning:intervention_new": Entry(_pk(plan_version)),
    "planning:intervention_edit": Entry(_pk(intervention)),
    "planning:intervention_remove": Entry(_pk(intervention)),
    "planning:sub_kegiatan_search": Entry(
        _pk(plan_version),
    ),
    "planning:sub_kegiatan_pick": Entry(_pk(plan_version)),
    "planning:tree": Entry(_tree_version),
    "planning:tree_node_add": Entry(_tree_version),
    "planning:tree_offer_add": Entry(_tree_version),
    "planning:tree_node_change": Entry(_pk(tree_node)),
    "planning:tree_node_remove": Entry(_pk(tree_node)),
    "planning:plan_download": Entry(lambda w: Target({"pk": plan_version(w).pk, "fmt": "pdf"})),
    # budgeting
    "budgeting:report": Entry(_budget_year),
    "budgeting:chain": Entry(_budget_year),
    "budgeting:download": Entry(lambda w: Target({**_budget_year(w).kwargs, "fmt": "xlsx"})),
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
    "training:session_all_present": Entry(_training_and(session, "session_pk")),
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
    "budgeting:alignment": Entry(lambda w: Target({"code": w.regions["kab_a"].code, "year": 2026})),
    # API (django-ninja); outsiders call it with their own API token
    "api:get_submission": Entry(lambda w: Target({"submission_id": submission(w).pk})),
    "api:approved_priority_set": Entry(
        lambda w: Target({"region_code": w.regions["kab_a"].code, "year": "2024"})
    ),
    "api:budget_report": Entry(
        lambda w: Target({"region_code": budget_line(w).region.code, "year": "2025"})
    ),
    "api:approved_plan": Entry(
        lambda w: Target({"region_code": plan_version(w).plan.region.code, "start_year": "2025"})
    ),
    "api:docs_asset": Entry(
        lambda w: Target({"name": "swagger-ui.css"}),
        kind=SHARED,
        reason="a static file of the API documentation page",
    ),
}

# Pages only the national team opens (central admin, trainer; see NATIONAL_TEAM above).
for _name in (
    "training:edit training:trainer_add training:trainer_remove training:session_new training:session_edit training:session_delete training:send_links training:attendance training:attendance_mark training:session_qr training:session_open training:session_all_present training:tests training:certificates training:certificates_issue training:certificates_email training:certificates_zip training:certificate_pdf training:certificate_revoke training:survey training:mentoring_decide training:mentoring_session access:request access:request_action access:consultation_add access:extension_decide access:worksheet_review priorities:determinants_edit"
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
    "planning:plan_list": (),
    "access:queue": (access_request,),
    "access:expiring": (),
    "access:extensions": (),
    "access:worksheets": (),
    "training:index": (training,),
    "training:mentoring": (mentoring,),
    "training:webinar_list": (),
    "api:list_observations": (),
}
